"""Benchmark of the web tier at national scale (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/web.py [--quick]

Against the dataset of `bench/webdata.py` (1,000,000 enterprises, generated once and kept), it
starts the production stack as the README describes it: gunicorn with `gunicorn.conf.py`
(2 workers x 4 threads, preload and warm-up), `DEBUG=0`, static files collected and served by
WhiteNoise, plus the two measuring switches (`KARSAZ_QUERY_COUNT=1`, `KARSAZ_BENCH_FLOOR=1`).
It signs in users of several roles (national and provincial officers, an SME owner, a buyer, a
financier, a consultant, and 40 national officers whose sessions the API lists take in turn:
the API throttles each user to 600 requests a minute, and 32 connections of one user are not
32 users), then, in one run:

1. cold start: right after start, each of the slowest-to-load pages 8 times, one new connection
   each; gunicorn's access log gives each worker's first latency, set against the median of
   the page's other requests there. A worker pays a cold start if its first request took over
   3 times that median and over 100 ms more;
2. queries per request: `X-Query-Count` of each page at two row counts (another page of the
   list, a smaller filter, another record or user), which must be equal (each the fewest of 4
   requests: a worker's first also fills its caches);
3. closed loop: Debian's `wrk` (`scripts/ensure-system-deps wrk`; `bench/web.lua` sets the
   cookies) at 32 connections on each page, and on the floor page (`/bench/floor/`, signed in,
   the base template and nothing else) before and after the pages: each page's throughput as a
   ratio of the floor's (their mean);
4. fixed rate: an open-loop sender at half the floor's throughput, each page in turn; latency
   is measured from each request's scheduled send time (no coordinated omission: a request
   that waits for a free connection counts its wait).

Targets (issue 16): every page at least 0.5 of the floor's throughput; p95 under 150 ms at the
fixed rate; queries per request constant in the rows; zero errors (any answer but 200, socket
errors, timeouts); no worker pays a cold start. `--quick`: 10 pages, 10 s for each phase of each.
The last line is one JSON object. Nothing is written to the repository.
"""

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import webdata

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
RATIO_TARGET = 0.5
P95_TARGET_MS = 150.0
COLD_FACTOR, COLD_MARGIN_S = 3.0, 0.1
API_USERS = 40


@dataclass
class Page:
    name: str
    role: str  # whose session: a bench user's role, or "api" (the API users in turn)
    url: str
    variant: str | None  # the same page at another row count, for queries per request
    hx: bool = False
    variant_role: str | None = None  # the variant seen by another user (fewer rows)
    quick: bool = False
    cold: bool = False  # among the pages the cold-start check requests first


def targets() -> dict[str, Any]:
    """The rows the pages show: ids picked from the dataset, the same every run."""
    from django.db.models import Count

    from karsaz.clinics.models import Case
    from karsaz.events.models import Event
    from karsaz.finance.models import Invoice
    from karsaz.registry.models import Enterprise
    from karsaz.technology.models import TechnologyNeed

    by_supplier = (
        Invoice.objects.values("supplier_id").annotate(n=Count("id")).order_by("-n", "supplier_id")
    )
    busiest = by_supplier.first()
    quietest = by_supplier.order_by("n", "supplier_id").first()
    assert busiest and quietest
    needs = list(TechnologyNeed.objects.order_by("id").values_list("id", flat=True)[:2])
    event = Event.objects.get(name_fa__startswith=webdata.EVENT_NAME[:10])
    return {
        "busiest_supplier": busiest["supplier_id"],
        "quietest_supplier": quietest["supplier_id"],
        "firm": busiest["supplier_id"],
        "other_firm": Enterprise.objects.order_by("-id").values_list("id", flat=True).first(),
        "needs": needs,
        "event": event.pk,
        "cases": Case.objects.count(),
    }


def q(text: str) -> str:
    return urllib.parse.quote_plus(text)


def pages(t: dict[str, Any]) -> list[Page]:
    need, other_need = t["needs"]
    return [
        Page("floor", "national", "/bench/floor/", None, quick=True),
        Page("registry_list", "national", "/registry/", "/registry/?page=2",
             quick=True, cold=True),
        Page("registry_search", "national", f"/registry/?q={q('پارس')}",
             f"/registry/?q={q('پارس کیمیا')}", quick=True, cold=True),
        Page("registry_detail", "national", f"/registry/{t['firm']}/",
             f"/registry/{t['other_firm']}/", quick=True),
        Page("technology_browse", "national", "/technology/", "/technology/?page=3",
             quick=True, cold=True),
        Page("technology_search", "national", f"/technology/capabilities/?q={q('انرژی')}",
             f"/technology/capabilities/?q={q('رباتیک جوشکاری')}", cold=True),
        Page("need_detail", "national", f"/technology/needs/{need}/",
             f"/technology/needs/{other_need}/"),
        Page("need_suggestions", "national", f"/technology/suggestions/need/{need}/",
             f"/technology/suggestions/need/{other_need}/", hx=True, quick=True, cold=True),
        Page("events_schedule", "national", f"/events/{t['event']}/schedule/", None, quick=True),
        Page("events_participants", "national", f"/events/{t['event']}/participants/",
             f"/events/{t['event']}/participants/?page=2"),
        Page("finance_workspace_sme", "sme", "/finance/", "/finance/", variant_role="sme-quiet",
             quick=True),
        Page("finance_workspace_buyer", "buyer", "/finance/", None),
        Page("finance_workspace_financier", "financier", "/finance/", None),
        Page("finance_invoices", "national", "/finance/invoices/", "/finance/invoices/?page=2"),
        Page("clinics_provincial", "provincial", "/clinics/", "/clinics/?page=2", quick=True),
        Page("clinics_consultant", "consultant", "/clinics/", "/clinics/?page=2"),
        Page("api_enterprises", "api", "/api/v1/enterprises/", "/api/v1/enterprises/?page=2",
             quick=True),
        Page("api_needs", "api", "/api/v1/needs/", "/api/v1/needs/?page=2"),
        Page("api_capabilities", "api", "/api/v1/capabilities/", "/api/v1/capabilities/?page=2"),
        Page("api_invoices", "api", "/api/v1/finance/invoices/",
             "/api/v1/finance/invoices/?page=2"),
        Page("api_clinic_cases", "api", "/api/v1/clinic-cases/", "/api/v1/clinic-cases/?page=2"),
        Page("api_events", "api", "/api/v1/events/", None),
    ]  # fmt: skip


# -- sessions -----------------------------------------------------------------------------------


def sessions(t: dict[str, Any]) -> dict[str, list[str]]:
    """Cookie headers by role, signed in through Django's own login (the sessions are stored in
    the dataset's database, which the server reads). `sme-quiet`: an SME owner of the supplier
    with the fewest invoices, the workspace's other row count."""
    from django.test import Client

    from karsaz.accounts.choices import AgencyRole
    from karsaz.accounts.models import User
    from karsaz.registry.choices import MembershipRole
    from karsaz.registry.models import Membership

    def cookie(user: Any) -> str:
        client = Client()
        client.force_login(user)
        morsel = client.cookies["sessionid"]
        return f"{morsel.key}={morsel.value}"

    out = {role: [cookie(User.objects.get(username=f"bench-{role}"))] for role in webdata.USERS}
    quiet, _ = User.objects.get_or_create(username="bench-sme-quiet")
    Membership.objects.get_or_create(
        user=quiet, enterprise_id=t["quietest_supplier"], defaults={"role": MembershipRole.OWNER}
    )
    out["sme-quiet"] = [cookie(quiet)]
    out["api"] = []
    for n in range(API_USERS):
        user, _ = User.objects.get_or_create(
            username=f"bench-api-{n}", defaults={"agency_role": AgencyRole.NATIONAL_STAFF}
        )
        out["api"].append(cookie(user))
    return out


def cookies_for(page: Page, jar: dict[str, list[str]], *, variant: bool = False) -> list[str]:
    return jar[page.variant_role or page.role] if variant else jar[page.role]


# -- the server ---------------------------------------------------------------------------------


def server_env(port: int) -> dict[str, str]:
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "karsaz.settings",
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions above were signed with it
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "WHITENOISE_USE_FINDERS": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "KARSAZ_QUERY_COUNT": "1",
        "KARSAZ_BENCH_FLOOR": "1",
        "GUNICORN_BIND": f"{HOST}:{port}",
    }
    return env


class Server:
    """gunicorn from the repository root (so it reads gunicorn.conf.py), access log to a file
    with each request's worker and duration (the cold-start check reads it)."""

    def __init__(self, port: int, logdir: Path) -> None:
        self.port = port
        self.access = logdir / "access.log"
        self.errors = logdir / "error.log"
        env = server_env(port)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "--access-logfile", str(self.access),
                "--access-logformat", "%(p)s %(L)s %(s)s %(U)s?%(q)s",
                "--error-logfile", str(self.errors),
            ],
            cwd=ROOT, env=env,
        )  # fmt: skip
        self.start_s = self._wait_ready(t0)

    def _wait_ready(self, t0: float, limit: float = 900.0) -> float:
        while time.perf_counter() - t0 < limit:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited: {self.errors.read_text()[-2000:]}")
            try:
                status, _headers, _ms = get(self.port, "/healthz", None)
                if status == 200:
                    return round(time.perf_counter() - t0, 1)
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer /healthz")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def get(port: int, url: str, cookie: str | None, hx: bool = False) -> tuple[int, Any, float]:
    """One request on a new connection: status, headers, milliseconds."""
    headers = {"Accept-Language": "fa"}
    if cookie:
        headers["Cookie"] = cookie
    if hx:
        headers["HX-Request"] = "true"
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    t0 = time.perf_counter()
    try:
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.headers, (time.perf_counter() - t0) * 1000
    finally:
        conn.close()


# -- phases -------------------------------------------------------------------------------------


def cold_start(server: Server, chosen: list[Page], jar: dict[str, list[str]]) -> dict[str, Any]:
    """Each cold page 8 times on new connections, one after another, straight after start.
    From the access log, per page: each worker's (pid's) first latency, and the median of the
    page's other requests (warm and unloaded: the steady state)."""
    sent = []
    for page in chosen:
        for _ in range(8):
            status, _h, _ms = get(server.port, page.url, jar[page.role][0], page.hx)
            sent.append((page.name, status))
    time.sleep(1.0)  # the access log is written after the response
    url_to_page = {p.url if "?" in p.url else f"{p.url}?": p.name for p in chosen}
    firsts: dict[str, dict[str, float]] = {}
    rest: dict[str, list[float]] = {}
    for line in server.access.read_text().splitlines():
        match = re.match(r"<(\d+)> ([\d.]+) (\d+) (\S+)", line)
        if not match or match.group(4) not in url_to_page:
            continue
        name, pid, seconds = url_to_page[match.group(4)], match.group(1), float(match.group(2))
        if pid in firsts.setdefault(name, {}):
            rest.setdefault(name, []).append(seconds)
        else:
            firsts[name][pid] = seconds
    out = {}
    for name, by_pid in firsts.items():
        steady = statistics.median(rest[name]) if rest.get(name) else None
        worst = max(by_pid.values())
        out[name] = {
            "first_ms_by_worker": {pid: round(s * 1000, 1) for pid, s in by_pid.items()},
            "steady_p50_ms": round(steady * 1000, 1) if steady is not None else None,
            "paid": steady is not None
            and worst > COLD_FACTOR * steady
            and worst - steady > COLD_MARGIN_S,
        }
    return {"pages": out, "not_200": sum(1 for _n, s in sent if s != 200)}


def queries(port: int, page: Page, jar: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, url, variant in (("a", page.url, False), ("b", page.variant, True)):
        if url is None:
            continue
        # The fewest of 4 requests: the first on a worker also fills its per-process caches
        # (a filter form's choices), whichever page of the list it asks for.
        counts, statuses = [], set()
        for _ in range(4):
            status, headers, _ms = get(
                port, url, cookies_for(page, jar, variant=variant)[0], page.hx
            )
            counts.append(int(headers.get("X-Query-Count", -1)))
            statuses.add(status)
        out[key] = min(counts)
        out[f"counts_{key}"] = counts
        out[f"status_{key}"] = max(statuses)
    out["constant"] = out["a"] == out["b"] if "b" in out else None
    return out


def closed_loop(port: int, page: Page, jar: dict[str, list[str]], seconds: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "KARSAZ_COOKIES": "|".join(jar[page.role]),
        "KARSAZ_HX": "1" if page.hx else "0",
    }
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "10s"]
    cmd += ["-s", str(ROOT / "bench" / "web.lua"), f"http://{HOST}:{port}{page.url}"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    settle(port)
    line = next(line for line in out.splitlines() if line.startswith("KARSAZ "))
    got = json.loads(line[len("KARSAZ ") :])
    rps = got["requests"] / (got["duration_us"] / 1e6)
    errors = got["not_200"] + got["socket_errors"] + got["timeouts"]
    return {
        "requests": got["requests"],  # answered within the run (wrk counts no request in flight)
        "rps": round(rps, 1),
        "p50_ms": round(got["p50_us"] / 1000, 1),
        "p99_ms": round(got["p99_us"] / 1000, 1),
        "errors": errors,
        "statuses": sorted(set(got["statuses"].split())),
    }


def fixed_rate(
    port: int, page: Page, jar: dict[str, list[str]], rate: float, seconds: int
) -> dict[str, Any]:
    """An open-loop sender: request i is due at start + i / rate; a pool of 64 threads with one
    kept-alive connection each sends it when due (or as soon as a thread is free), and its
    latency runs from the due time, so a server that falls behind is charged for the wait."""
    cookies = jar[page.role]
    n = max(1, int(rate * seconds))
    due: queue.Queue[tuple[int, float] | None] = queue.Queue()
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    headers = {"Accept-Language": "fa", **({"HX-Request": "true"} if page.hx else {})}

    def send() -> None:
        conn: http.client.HTTPConnection | None = None
        while (item := due.get()) is not None:
            i, at = item
            wait = at - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            if time.perf_counter() > give_up:
                with lock:  # never sent: its latency is at least this (a lower bound)
                    latencies.append((give_up - at) * 1000)
                    unsent.append(i)
                continue
            status = 0
            try:
                conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
                conn.request(
                    "GET", page.url, headers={**headers, "Cookie": cookies[i % len(cookies)]}
                )
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn = None
            done = time.perf_counter()
            with lock:
                latencies.append((done - at) * 1000)
                if status != 200:
                    errors.append(status)

    threads = [threading.Thread(target=send, daemon=True) for _ in range(64)]
    start = time.perf_counter() + 0.5
    # A page far slower than the rate would take minutes to drain its backlog: requests not
    # sent by twice the run's length are given up and counted from their due time to then.
    give_up = start + 2 * seconds
    unsent: list[int] = []
    for i in range(n):
        due.put((i, start + i / rate))
    for thread in threads:
        due.put(None)
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "rate": round(rate, 1),
        "requests": n,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "errors": len(errors),
        "statuses": sorted(set(errors)),  # 0: no answer (socket error or 30 s timeout)
        "given_up": len(unsent),
    }


def settle(port: int, limit: float = 240.0) -> float:
    """Waits until the server has drained what a finished run left queued (requests its client
    gave up on still run to the end): three quick /healthz in a row. Returns the seconds."""
    t0, quick = time.perf_counter(), 0
    while time.perf_counter() - t0 < limit and quick < 3:
        try:
            _status, _headers, ms = get(port, "/healthz", None)
        except OSError:
            ms = float("inf")
        quick = quick + 1 if ms < 50 else 0
        time.sleep(0.5)
    return round(time.perf_counter() - t0, 1)


# -- the run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 pages, 10 s for each phase")
    parser.add_argument("--seconds", type=int, help="each wrk run and each fixed-rate run")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--scale", type=float, default=1.0, help="the dataset (bench/webdata.py)")
    args = parser.parse_args()
    seconds = args.seconds or (10 if args.quick else 30)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: scripts/ensure-system-deps wrk")
    data = webdata.ensure(scale=args.scale)
    t = targets()
    chosen = [p for p in pages(t) if p.quick or not args.quick]
    jar = sessions(t)
    from django.db import connections

    connections.close_all()
    summary: dict[str, Any] = {
        "database": data["database"],
        "rows": webdata.counts(),
        "mode": "quick" if args.quick else "full",
        "seconds": seconds,
        "server": {
            k: os.environ.get(f"GUNICORN_{k.upper()}", d)
            for k, d in (("workers", "2"), ("threads", "4"))
        },
    }
    print(f"rows: {summary['rows']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="karsaz-web-") as logdir:
        server = Server(args.port, Path(logdir))
        try:
            summary["server"]["start_s"] = server.start_s
            print(f"gunicorn ready in {server.start_s} s", flush=True)
            cold = cold_start(server, [p for p in chosen if p.cold], jar)
            per: dict[str, dict[str, Any]] = {p.name: {"url": p.url} for p in chosen}
            for page in chosen:
                per[page.name]["queries"] = queries(args.port, page, jar)
            floor_page = chosen[0]
            floors = [closed_loop(args.port, floor_page, jar, seconds)]
            print(f"floor: {floors[0]}", flush=True)
            for page in chosen[1:]:
                per[page.name]["closed"] = closed_loop(args.port, page, jar, seconds)
                print(f"{page.name}: {per[page.name]['closed']}", flush=True)
            floors.append(closed_loop(args.port, floor_page, jar, seconds))
            floor_rps = statistics.mean(f["rps"] for f in floors)
            summary["floor"] = {"rps_before": floors[0]["rps"], "rps_after": floors[1]["rps"]}
            rate = floor_rps / 2
            for page in chosen:
                per[page.name]["fixed"] = fixed_rate(args.port, page, jar, rate, seconds)
                settle(args.port)
                print(f"{page.name} at {rate:.0f}/s: {per[page.name]['fixed']}", flush=True)
        finally:
            server.stop()
        errors_log = server.errors.read_text()
    summary["floor"]["rps"] = round(floor_rps, 1)
    summary["fixed_rate"] = round(rate, 1)

    met: dict[str, bool] = {}
    for page in chosen:
        row = per[page.name]
        if "closed" in row:
            row["ratio"] = round(row["closed"]["rps"] / floor_rps, 3)
        if page.name in cold["pages"]:
            row["cold"] = cold["pages"][page.name]
        row["errors"] = row.get("closed", {}).get("errors", 0) + row["fixed"]["errors"]
        row["errors"] += sum(
            1 for k in ("status_a", "status_b") if row["queries"].get(k, 200) != 200
        )
        if page.name != "floor":
            met[f"{page.name}_ratio"] = row["ratio"] >= RATIO_TARGET
        met[f"{page.name}_p95"] = row["fixed"]["p95_ms"] < P95_TARGET_MS
        if row["queries"]["constant"] is not None:
            met[f"{page.name}_queries_constant"] = row["queries"]["constant"]
        met[f"{page.name}_no_errors"] = row["errors"] == 0
        if "cold" in row:
            met[f"{page.name}_no_cold_start"] = not row["cold"]["paid"]
        print(f"{page.name}: {row}", flush=True)
    summary["cold_start_not_200"] = cold["not_200"]
    summary["server_errors_logged"] = errors_log.count("Traceback")
    summary["pages"] = per
    summary["targets_met"] = met
    summary["target_met"] = all(met.values())
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
