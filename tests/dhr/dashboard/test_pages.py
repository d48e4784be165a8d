"""The dashboard's pages: who opens them, what they show and link to, the CSV tables, the
annual report, and a number of queries that does not grow with the reviews."""

import io
from datetime import date

import pytest
from django.urls import reverse

from cases.lifecycle import workflow
from cases.models import Stage, Subject
from dhr.accounts.roles import Role
from dhr.models import AccessLog
from tests.cases.factories import walk_to
from tests.dhr.dashboard import dashboard_queries
from tests.dhr.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Philippa Quarrendon"  # a victim's real name: never on an aggregate page


@pytest.fixture
def reviews(clock, review_manager):
    panel = walk_to(Stage.PANEL, manager=review_manager, pseudonym="Ottoline")
    workflow.put_on_hold(panel, by=review_manager, reason="criminal")
    Subject.objects.create(
        review=panel,
        role=Subject.Role.VICTIM,
        pseudonym="Ottoline",
        real_name=SECRET_NAME,
        age_band=Subject.AgeBand.A35_44,
        sex=Subject.Sex.FEMALE,
    )
    walk_to(Stage.SCOPING, manager=review_manager, pseudonym="Perpetua")
    return panel


def test_steering_group_sees_counts_and_pseudonyms_and_no_way_to_a_record(
    client, steering_member, reviews
):
    client.force_login(steering_member)
    page = client.get(reverse("dhr:dashboard"))
    assert page.status_code == 200
    html = page.text
    for heading in (
        "Where the reviews are",
        "Slippage against the statutory clocks",
        "Time in stage",
        "Overdue deadlines",
        "The Commissioner",
        "Statistics for the committee",
    ):
        assert heading in html
    assert "Case Ottoline" in html  # the pseudonym, on the slippage table
    assert SECRET_NAME not in html
    assert "Found at home" not in html  # the circumstances
    assert 'href="/reviews/' not in html  # no drill-down, no record page
    assert "Table view" in html
    assert "<svg" in html
    assert "fewer than 5" in html  # one victim, suppressed


def test_review_manager_drills_down_to_the_reviews(client, review_manager, reviews):
    client.force_login(review_manager)
    html = client.get(reverse("dhr:dashboard")).text
    assert f'href="/reviews/{reviews.reference}/"' in html
    assert "stage=panel&amp;on_hold=true" in html


@pytest.mark.parametrize("role", [Role.CHAIR, Role.AGENCY_MEMBER])
def test_roles_without_the_dashboard_get_403(client, role, agency):
    client.force_login(
        UserFactory(role=role, agency=agency if role == Role.AGENCY_MEMBER else None)
    )
    for name in ("dhr:dashboard", "dhr:annual_report"):
        assert client.get(reverse(name)).status_code == 403
    csv_url = reverse("dhr:dashboard_csv", args=["pipeline-stage"])
    assert client.get(csv_url).status_code == 403


def test_a_partnership_outside_the_users_is_not_a_choice(client, steering_member, reviews):
    other = PartnershipFactory(name="Thanet", code="THA")
    client.force_login(steering_member)
    page = client.get(reverse("dhr:dashboard"), {"partnership": other.pk})
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert "Thanet" not in page.text


def test_the_year_filter_narrows_every_figure(client, steering_member, reviews, review_manager):
    walk_to(Stage.NOTIFIED, manager=review_manager, notified_on=date(2025, 2, 3))
    client.force_login(steering_member)
    every = client.get(reverse("dhr:dashboard")).context["sections"]
    only_2025 = client.get(reverse("dhr:dashboard"), {"year": 2025}).context["sections"]

    def total(sections):
        pipeline = sections[0]["figures"][0]["figure"]
        return pipeline.rows[-1].cells[-1].value

    assert (total(every), total(only_2025)) == (3, 1)


def test_csv_holds_the_table_with_its_suppression_and_is_logged(client, steering_member, reviews):
    client.force_login(steering_member)
    response = client.get(reverse("dhr:dashboard_csv", args=["stats-victims"]), {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Age band,Female,Male,Not known,Not recorded,Total"
    assert "35 to 44,fewer than 5,0,0,0,fewer than 5" in lines
    assert "16 to 19,0,0,0,0,0" in lines
    log = AccessLog.objects.get(object_type="dashboard figure")
    assert log.object_id == "stats-victims"
    assert log.user == steering_member

    pipeline = client.get(reverse("dhr:dashboard_csv", args=["pipeline-stage"])).content
    assert "Panel under way,0,1,1" in pipeline.decode("utf-8-sig").splitlines()
    assert client.get(reverse("dhr:dashboard_csv", args=["no-such-figure"])).status_code == 404


def test_annual_report_as_pdf_and_spreadsheet(client, steering_member, reviews, partnership):
    from openpyxl import load_workbook

    client.force_login(steering_member)
    form = client.get(reverse("dhr:annual_report"))
    assert form.status_code == 200
    assert "Download the report" in form.text
    missing = client.get(reverse("dhr:annual_report"), {"partnership": partnership.pk})
    assert "Choose a year" in missing.text

    query = {"partnership": partnership.pk, "year": 2026}
    pdf = client.get(reverse("dhr:annual_report"), query | {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("dhr:annual_report"), query | {"format": "xlsx"})
    assert "annual-report-swale-2026.xlsx" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    victims = book["Victims by sex and age band"]
    values = [list(row) for row in victims.iter_rows(values_only=True)]
    assert ["35 to 44", "fewer than 5", 0, 0, 0, "fewer than 5"] in values
    assert any(SECRET_NAME in str(cell) for row in values for cell in row) is False
    assert AccessLog.objects.filter(object_type="annual report").count() == 2


def test_annual_report_of_another_partnership_is_refused(client, reviews):
    medway = PartnershipFactory(name="Medway", code="MED")
    other = UserFactory(role=Role.STEERING_GROUP, partnerships=[medway])
    client.force_login(other)
    query = {"partnership": reviews.partnership_id, "year": 2026, "format": "xlsx"}
    page = client.get(reverse("dhr:annual_report"), query)
    assert page["Content-Type"].startswith("text/html")
    assert "Choose a partnership" in page.text
    assert not AccessLog.objects.exists()


def test_administrators_see_every_partnership(client, administrator, reviews):
    PartnershipFactory(name="Thanet", code="THA")
    client.force_login(administrator)
    page = client.get(reverse("dhr:dashboard"))
    assert "Thanet" in page.text
    assert 'href="/reviews/' not in page.text


def test_the_number_of_queries_does_not_grow_with_the_reviews(
    client, clock, review_manager, steering_member
):
    client.force_login(steering_member)
    walk_to(Stage.PANEL, manager=review_manager)
    walk_to(Stage.AMENDMENTS_REQUESTED, manager=review_manager)
    small = dashboard_queries(client)
    for stage in (Stage.PANEL, Stage.SCOPING, Stage.CLOSED, Stage.QA_APPROVED, Stage.NOTIFIED):
        review = walk_to(stage, manager=review_manager)
        Subject.objects.create(review=review, role=Subject.Role.VICTIM, pseudonym=f"V{review.pk}")
    held = walk_to(Stage.COMMISSIONED, manager=review_manager)
    workflow.put_on_hold(held, by=review_manager, reason="inquest")
    assert dashboard_queries(client) == small
