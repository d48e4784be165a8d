"""An agency member sees their own review and nothing of any other (DESIGN.md 5, JOURNEYS.md).

Andy Agency's Kent Police sits on the panel of review "Quenby" (Swale). Two other reviews run
beside it: "Xanthe" in another partnership (Medway) and "Ysolde" in the same one (Swale), each
with another agency on its panel. Andy must get a 404 from every URL of the other two, must
never read their reference or pseudonym anywhere (lists, searches, counts, histories), and on
Quenby's own pages must never read the victim's identity, a document kept for the manager and
the chair, or the answer another agency gave to its information request.
"""

import io
import zipfile
from dataclasses import dataclass, replace
from datetime import date

import pytest
from django.urls import reverse

from dhr.accounts.roles import Role
from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory
from tests.security.conftest import (
    DRAFT_EVENT,
    DRAFT_FILE_NAME,
    FAMILY_CONTACT_SUMMARY,
    FAMILY_MEMBER_NAME,
    MANAGER,
    OTHER_MANAGER,
    PANEL_AGENCY,
    VICTIM,
    Victim,
    build_review,
)
from tests.security.test_permission_table import NOWHERE, REVIEW_KEYS, TABLE, response_for

pytestmark = pytest.mark.django_db


@dataclass
class TwoPanels:
    """Quenby's scenario, and the other reviews Andy must never see."""

    scenario: object
    others: dict  # label -> ReviewRecords

    def aimed_at(self, label):
        """The scenario with the table's URLs aimed at another review's records."""
        return replace(self.scenario, records=self.others[label])


OTHER_PARTNERSHIP = "other_partnership"
SAME_PARTNERSHIP = "same_partnership"


@pytest.fixture(scope="module")
def panels(scenario, django_db_blocker) -> TwoPanels:
    """Built once for the module, beside the shared scenario (see tests/security/conftest.py)."""
    with django_db_blocker.unblock():
        return TwoPanels(scenario, _other_reviews(scenario))


def _other_reviews(scenario) -> dict:
    medway = PartnershipFactory(name="Medway", code="MED")  # Morgan Medway's partnership
    swale = scenario.review.partnership
    xanthe = build_review(
        manager=scenario.users[OTHER_MANAGER],
        partnership=medway,
        pseudonym="Xanthe",
        victim=Victim("Bartholomew", "Ignatius Pellow", date(1979, 8, 2), "3 Quayside, Chatham"),
        panel_agency=AgencyFactory(name="Medway Community Health"),
        drafting_agency=AgencyFactory(name="Medway Probation Service"),
        chair=UserFactory(full_name="Della Chair", role=Role.CHAIR),
    )
    ysolde = build_review(
        manager=scenario.users[MANAGER],
        partnership=swale,
        pseudonym="Ysolde",
        victim=Victim("Cordelia", "Henrietta Vosk", date(1992, 11, 30), "8 Orchard Row, Sheerness"),
        panel_agency=AgencyFactory(name="Swale Housing Options"),
        drafting_agency=AgencyFactory(name="Swale Probation Office"),
        chair=UserFactory(full_name="Eli Chair", role=Role.CHAIR),
    )
    return {OTHER_PARTNERSHIP: xanthe, SAME_PARTNERSHIP: ysolde}


def markers_of(records) -> list[str]:
    """What would give another review away: its reference, its pseudonym, its victim's."""
    return [records.review.reference, records.review.pseudonym, records.subject.pseudonym]


def text_of(response) -> str:
    """The page's text; a file's bytes as Latin-1, an Excel file's parts unzipped (a PDF's
    streams stay compressed: only what is outside them, such as its metadata, is checked)."""
    if response.streaming:
        content = b"".join(response.streaming_content)
    elif response["Content-Type"].startswith("text/"):
        return response.content.decode(response.charset)
    else:
        content = response.content
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as parts:
            content = b"".join(parts.read(name) for name in parts.namelist())
    return content.decode("latin-1")


def signed_in_agency_member(client, scenario):
    client.force_login(scenario.users[PANEL_AGENCY])
    return client


# --- Every URL of another review is a 404 ------------------------------------------------------


@pytest.mark.parametrize("other", [OTHER_PARTNERSHIP, SAME_PARTNERSHIP])
def test_every_url_of_another_review_is_a_404(client, panels, other):
    aimed = panels.aimed_at(other)
    signed_in_agency_member(client, panels.scenario)
    observed = {key: response_for(client, aimed, key).status_code for key in REVIEW_KEYS}
    assert observed == NOWHERE


def record_keys(scenario) -> list:
    """The rows about one record of the review (their URL takes a record's pk besides the
    reference: "pk", "entry_pk"...)."""
    return [
        key
        for key in REVIEW_KEYS
        if any(argument.endswith("pk") for argument in TABLE[key].arguments(scenario))
    ]


@pytest.mark.parametrize("other", [OTHER_PARTNERSHIP, SAME_PARTNERSHIP])
def test_another_reviews_records_are_not_found_under_this_review(client, panels, other):
    """Quenby's reference with the other review's record ids: the records are looked up inside
    Quenby, so they do not exist, even for Quenby's manager (who manages Ysolde too)."""
    scenario = panels.scenario
    mixed = replace(scenario, records=replace(panels.others[other], review=scenario.review))
    keys = record_keys(scenario)
    # Request answer and withdraw, person, terms, panel seat, documents; contributions,
    # versions, staged files, entries, annotations, exports, meetings, actions, family.
    assert len(keys) >= 30

    client.force_login(scenario.users[MANAGER])
    assert {key: response_for(client, mixed, key).status_code for key in keys} == dict.fromkeys(
        keys, 404
    )

    # The agency member may use some of these pages with Quenby's own records; never with
    # another review's.
    own_pages = [key for key in keys if TABLE[key].expected[PANEL_AGENCY] == 200]
    signed_in_agency_member(client, scenario)
    observed = {key: response_for(client, mixed, key).status_code for key in own_pages}
    assert observed == dict.fromkeys(own_pages, 404)


# --- Another review never shows in a list, a search or a count --------------------------------

LIST_QUERIES = {
    "no_filter": lambda other: {},
    "search_pseudonym": lambda other: {"q": other.review.pseudonym},
    "search_reference": lambda other: {"q": other.review.reference},
    "search_part_of_reference": lambda other: {"q": other.review.reference[:-1]},
    "search_victims_pseudonym": lambda other: {"q": other.subject.pseudonym},
    "stage": lambda other: {"stage": other.review.stage},
    "partnership": lambda other: {"partnership": other.review.partnership_id},
    "overdue": lambda other: {"overdue": "on"},
    "on_hold": lambda other: {"on_hold": "on"},
    "sorted_by_reference": lambda other: {"sort": "reference"},
    "second_page": lambda other: {"page": "2"},
}


@pytest.mark.parametrize("query", LIST_QUERIES)
def test_the_review_list_never_shows_another_review(client, panels, query):
    signed_in_agency_member(client, panels.scenario)
    for other in panels.others.values():
        parameters = LIST_QUERIES[query](other)
        response = client.get(reverse("cases:list"), parameters)
        assert response.status_code == 200
        listed = {row["review"].reference for row in response.context["rows"]}
        assert listed <= {panels.scenario.review.reference}
        assert response.context["page"].paginator.count == len(listed)
        page = without_search_box(text_of(response), parameters.get("q"))
        assert [marker for marker in markers_of(other) if marker in page] == []


def without_search_box(page: str, searched: str | None) -> str:
    """The page without the search box's own value: what the user typed is not a leak."""
    if not searched:
        return page
    return page.replace(f'value="{searched}"', 'value=""')


def test_the_review_list_shows_the_agency_its_own_review(client, panels):
    signed_in_agency_member(client, panels.scenario)
    response = client.get(reverse("cases:list"), {"q": panels.scenario.review.pseudonym})
    assert [row["review"] for row in response.context["rows"]] == [panels.scenario.review]


# --- Nor on any page the agency member opens ------------------------------------------------

# Every page the panel agency's member may open: the review's and the others (home, the list,
# "My work", notifications, the Commissioner's reports addressed to the agency...).
EVERY_PAGE = [
    key for key, row in TABLE.items() if row.method == "get" and row.expected[PANEL_AGENCY] == 200
]


def page_text(client, scenario, key) -> str:
    response = response_for(client, scenario, key)
    assert response.status_code == 200, key
    return text_of(response)


@pytest.mark.parametrize("key", EVERY_PAGE)
def test_no_page_the_agency_member_opens_mentions_another_review(client, panels, key):
    signed_in_agency_member(client, panels.scenario)
    page = page_text(client, panels.scenario, key)
    for label, other in panels.others.items():
        assert [marker for marker in markers_of(other) if marker in page] == [], label


# --- What the agency member never reads on the pages it opens ---------------------------


def _dates(day: date) -> list[str]:
    """The ways a page may write a date."""
    return [
        f"{day:%d/%m/%Y}",
        day.isoformat(),
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day:%B} {day.day}, {day.year}",
    ]


RESTRICTED = {
    # The victim's identity: the manager and the chair only (RESTRICTED_SUBJECT_FIELDS).
    "identity": lambda s: [VICTIM.real_name, VICTIM.address, *_dates(VICTIM.date_of_birth)],
    # A document of a kind kept for the manager and the chair (records.SHARED_DOCUMENT_KINDS).
    "restricted_document": lambda s: [
        s.records.restricted_document.title,
        s.records.restricted_document.original_name,
    ],
    # The Swale Walk-in Clinic's answer to its own information request.
    "other_agencys_answer": lambda s: [s.records.asked_request.summary],
    # That the clinic was asked at all: the requests page shows an agency member only its own
    # agency's requests (cases.lifecycle.views._visible_requests), and the clinic is on no panel.
    "other_agencys_request": lambda s: [s.asked_agency.name],
    # Kent Community Health's chronology in draft: neither the file nor an entry of it.
    "other_agencys_draft": lambda s: [DRAFT_FILE_NAME, DRAFT_EVENT],
    # The family: the manager and the chair only (DESIGN.md 5).
    "family": lambda s: [FAMILY_MEMBER_NAME, FAMILY_CONTACT_SUMMARY],
    # Kent Community Health's action in the action plan: not Kent Police's to read.
    "other_agencys_action": lambda s: [s.records.plan.other_action.description],
}


# Cells found leaking, with the reason, run as strict expected failures until fixed.
KNOWN_LEAKS: dict = {}


def _restricted_cells():
    for key in EVERY_PAGE:
        for kind in RESTRICTED:
            leak = KNOWN_LEAKS.get((key, kind))
            marks = [pytest.mark.xfail(strict=True, reason=leak)] if leak else []
            yield pytest.param(key, kind, id=f"{key}-{kind}", marks=marks)


@pytest.mark.parametrize(("key", "kind"), list(_restricted_cells()))
def test_the_agency_member_never_reads_restricted_data(client, scenario, key, kind):
    signed_in_agency_member(client, scenario)
    page = page_text(client, scenario, key)
    assert [marker for marker in RESTRICTED[kind](scenario) if marker in page] == []


@pytest.mark.parametrize("kind", RESTRICTED)
def test_the_manager_reads_what_the_agency_member_may_not(client, scenario, kind):
    """The other side of the check: the markers are real, the manager finds each one."""
    client.force_login(scenario.users[MANAGER])
    pages = {
        "identity": "cases:subjects",
        "restricted_document": "cases:documents",
        "other_agencys_answer": "cases:requests",
        "other_agencys_request": "cases:requests",
        "other_agencys_draft": "panels:contribution (another agency's draft)",
        "family": "cases:family",
        "other_agencys_action": "actionplans:plan",
    }
    page = page_text(client, scenario, pages[kind])
    markers = RESTRICTED[kind](scenario)
    found = [marker for marker in markers if marker in page]
    assert found, f"none of {markers} on {pages[kind]}"


def test_the_agency_member_reads_its_own_answer(client, scenario):
    """The requests page is filtered, not empty: the agency's own answer is there."""
    signed_in_agency_member(client, scenario)
    assert scenario.records.info_request.summary in page_text(client, scenario, "cases:requests")
