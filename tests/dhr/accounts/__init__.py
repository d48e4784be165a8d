"""Sign-in hardening: lockout after failed sign-ins, two-factor authentication, idle sessions."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]

# Kept from the caller's environment: what a Python process needs to start, nothing that could
# change a setting.
_PASS_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def production_settings(names: list[str], environment: dict[str, str], var_dir: Path) -> dict:
    """The values of the named settings of dhr.settings in a fresh process with environment.

    Only what the environment sets changes: DEBUG is off unless given, and the database and
    broker point at addresses nothing is asked of (reading settings connects to nothing).
    """
    env = {name: os.environ[name] for name in _PASS_THROUGH if name in os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "dhr.settings",
            "DEBUG": "false",
            "SECRET_KEY": "a-settings-test-key-that-is-long-enough-for-the-checks",
            "DATABASE_URL": "postgres://dhr:not-a-password@127.0.0.1:1/dhr",
            "CELERY_BROKER_URL": "redis://localhost:6379/0",
            "DHR_VAR_DIR": str(var_dir),
            "PYTHONDONTWRITEBYTECODE": "1",
            **environment,
        }
    )
    script = (
        "import json, sys\n"
        "from django.conf import settings\n"
        "print(json.dumps({n: str(getattr(settings, n)) for n in sys.argv[1:]}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *names],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
