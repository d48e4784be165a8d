import os
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

# Registers the action plan's preparations of walked reviews (QA and closing need a plan).
import tests.actionplans.factories
from dhr.accounts.roles import Role
from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory

import tests.publications.factories  # noqa: F401  isort: skip

# Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls from a
# thread with a running loop unless told this is safe. Tests only: never set in production.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LONDON = ZoneInfo("Europe/London")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def running_in_ci() -> bool:
    """Any non-empty ``CI`` means CI (services set "true", "1", "yes" or their own words), as
    in ``.ci/run``: there a browser test that cannot run fails instead of being skipped."""
    return bool(os.environ.get("CI"))


def require_chromium() -> None:
    """Fails (in CI) or skips (elsewhere) when Debian's Chromium is missing."""
    if not shutil.which(CHROMIUM):
        if running_in_ci():
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed it")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser. In CI a missing Chromium fails the run."""
    require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (each test process's memory): nothing one test kept
    (a chronology's month counts, a dashboard snapshot) is read by the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _outbox_sends_in_process(settings):
    """E-mail goes through the outbox (dhr.mail), as in production: a row in the transaction
    that causes it. pytest-django swaps EMAIL_BACKEND for its in-memory one, so it is put back
    here; after commit the row is sent in the test's process (no worker) into ``mail.outbox``."""
    settings.EMAIL_BACKEND = "dhr.mail.backend.OutboxBackend"
    settings.DHR_EMAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
    settings.DHR_MAIL_SEND_IN_PROCESS = True


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Swale", code="SWA")


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Kent Police")


@pytest.fixture
def administrator(db):
    return UserFactory(full_name="Alex Admin", email="admin@example.org", role=Role.ADMINISTRATOR)


@pytest.fixture
def review_manager(db, partnership):
    return UserFactory(
        full_name="Rita Manager", role=Role.REVIEW_MANAGER, partnerships=[partnership]
    )


@pytest.fixture
def agency_member(db, agency):
    return UserFactory(full_name="Andy Agency", role=Role.AGENCY_MEMBER, agency=agency)


@pytest.fixture
def chair(db):
    return UserFactory(full_name="Chris Chair", role=Role.CHAIR)


@pytest.fixture
def steering_member(db, partnership):
    return UserFactory(
        full_name="Sam Steering", role=Role.STEERING_GROUP, partnerships=[partnership]
    )


@pytest.fixture
def users_by_role(administrator, review_manager, agency_member, chair, steering_member):
    return {
        Role.ADMINISTRATOR: administrator,
        Role.REVIEW_MANAGER: review_manager,
        Role.AGENCY_MEMBER: agency_member,
        Role.CHAIR: chair,
        Role.STEERING_GROUP: steering_member,
    }


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def london(year, month, day, hour=9, minute=0) -> datetime:
    """A moment on a London wall clock."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def clock():
    """Time stands still at 1 June 2026, 09:00 in London, until moved on (``clock.move_to``)."""
    with time_machine.travel(london(2026, 6, 1), tick=False) as traveller:
        yield traveller
