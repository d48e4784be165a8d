"""Gunicorn's settings in the container image (``gunicorn --config docker/gunicorn.conf.py``).

The values read from environment variables can be changed without rebuilding; docker-compose.yml
passes WEB_CONCURRENCY (add any other there).
"""

import os

# Listen on every interface of the container; docker-compose decides what is published.
bind = f"0.0.0.0:{os.environ.get('PORT') or '8000'}"

# Synchronous workers. Gunicorn suggests (2 x CPUs) + 1; 3 suits a small partnership's traffic.
workers = int(os.environ.get("WEB_CONCURRENCY") or "3")
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or "30")
graceful_timeout = 20
# Recycle workers now and then, so a slow leak can never build up.
max_requests = 1000
max_requests_jitter = 100

# Workers' heartbeat files in memory (Docker's /dev/shm tmpfs), not on the container's overlay
# disk, where a slow write can make gunicorn think a worker hangs.
worker_tmp_dir = "/dev/shm"  # noqa: S108

# No control socket: nothing here uses gunicornc, and it would be written into the home folder.
control_socket_disable = True

# Errors to stderr, which docker collects. No access log: request lines carry query strings, and
# the application keeps personal data out of its logs (see LOGGING in dhr/settings.py). The
# reverse proxy in front is the place for access logs, if the operator wants them.
errorlog = "-"
accesslog = None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"

# Which peers gunicorn believes when they say, with X-Forwarded-Proto: https, that the client
# used HTTPS (gunicorn then reports the request as https to Django). Only the container itself by
# default: that is what lets docker/healthcheck.py reach /healthz without the HTTPS redirect,
# while no other peer can claim HTTPS this way. Requests through the reverse proxy are handled by
# Django's TRUST_X_FORWARDED_PROTO instead (docker-compose.yml).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"


# Load the application once, in the master process, and fork the workers from it (warm: see
# ``pre_fork``). A worker replaced after its ``max_requests`` then starts in milliseconds with
# everything loaded, instead of importing the application and compiling each template again
# inside the requests it serves first; and the workers share the loaded code's memory pages.
# (So a HUP restarts the workers without reading new code: a release replaces the container.)
preload_app = True


def pre_fork(server, worker):
    """In the master, before each worker is forked (the first time only): import every view
    (the URL patterns), compile every template, then put everything loaded so far out of the
    garbage collector's reach (``gc.freeze``). Those objects live as long as the process, yet
    a full collection walks every one of them: about 80 ms, in the middle of somebody's
    request, once every sixty or so chronology pages (``tests/perf/profile_page.py`` counts
    the collections). Frozen before the fork, the workers' collections walk only what requests
    leave behind, and never touch (so never copy) the shared pages."""
    global _warmed
    if _warmed:
        return
    import gc

    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the views)
    _compile_templates()
    connections.close_all()  # nothing opened here may be shared by the workers
    gc.collect()
    gc.freeze()
    _warmed = True


_warmed = False


def _compile_templates():
    """Every template of both engines into their caches (Django's cached loader; the Jinja2
    rows engine's ``*.jinja``)."""
    from pathlib import Path

    from django.template import engines
    from django.template.backends.jinja2 import Jinja2

    for engine in engines.all():
        suffixes = (".jinja",) if isinstance(engine, Jinja2) else (".html", ".txt")
        for folder in map(Path, engine.template_dirs):
            for path in folder.rglob("*"):
                if path.suffix in suffixes and path.is_file():
                    try:
                        engine.get_template(path.relative_to(folder).as_posix())
                    except Exception:  # noqa: S112 (not a template after all: left to its page)
                        continue
