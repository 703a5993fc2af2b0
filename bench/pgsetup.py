"""What every PostgreSQL benchmark needs: the server from DATABASE_URL, admin statements on its
`postgres` database, Django pointed at a benchmark database, and pgbench's TPS as the baseline.
(Benchmarks run as scripts from `bench/`, so they import this module by its plain name.)

Run by itself, it measures the machine's floor that the other PostgreSQL benchmarks divide by:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/pgsetup.py

pgbench's TPS at 1 and 8 clients on a scratch database, the last line one JSON object."""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def server() -> dict[str, str]:
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return {
        "host": url.hostname or "127.0.0.1",
        "port": str(url.port or 5432),
        "user": url.username or "postgres",
    }


def _connect():  # type: ignore[no-untyped-def]
    import psycopg

    s = server()
    return psycopg.connect(
        host=s["host"], port=s["port"], user=s["user"], dbname="postgres", autocommit=True
    )


def admin(sql: str) -> None:
    with _connect() as conn:
        conn.execute(sql)


def exists(db: str) -> bool:
    with _connect() as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        return row is not None


def django(db: str, root: Path | str = ROOT) -> None:
    """Point Django at `db` on the same server and set it up (the test settings). `root`: the
    tree whose `karsaz` package is imported (another commit's code, for a same-run baseline)."""
    s = server()
    os.environ["DATABASE_URL"] = f"postgres://{s['user']}@{s['host']}:{s['port']}/{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karsaz.settings_test")
    os.environ["CONN_MAX_AGE"] = "600"
    sys.path.insert(0, str(root))
    import django as django_

    django_.setup()


def pgbench(clients: int, seconds: int, db: str) -> float:
    """pgbench's TPS at `clients` on `db` (initialised by the caller with `pgbench -i`)."""
    s = server()
    base = ["-h", s["host"], "-p", s["port"], "-U", s["user"]]
    cmd = ["pgbench", *base, "-c", str(clients), "-j", str(clients), "-T", str(seconds)]
    out = subprocess.run([*cmd, db], capture_output=True, text=True, check=True).stdout
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    if not match:
        match = re.search(r"tps = ([\d.]+)", out)
    assert match, out
    return float(match.group(1))


SCRATCH_DB = "karsaz_bench_pgsetup"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="each pgbench run")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()
    s = server()
    if not exists(SCRATCH_DB):
        admin(f'CREATE DATABASE "{SCRATCH_DB}"')
    base = ["-h", s["host"], "-p", s["port"], "-U", s["user"]]
    subprocess.run(["pgbench", *base, "-i", "-q", SCRATCH_DB], capture_output=True, check=True)
    tps = {str(c): round(pgbench(c, args.seconds, SCRATCH_DB), 1) for c in args.clients}
    for clients, value in tps.items():
        print(f"pgbench at {clients} clients: {value} TPS")
    with _connect() as conn:
        server_version = str(conn.execute("SHOW server_version").fetchone()[0])
    figures = {
        "server": f"{s['host']}:{s['port']}",
        "server_version": server_version,
        "seconds": args.seconds,
        "pgbench_tps": tps,
        # A floor, not a target: the other benchmarks report their throughput against it.
        "target_met": None,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
