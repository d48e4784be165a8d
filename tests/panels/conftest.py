"""Fixtures of the agency contribution tests: a review whose panel is at work, with two panel
agencies (Kent Police and a health trust) and their members, and files the tests build."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.lifecycle import workflow
from cases.models import Stage
from dhr.accounts.roles import Role
from panels.chairs import workflow as panel_workflow
from panels.contributions import services as contributions
from panels.models import ContributionRequest
from tests.cases import conftest as review_fixtures
from tests.dhr.factories import AgencyFactory, UserFactory

# The review tests' fixtures, shared here (the people come from tests/conftest.py).
cast = review_fixtures.cast
manager_client = review_fixtures.manager_client
media_root = review_fixtures.media_root
medway_manager = review_fixtures.medway_manager
outsider = review_fixtures.outsider

PERIOD_START = date(2021, 1, 1)
PERIOD_END = date(2026, 1, 10)  # CAST_PLAN's date of death
# Four weeks from the day the tests run: a fixed date would one day fall in the past, where a
# request's due date is refused.
DUE = date.today() + timedelta(weeks=4)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Panel:
    """A review at the stage "panel" with agreed terms (period 01/01/2021 to 10/01/2026) and
    two agencies on the panel, each with a member."""

    review: object
    manager: object
    chair: object
    police: object
    police_member: object
    health: object
    health_member: object

    def ask(self, agency=None, kind=ContributionRequest.Kind.CHRONOLOGY, **fields):
        """The manager asks an agency (the police by default) for a contribution."""
        return contributions.make_request(
            self.review,
            by=self.manager,
            agency=agency or self.police,
            kind=kind,
            due_on=fields.pop("due_on", DUE),
            requested_on=fields.pop("requested_on", date(2026, 3, 25)),
            **fields,
        )

    def import_chronology(self, request, upload, member=None, submit=True):
        """Stages and confirms a chronology file (and submits it) through the domain."""
        member = member or self.member_of(request.agency)
        staged = contributions.stage_chronology(request, by=member, upload=upload)
        version = contributions.confirm_chronology(staged, by=member)
        if submit:
            contributions.submit_to_panel(request, by=member)
            version.refresh_from_db()
        return version

    def member_of(self, agency):
        return self.police_member if agency == self.police else self.health_member


@pytest.fixture
def panel(cast, media_root):
    review = cast.walk_to(Stage.PANEL)
    terms = workflow.save_terms_of_reference(
        review,
        by=cast.manager,
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        key_lines_of_enquiry="What did agencies know?",
    )
    workflow.agree_terms_of_reference(terms, by=cast.manager, agreed_on=date(2026, 3, 20))
    health = AgencyFactory(name="Kent Health Trust")
    health_member = UserFactory(full_name="Hana Health", role=Role.AGENCY_MEMBER, agency=health)
    panel_workflow.add_panel_member(
        review, by=cast.manager, agency=health, role="agency", added_on=date(2026, 3, 6)
    )
    review.refresh_from_db()
    return Panel(
        review=review,
        manager=cast.manager,
        chair=cast.chair,
        police=cast.agency,
        police_member=cast.agency_member,
        health=health,
        health_member=health_member,
    )


# --- Files the tests build ---------------------------------------------------------------------

HEADINGS = [
    "Date",
    "Time",
    "Agency record reference",
    "Event or contact",
    "Action or outcome",
    "Comment",
    "Staff role",
]


def xlsx_bytes(rows, *, merged=(), name="Chronology") -> bytes:
    """A workbook whose first sheet holds ``rows`` (lists of cell values) from A1, with the
    ``merged`` ranges ("A1:G1")."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = name
    for row in rows:
        sheet.append(list(row))
    for cells in merged:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows, *, merged=(), name="chronology.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, merged=merged), content_type=XLSX_TYPE)


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_upload(rows, name="chronology.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def good_rows(count=3, start_day=1):
    """``count`` valid template rows in March 2021 (inside the period under review)."""
    return [
        [
            f"{start_day + index % 28:02d}/03/2021",
            f"{9 + index % 10:02d}:30",
            f"REF-{index + 1}",
            f"Contact number {index + 1} with the victim",
            "Advice given",
            "",
            "Police constable",
        ]
        for index in range(count)
    ]
