"""Fixtures shared by the review tests (the people come from ``tests/conftest.py``)."""

import pytest

from dhr.accounts.roles import Role
from tests.cases.factories import Cast, outsider_of_another_agency
from tests.dhr.factories import PartnershipFactory, UserFactory


@pytest.fixture
def cast(review_manager, chair, agency, agency_member):
    """Rita Manager, Chris Chair, and Kent Police with its member Andy Agency, ready to walk
    reviews with ``cast.walk_to`` and ``cast.ready_for``."""
    return Cast(manager=review_manager, chair=chair, agency=agency, agency_member=agency_member)


@pytest.fixture
def medway_manager(db):
    """Morgan Medway, a review manager of another partnership (Medway, MED)."""
    medway = PartnershipFactory(name="Medway", code="MED")
    return UserFactory(full_name="Morgan Medway", role=Role.REVIEW_MANAGER, partnerships=[medway])


@pytest.fixture
def manager_client(client, review_manager):
    client.force_login(review_manager)
    return client


@pytest.fixture
def outsider(db):
    """A member of an agency that has nothing to do with the reviews of the test."""
    return outsider_of_another_agency()


@pytest.fixture
def media_root(settings, tmp_path):
    """Each test stores its uploaded files in its own folder, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
