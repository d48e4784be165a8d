"""The action plan pages: writing, agreeing, updating with evidence, sign-off; what an agency
member sees; "Our actions"; the themes; the exports; query counts at two sizes."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actionplans.models import PlanAction, ProgressUpdate, Recommendation, RecommendationLink
from actionplans.recommendations import export, services
from cases.models import Stage
from dhr.accounts.roles import Role
from tests.actionplans.factories import agreed_recommendation
from tests.dhr.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, review, *args):
    return reverse(f"actionplans:{name}", args=[review.reference, *args])


@pytest.fixture
def panel_review(cast, media_root):
    """A review at "panel" with the walk's agreed recommendation 1 and its Kent Police action,
    plus a second agreed recommendation whose action is led by Swale Housing."""
    review = cast.walk_to(Stage.PANEL)
    housing = AgencyFactory(name="Swale Housing")
    agreed_recommendation(
        review,
        by=cast.manager,
        agency=housing,
        text="Housing officers should record concerns about a tenant's safety.",
    )
    return review


def test_the_chair_drafts_with_a_check_for_similar_ones(cast, panel_review):
    earlier = cast.walk_to(
        Stage.CHAIR_APPOINTED,  # Chris chairs it too: he may open it
        date_of_death=date(2024, 12, 30),
        notified_on=date(2025, 1, 6),
        pseudonym="Older",
    )
    original = services.draft_recommendation(
        earlier,
        by=cast.manager,
        text="GPs should ask patients about domestic abuse and refer them to the IDVA service.",
        level="local",
        addressed_to="GP practices",
    )
    chair = login(cast.chair)
    data = {
        "text": "GPs should ask their patients about domestic abuse and refer them to an IDVA.",
        "level": "local",
        "addressed_to": "GP practices",
        "source": "overview_report",
    }
    checked = chair.post(url("plan_recommendation_new", panel_review), {**data, "check": "1"})
    assert checked.status_code == 200
    assert [s.recommendation for s in checked.context["suggestions"]] == [original]
    assert "Earlier recommendations that say much the same" in checked.content.decode()
    saved = chair.post(
        url("plan_recommendation_new", panel_review),
        {**data, "save": "1", "link": str(original.pk), f"relation_{original.pk}": "builds_on"},
    )
    assert saved.status_code == 302
    new = panel_review.recommendations.get(number=3)
    assert (new.status, new.drafted_by) == ("draft", cast.chair)
    link = RecommendationLink.objects.get(recommendation=new)
    assert (link.earlier, link.relation, link.confirmed_by) == (original, "builds_on", cast.chair)


def test_form_errors_keep_the_input(cast, panel_review):
    response = login(cast.chair).post(
        url("plan_recommendation_new", panel_review),
        {"text": "Keep this text.", "source": "overview_report", "save": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Choose the level of the recommendation" in body
    assert "Keep this text." in body


def test_the_manager_agrees_and_adds_an_action(cast, panel_review):
    recommendation = services.draft_recommendation(
        panel_review, by=cast.chair, text="Train staff.", level="local", addressed_to="All"
    )
    manager = login(cast.manager)
    assert (
        manager.get(url("plan_recommendation_agree", panel_review, recommendation.pk)).status_code
        == 200
    )
    manager.post(url("plan_recommendation_agree", panel_review, recommendation.pk))
    recommendation.refresh_from_db()
    assert recommendation.status == "agreed"
    response = manager.post(
        url("plan_action_new", panel_review, recommendation.pk),
        {
            "description": "Run four sessions.",
            "lead_agency": cast.agency.pk,
            "owner_name": "Training lead",
            "target_date": "31/03/2027",
        },
    )
    assert response.status_code == 302
    action = recommendation.actions.get()
    assert (action.lead_agency, action.target_date, action.owner_name) == (
        cast.agency,
        date(2027, 3, 31),
        "Training lead",
    )


def test_an_agency_member_sees_only_its_own_agencys_actions(cast, panel_review):
    services.draft_recommendation(
        panel_review,
        by=cast.chair,
        text="A draft nobody else reads.",
        level="local",
        addressed_to="All",
    )
    page = login(cast.agency_member).get(url("plan", panel_review))
    body = page.content.decode()
    actions = [a for rec in page.context["recommendations"] for a in rec.visible_actions]
    assert {a.lead_agency for a in actions} == {cast.agency}
    assert "A draft nobody else reads." not in body
    housing_action = PlanAction.objects.get(review=panel_review, lead_agency__name="Swale Housing")
    member = login(cast.agency_member)
    assert member.get(url("plan_action", panel_review, housing_action.pk)).status_code == 404
    housing_member = login(UserFactory(role=Role.AGENCY_MEMBER, agency=housing_action.lead_agency))
    own = PlanAction.objects.get(review=panel_review, lead_agency=cast.agency)
    assert housing_member.get(url("plan_action", panel_review, own.pk)).status_code == 404
    assert (
        housing_member.get(url("plan_action", panel_review, housing_action.pk)).status_code == 200
    )


def test_update_with_evidence_then_refusal_then_sign_off(cast, panel_review):
    action = PlanAction.objects.get(review=panel_review, lead_agency=cast.agency)
    member = login(cast.agency_member)
    missing = member.post(
        url("plan_action_update", panel_review, action.pk),
        {"note": "Done.", "proposed_status": "completed"},
    )
    assert "Attach the evidence that the action is completed" in missing.content.decode()
    posted = member.post(
        url("plan_action_update", panel_review, action.pk),
        {
            "note": "Audit done.",
            "proposed_status": "completed",
            "evidence": [
                SimpleUploadedFile("audit.txt", b"Audit report.\n", "text/plain"),
                SimpleUploadedFile("minutes.txt", b"Minutes.\n", "text/plain"),
            ],
        },
    )
    assert posted.status_code == 302
    update = action.updates.get()
    assert update.decision == ProgressUpdate.Decision.PENDING
    assert sorted(update.evidence.values_list("original_name", flat=True)) == [
        "audit.txt",
        "minutes.txt",
    ]
    evidence = update.evidence.order_by("pk").first()
    download = login(cast.chair).get(url("plan_evidence", panel_review, evidence.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Audit report.\n"

    manager = login(cast.manager)
    page = manager.get(url("plan_action_sign_off", panel_review, action.pk))
    assert "audit.txt" in page.content.decode()
    no_reason = manager.post(
        url("plan_action_sign_off", panel_review, action.pk), {"decision": "refuse"}
    )
    assert "Enter why the update is sent back" in no_reason.content.decode()
    manager.post(
        url("plan_action_sign_off", panel_review, action.pk),
        {"decision": "refuse", "refusal_reason": "Only one district was audited."},
    )
    update.refresh_from_db()
    assert update.refusal_reason == "Only one district was audited."
    detail = member.get(url("plan_action", panel_review, action.pk)).content.decode()
    assert "Only one district was audited." in detail
    member.post(
        url("plan_action_update", panel_review, action.pk),
        {
            "note": "Every district audited.",
            "proposed_status": "completed",
            "evidence": [SimpleUploadedFile("all.txt", b"All.\n", "text/plain")],
        },
    )
    manager.post(url("plan_action_sign_off", panel_review, action.pk), {"decision": "sign_off"})
    action.refresh_from_db()
    assert action.status == "completed"
    assert action.deadline.met_on is not None


def test_our_actions_lists_the_agencys_actions_across_reviews(cast, panel_review):
    other = cast.walk_to(Stage.PANEL, pseudonym="Second")
    page = login(cast.agency_member).get(reverse("actionplans:our_actions"))
    assert {a.review for a in page.context["actions"]} == {panel_review, other}
    assert all(a.lead_agency == cast.agency for a in page.context["actions"])


def test_list_pages_make_the_same_number_of_queries_at_two_sizes(
    cast, panel_review, django_assert_max_num_queries
):
    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        numbers = []
        for client, path in (
            (login(cast.manager), url("plan", panel_review)),
            (login(cast.agency_member), url("plan", panel_review)),
            (login(cast.agency_member), reverse("actionplans:our_actions")),
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200
            numbers.append(len(captured))
        return numbers

    small = counts()
    for number in range(3):
        agreed_recommendation(
            panel_review, by=cast.manager, agency=cast.agency, text=f"More work, part {number}."
        )
    assert counts() == small


def test_the_workbook_has_one_row_per_action_and_no_formulas(cast, panel_review):
    recommendation, _ = agreed_recommendation(
        panel_review, by=cast.manager, agency=cast.agency, text='=HYPERLINK("http://x")'
    )
    services.add_action(
        recommendation,
        by=cast.manager,
        description="@SUM(A1)",
        lead_agency=cast.agency,
        target_date=date(2027, 6, 30),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(export.action_plan_xlsx(panel_review))).active
    rows = list(sheet.iter_rows(values_only=True))
    heading = rows.index(tuple(export.HEADINGS))
    body = rows[heading + 1 :]
    assert [(row[0], row[6]) for row in body] == [(1, "1.1"), (2, "2.1"), (3, "3.1"), (3, "3.2")]
    assert body[2][1] == '\'=HYPERLINK("http://x")'
    assert body[3][7] == "'@SUM(A1)"
    member_sheet = openpyxl.load_workbook(
        io.BytesIO(login(cast.agency_member).get(url("plan_xlsx", panel_review)).getvalue())
    ).active
    member_rows = list(member_sheet.iter_rows(values_only=True))
    assert "Swale Housing" not in {row[8] for row in member_rows if len(row) > 8}


def test_the_pdf(cast, panel_review):
    response = login(cast.manager).get(url("plan_pdf", panel_review))
    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF")


def test_themes_are_seeded_and_extended(cast, administrator):
    manager = login(cast.manager)
    page = manager.get(reverse("actionplans:plan_themes"))
    assert "Coercive control" in page.content.decode()
    partnership = cast.manager.partnerships.get()
    manager.post(
        reverse("actionplans:plan_themes"), {"partnership": partnership.pk, "name": "Elder abuse"}
    )
    assert services.themes_for(partnership).filter(name="Elder abuse").exists()
    again = manager.post(
        reverse("actionplans:plan_themes"), {"partnership": partnership.pk, "name": "elder abuse"}
    )
    assert "is already a theme" in again.content.decode()
    assert login(cast.agency_member).get(reverse("actionplans:plan_themes")).status_code == 403


def test_withdrawing_needs_a_reason_and_supersedes_the_actions(cast, panel_review):
    recommendation = panel_review.recommendations.get(number=2)
    manager = login(cast.manager)
    response = manager.post(
        url("plan_recommendation_withdraw", panel_review, recommendation.pk), {}
    )
    assert "Enter why the recommendation is withdrawn" in response.content.decode()
    manager.post(
        url("plan_recommendation_withdraw", panel_review, recommendation.pk),
        {"reason": "Covered by recommendation 1."},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.WITHDRAWN
    assert list(recommendation.actions.values_list("status", flat=True)) == ["superseded"]


def test_the_action_plan_is_a_tab_of_the_review(cast, panel_review):
    overview = login(cast.manager).get(reverse("cases:detail", args=[panel_review.reference]))
    plan_url = url("plan", panel_review)
    assert f'href="{plan_url}">Action plan</a>' in overview.text
    plan = login(cast.agency_member).get(plan_url)
    assert f'href="{plan_url}" aria-current="page">Action plan</a>' in plan.text
    labels = [label for label, _ in plan.context["tabs"]]
    assert labels[-2:] == ["Action plan", "History"]


def test_administrators_and_the_partnerships_managers_manage_its_themes(
    cast, panel_review, administrator, medway_manager
):
    """An administrator adds to any partnership's list, a review manager only to theirs; a
    theme no longer offered is not offered for new recommendations, stays on those tagged with
    it, and can be offered again; the history says who did what."""
    from actionplans.models import Theme
    from dhr.models import Partnership

    swale = cast.manager.partnerships.get()
    medway = medway_manager.partnerships.get()
    admin = login(administrator)
    admin.post(reverse("actionplans:plan_themes"), {"partnership": medway.pk, "name": "Honour"})
    assert services.themes_for(medway).filter(name="Honour").exists()
    assert set(
        admin.get(reverse("actionplans:plan_themes")).context["form"].fields["partnership"].queryset
    ) == set(Partnership.objects.filter(is_active=True))
    refused = login(medway_manager).post(
        reverse("actionplans:plan_themes"), {"partnership": swale.pk, "name": "Elder abuse"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["partnership"]
    assert not Theme.objects.filter(name="Elder abuse").exists()

    coercive = services.themes_for(swale).get(name="Coercive control")
    recommendation = panel_review.recommendations.get(number=1)
    recommendation.themes.add(coercive)
    manager = login(cast.manager)
    offered = reverse("actionplans:plan_theme_offered", args=[coercive.pk])
    assert manager.post(offered, {"offered": "0"}).status_code == 302
    coercive.refresh_from_db()
    assert coercive.is_active is False
    new_form = manager.get(url("plan_recommendation_new", panel_review)).context["form"]
    assert coercive not in new_form.fields["themes"].queryset
    edit_form = manager.get(
        url("plan_recommendation_edit", panel_review, recommendation.pk)
    ).context["form"]
    assert coercive in edit_form.fields["themes"].queryset
    assert "Not offered" in manager.get(reverse("actionplans:plan_themes")).text
    # Another partnership's theme does not exist for Medway's manager.
    assert login(medway_manager).post(offered, {"offered": "1"}).status_code == 404
    manager.post(offered, {"offered": "1"})
    coercive.refresh_from_db()
    assert coercive.is_active is True
    assert [
        (h.is_active, h.history_user, h.history_change_reason)
        for h in coercive.history.order_by("history_date")
    ][-2:] == [(False, cast.manager, "No longer offered"), (True, cast.manager, "Offered again")]


def test_the_themes_page_makes_the_same_number_of_queries_for_more_partnerships(administrator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.dhr.factories import PartnershipFactory

    admin = login(administrator)
    PartnershipFactory(name="Dover", code="DOV")

    def count() -> int:
        admin.get(reverse("actionplans:plan_themes"))  # seeds the new partnerships' lists
        with CaptureQueriesContext(connection) as captured:
            page = admin.get(reverse("actionplans:plan_themes"))
        assert page.status_code == 200
        return len(captured)

    small = count()
    PartnershipFactory(name="Thanet", code="THA")
    PartnershipFactory(name="Ashford", code="ASH")
    assert count() == small
    assert "Thanet" in admin.get(reverse("actionplans:plan_themes")).text
