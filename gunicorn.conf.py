"""Gunicorn's settings for Karsaz (`.venv/bin/gunicorn` reads this file from the working
directory; the README's Production section).

Defaults are for the 2-core machine of a provincial office: 2 worker processes of 4 threads
each (a page mostly waits on PostgreSQL, so threads overlap the waits; processes use both cores).
The application is preloaded in the master, which then loads what every request would otherwise
load on its first use (`karsaz.core.warmup`: the URLconf, templates, the technology encoder and
match indexes) before forking: workers start warm and share those pages.

Every setting can be changed from the environment:
GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2), GUNICORN_THREADS (4),
GUNICORN_TIMEOUT (60 s), GUNICORN_PRELOAD (1; with 0 each worker loads and warms up itself),
GUNICORN_MAX_REQUESTS (0: never recycle a worker), GUNICORN_ACCESS_LOG ("-": stdout; "" off).
"""

import os

# One BLAS thread per process: numpy's matrix products in the matcher would otherwise start a
# thread per core in every worker thread, and 2 workers x 4 threads would fight over 2 cores.
# Set before the application (and numpy) is imported; the workers inherit it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

wsgi_app = "karsaz.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None


def _warm_up(log) -> None:  # type: ignore[no-untyped-def]
    from karsaz.core.warmup import warm_up

    log.info("Karsaz warmed up (seconds by part): %s", warm_up())


def when_ready(server) -> None:  # type: ignore[no-untyped-def]
    """In the master, after the preload and before the first fork."""
    if preload_app:
        _warm_up(server.log)


def post_worker_init(worker) -> None:  # type: ignore[no-untyped-def]
    """Without the preload each worker warms itself up before it accepts a request."""
    if not preload_app:
        _warm_up(worker.log)
