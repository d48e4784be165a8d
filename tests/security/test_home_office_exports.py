"""No Home Office export or submission pack holds a restricted value (DESIGN.md 5): each file
is unzipped and searched for the victim's identity, the family and the circumstances."""

import io
import zipfile

import pytest
from django.urls import reverse

from tests.security.conftest import (
    ADMINISTRATOR,
    FAMILY_CONTACT_SUMMARY,
    FAMILY_MEMBER_NAME,
    MANAGER,
    VICTIM,
    sign_in,
)

pytestmark = pytest.mark.django_db

RESTRICTED = [
    VICTIM.real_name,
    VICTIM.address,
    VICTIM.date_of_birth.strftime("%d/%m/%Y"),
    VICTIM.date_of_birth.isoformat(),
    FAMILY_MEMBER_NAME,
    FAMILY_CONTACT_SUMMARY,
]


def _texts(content: bytes) -> list[str]:
    """Every part of a zip (an XLSX is one), or the file itself, as text."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return [content.decode("utf-8", "ignore")]
    texts = []
    for name in archive.namelist():
        texts.append(name)
        texts.extend(_texts(archive.read(name)))
    return texts


def _downloads(scenario):
    reference = scenario.review.reference
    exports = reverse("publications:home_office_exports")
    yield ADMINISTRATOR, exports + "?download=1&file_format=xlsx"
    yield ADMINISTRATOR, exports + "?download=1&file_format=csv"
    yield ADMINISTRATOR, reverse("publications:home_office_review_export", args=[reference, "xlsx"])
    yield MANAGER, reverse("publications:submission_pack", args=[reference, "home-office-qa"])
    yield MANAGER, reverse("publications:submission_pack", args=[reference, "commissioner"])


def test_no_export_holds_a_restricted_value(client, scenario):
    for role, url in _downloads(scenario):
        client.logout()
        response = sign_in(client, scenario, role).get(url)
        assert response.status_code == 200, url
        for text in _texts(response.content):
            for value in RESTRICTED:
                assert value not in text, (url, value)
