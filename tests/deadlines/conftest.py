"""Fixtures of the deadline tests: the cast of ``tests/cases`` and a frozen London clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dhr.roles import Role
from tests.cases.factories import Cast
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def london(year, month, day, hour=9, minute=0) -> datetime:
    """A moment on a London wall clock."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def cast(review_manager, chair, agency, agency_member):
    """Rita Manager (Swale), Chris Chair, and Kent Police with its member Andy Agency."""
    return Cast(manager=review_manager, chair=chair, agency=agency, agency_member=agency_member)


@pytest.fixture
def clock():
    """Time stands still at 1 June 2026, 09:00 in London, until moved on (``clock.move_to``)."""
    with time_machine.travel(london(2026, 6, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def medway_manager(db):
    """A review manager of another partnership (Medway)."""
    medway = PartnershipFactory(name="Medway", code="MED")
    return UserFactory(full_name="Morgan Medway", role=Role.REVIEW_MANAGER, partnerships=[medway])


@pytest.fixture
def outsider(db):
    """A member of an agency that has nothing to do with the reviews of the test."""
    return UserFactory(
        full_name="Olive Outsider",
        role=Role.AGENCY_MEMBER,
        agency=AgencyFactory(name="Uninvolved Trust"),
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
