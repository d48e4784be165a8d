"""Every environment variable the settings read is documented in the README's table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_is_in_the_readme():
    source = "".join(path.read_text() for path in (ROOT / "dhr").glob("settings*.py"))
    used = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert used, "no variables found: the pattern no longer matches the settings"
    assert used - documented == set()
    assert documented - used == set()


def test_the_apps_database_sessions_plan_for_memory_not_for_a_spinning_disk(db):
    """JIT off and random_page_cost 1.1 on every connection (dhr/settings.py says why)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
