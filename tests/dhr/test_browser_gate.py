"""Browser tests fail, never skip, in CI when Chromium is missing: any non-empty ``CI`` is CI
(services set "true", "1", "yes" or their own words), in ``tests/conftest.py`` and ``.ci/run``
alike."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests import conftest

CI_RUN = Path(settings.BASE_DIR) / ".ci" / "run"


@pytest.mark.parametrize("value", ["true", "1", "yes", "True", "github-actions"])
def test_any_non_empty_ci_is_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert conftest.running_in_ci()


def test_an_empty_or_absent_ci_is_not_ci(monkeypatch):
    monkeypatch.setenv("CI", "")
    assert not conftest.running_in_ci()
    monkeypatch.delenv("CI")
    assert not conftest.running_in_ci()


@pytest.mark.parametrize("value", ["1", "yes"])
def test_a_missing_chromium_fails_in_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="is missing"):
        conftest.require_chromium()


def test_a_missing_chromium_skips_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        conftest.require_chromium()


def _ci_run_chromium_check(ci: str, chromium: str) -> int:
    """The exit status of .ci/run's Chromium check (its lines, run alone), with ``CI`` set to
    ``ci`` and Chromium looked for at ``chromium``."""
    lines = CI_RUN.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "! -x /usr/bin/chromium" in line)
    check = "\n".join(lines[start : start + 4]).replace("/usr/bin/chromium", chromium)
    assert check.rstrip().endswith("fi")
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail\n{check}\nexit 0"],
        env={"CI": ci, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=False,
    ).returncode


def test_ci_run_stops_without_chromium_for_any_ci_value(tmp_path):
    nowhere = str(tmp_path / "no-chromium")
    assert _ci_run_chromium_check("1", nowhere) == 1
    assert _ci_run_chromium_check("yes", nowhere) == 1
    assert _ci_run_chromium_check("true", nowhere) == 1
    assert _ci_run_chromium_check("", nowhere) == 0
