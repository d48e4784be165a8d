"""Django's deployment checklist (`manage.py check --deploy`) passes with production settings.

The check runs in a subprocess with dhr.settings (not the test settings) and an environment like
the one docker-compose.yml gives the containers: DEBUG off, a long random SECRET_KEY, a real host
name, a PostgreSQL DATABASE_URL and a Redis broker. Nothing needs to be listening at those
addresses: the deploy checks only read settings, so the database URL points at a closed port,
which would make any attempt to connect fail the test.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Kept from the caller's environment: what a Python process needs to start, nothing that could
# change a setting.
_PASS_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def production_environment(var_dir: Path) -> dict[str, str]:
    env = {name: os.environ[name] for name in _PASS_THROUGH if name in os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "dhr.settings",
            # Explicit: the quick start's .env (DEBUG=true) is loaded by the settings, but only
            # for variables that the environment does not set already.
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "dhr.example.org",
            "DATABASE_URL": "postgres://dhr:not-a-password@127.0.0.1:1/dhr",
            "CELERY_BROKER_URL": "redis://localhost:6379/0",
            "SITE_URL": "https://dhr.example.org",
            # Local state (media, beat schedule...) goes to the test's folder, not the repo's var/.
            "DHR_VAR_DIR": str(var_dir),
            "STATIC_ROOT": str(var_dir / "staticfiles"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output
