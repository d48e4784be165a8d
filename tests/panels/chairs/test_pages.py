"""The chair pool, appointing a review's chair and forming its panel, driven through the pages.

Reviews are built by ``tests.cases.factories.walk_to``, through the domain functions only
(never by setting ``stage``), so each test starts from a review the way a review manager would
have made it.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from cases.audit.history import review_history
from cases.models import Review, Stage, StageChange
from cases.reviews import tasklist
from dhr import navigation
from dhr.accounts.roles import Role
from panels.chairs import services
from panels.chairs import workflow as panel_workflow
from panels.models import ChairConflict, ChairProfile, PanelMember
from tests.cases.factories import walk_to
from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory

NOTIFIED_ON = date(2026, 1, 10)
DECIDED_ON = date(2026, 2, 2)


# --- Building blocks ------------------------------------------------------------------------


@pytest.fixture
def council(db):
    """An agency that was sent an information request during scoping (so it has access)."""
    return AgencyFactory(name="Swale Council")


@pytest.fixture
def council_member(council):
    return UserFactory(full_name="Cora Council", role=Role.AGENCY_MEMBER, agency=council)


@pytest.fixture
def review(review_manager, council, council_member):
    """A review at the stage "commissioned": the council notified the death and was asked for
    information during scoping (Cora Council answered); no chair, an empty panel."""
    return walk_to(
        Stage.COMMISSIONED,
        manager=review_manager,
        agency=council,
        notifying_agency=council,
        pseudonym="Diana",
        date_of_death=date(2026, 1, 5),
        notified_on=NOTIFIED_ON,
        decision_on=DECIDED_ON,
    )


def notified_review(manager, agency, pseudonym):
    """A review just notified by ``agency``: nothing decided yet."""
    return walk_to(
        Stage.NOTIFIED,
        manager=manager,
        agency=agency,
        notifying_agency=agency,
        pseudonym=pseudonym,
        date_of_death=date(2026, 1, 5),
        notified_on=NOTIFIED_ON,
    )


def chair_in_pool(administrator, user, *conflicts):
    """Puts ``user`` in the pool, with conflicts given as (agency, details) pairs."""
    profile = services.save_chair_profile(
        user, by=administrator, is_available=True, background="Former probation lead."
    )
    for agency, details in conflicts:
        services.declare_conflict(
            profile, by=administrator, agency=agency, details=details, declared_on=date(2025, 6, 1)
        )
    return profile


def seat(review, manager, agency):
    return panel_workflow.add_panel_member(
        review, by=manager, agency=agency, role=PanelMember.PanelRole.AGENCY, added_on=DECIDED_ON
    )


def url(name, *args):
    return reverse(f"panels:{name}", args=args)


def review_url(review):
    return reverse("cases:detail", args=[review.reference])


def page_text(response) -> str:
    return response.content.decode()


# --- The chair pool -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.REVIEW_MANAGER, Role.CHAIR, Role.AGENCY_MEMBER, Role.STEERING_GROUP]
)
def test_pool_pages_are_for_administrators_only(client, users_by_role, administrator, agency, role):
    chair = users_by_role[Role.CHAIR]
    profile = chair_in_pool(administrator, chair, (agency, "Former employee"))
    conflict = profile.conflicts.get()
    client.force_login(users_by_role[role])
    for address in (
        url("chairs"),
        url("chair_edit", chair.pk),
        url("conflict_remove", chair.pk, conflict.pk),
    ):
        assert client.get(address).status_code == 403, address
        assert client.post(address, {"form": "profile"}).status_code == 403, address
    assert ChairConflict.objects.filter(pk=conflict.pk).exists()


def test_pool_lists_every_chair_with_counts_only(
    admin_client, administrator, chair, agency, review, review_manager
):
    newcomer = UserFactory(full_name="Nina Newcomer", role=Role.CHAIR)
    chair_in_pool(administrator, chair, (agency, "Former employee"))
    panel_workflow.appoint_chair(
        review, by=review_manager, chair=chair.chair_profile, appointed_on=DECIDED_ON
    )

    response = admin_client.get(url("chairs"))

    assert response.status_code == 200
    rows = {row["user"].pk: row for row in response.context["rows"]}
    assert set(rows) == {chair.pk, newcomer.pk}
    assert rows[newcomer.pk]["profile"] is None
    assert rows[chair.pk]["user"].conflict_count == 1
    assert rows[chair.pk]["user"].chaired_count == 1
    text = page_text(response)
    assert "No profile yet" in text
    # Counts only: nothing that names a review.
    assert review.reference not in text
    assert review.pseudonym not in text


def test_navigation_offers_the_pool_to_administrators_only(administrator, review_manager):
    def labels(user):
        return [item["label"] for item in navigation.items_for(user, "/")]

    assert "Chair pool" in labels(administrator)
    assert "Chair pool" not in labels(review_manager)


def test_administrator_creates_a_profile_from_the_page(admin_client, chair):
    assert admin_client.get(url("chair_edit", chair.pk)).status_code == 200

    response = admin_client.post(
        url("chair_edit", chair.pk),
        {"form": "profile", "is_available": "True", "background": "Accredited chair."},
    )

    assert response.status_code == 302
    profile = ChairProfile.objects.get(user=chair)
    assert profile.is_available
    assert profile.background == "Accredited chair."
    assert profile.history.first().history_user.role == Role.ADMINISTRATOR

    response = admin_client.post(
        url("chair_edit", chair.pk),
        {"form": "profile", "is_available": "False", "background": "On leave."},
    )
    profile.refresh_from_db()
    assert not profile.is_available
    assert ChairProfile.objects.count() == 1


def test_profile_errors_are_shown_with_the_input_kept(admin_client, chair):
    response = admin_client.post(
        url("chair_edit", chair.pk), {"form": "profile", "background": "Accredited chair."}
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "Select yes if the chair is available for new reviews" in text
    assert "Accredited chair." in text
    assert not ChairProfile.objects.exists()


def test_only_chair_role_users_have_a_pool_page(admin_client, review_manager):
    assert admin_client.get(url("chair_edit", review_manager.pk)).status_code == 404


def test_conflict_is_declared_and_removed_from_the_pages(
    admin_client, administrator, chair, agency
):
    chair_in_pool(administrator, chair)
    page = admin_client.get(url("chair_edit", chair.pk))
    assert "Declare a conflict" in page_text(page)

    response = admin_client.post(
        url("chair_edit", chair.pk),
        {
            "form": "conflict",
            "agency": agency.pk,
            "details": "Former employee",
            "declared_on": "01/06/2025",
        },
    )

    assert response.status_code == 302
    conflict = ChairConflict.objects.get(chair__user=chair)
    assert (conflict.agency, conflict.details) == (agency, "Former employee")
    page = admin_client.get(url("chair_edit", chair.pk))
    assert "Former employee" in page_text(page)
    # An agency declared once is no longer offered.
    assert agency not in page.context["conflict_form"].fields["agency"].queryset

    confirm = admin_client.get(url("conflict_remove", chair.pk, conflict.pk))
    assert confirm.status_code == 200
    assert "Remove the conflict with Kent Police?" in page_text(confirm)
    assert ChairConflict.objects.filter(pk=conflict.pk).exists()

    response = admin_client.post(url("conflict_remove", chair.pk, conflict.pk))

    assert response.status_code == 302
    assert not ChairConflict.objects.filter(pk=conflict.pk).exists()


def test_conflict_errors_are_shown_with_the_input_kept(admin_client, administrator, chair):
    chair_in_pool(administrator, chair)

    response = admin_client.post(
        url("chair_edit", chair.pk),
        {"form": "conflict", "details": "Sister is a nurse there", "declared_on": "31/02/2025"},
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "Select the agency the conflict is with" in text
    assert "Enter a real date, like 27/03/2026" in text
    assert "Sister is a nurse there" in text
    assert not ChairConflict.objects.exists()


def test_a_conflict_is_removed_only_under_its_own_chair(admin_client, administrator, chair, agency):
    conflict = chair_in_pool(administrator, chair, (agency, "Former employee")).conflicts.get()
    other = UserFactory(role=Role.CHAIR)
    chair_in_pool(administrator, other)

    assert admin_client.get(url("conflict_remove", other.pk, conflict.pk)).status_code == 404
    assert admin_client.post(url("conflict_remove", other.pk, conflict.pk)).status_code == 404
    assert ChairConflict.objects.filter(pk=conflict.pk).exists()


def test_declaring_a_conflict_warns_when_the_chair_already_sits_with_that_agency(
    admin_client, administrator, chair, agency, review, review_manager
):
    profile = chair_in_pool(administrator, chair)
    seat(review, review_manager, agency)
    panel_workflow.appoint_chair(review, by=review_manager, chair=profile, appointed_on=DECIDED_ON)

    response = admin_client.post(
        url("chair_edit", chair.pk),
        {
            "form": "conflict",
            "agency": agency.pk,
            "details": "New job",
            "declared_on": "01/03/2026",
        },
        follow=True,
    )

    text = page_text(response)
    assert "already chairs 1 open review with Kent Police on the panel" in text
    assert review.reference not in text


# --- Appointing the chair -------------------------------------------------------------------


def test_review_manager_appoints_a_chair_from_the_page(
    client, administrator, review_manager, review, chair, agency
):
    chair_in_pool(administrator, chair, (agency, "former employee"))
    client.force_login(review_manager)

    page = client.get(url("appoint_chair", review.reference))

    assert page.status_code == 200
    text = page_text(page)
    assert "Chris Chair" in text
    assert "Declared conflicts: Kent Police (former employee)" in text

    response = client.post(
        url("appoint_chair", review.reference),
        {"chair": chair.chair_profile.pk, "appointed_on": "01/03/2026"},
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.chair == chair
    assert review.chair_appointed_on == date(2026, 3, 1)
    assert review.stage == Stage.CHAIR_APPOINTED
    # The chair can now open the review, and sees who is chairing.
    assert review in Review.objects.for_user(chair)
    client.force_login(chair)
    assert client.get(review_url(review)).status_code == 200
    chair_page = client.get(url("appoint_chair", review.reference))
    assert "1 March 2026" in page_text(chair_page)
    assert chair_page.context["form"] is None


def test_a_chair_with_a_conflict_against_the_panel_is_refused(
    client, administrator, review_manager, review, chair, agency
):
    profile = chair_in_pool(administrator, chair, (agency, "former employee"))
    seat(review, review_manager, agency)
    changes_before = StageChange.objects.filter(review=review).count()
    client.force_login(review_manager)

    response = client.post(
        url("appoint_chair", review.reference),
        {"chair": profile.pk, "appointed_on": "01/03/2026"},
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert (
        "Chris Chair cannot be appointed: they declared a conflict of interest with Kent Police, "
        "which is on this panel. Select another chair"
    ) in text
    assert 'checked="checked"' not in text  # a disabled choice is never shown as chosen
    review.refresh_from_db()
    assert review.chair is None
    assert review.stage == Stage.COMMISSIONED
    assert StageChange.objects.filter(review=review).count() == changes_before
    assert review not in Review.objects.for_user(chair)


def chair_radio(html: str, name: str) -> tuple[str, str]:
    """The chair's radio input and its hint, from the choice list."""
    item = re.search(
        rf'<div class="govuk-radios__item">\s*<input(?P<input>[^>]*)>\s*<label[^>]*>\s*{name}\s*'
        r'</label>\s*<span[^>]*class="govuk-hint govuk-radios__hint">(?P<hint>.*?)</span>',
        html,
        re.S,
    )
    assert item, f"{name} is not in the choice list"
    return item["input"], " ".join(item["hint"].split())


def test_a_chair_with_a_conflict_with_a_panel_agency_is_shown_disabled_with_it(
    client, administrator, review_manager, review, chair, agency, django_assert_max_num_queries
):
    chair_in_pool(administrator, chair, (agency, "former employee"))
    other = UserFactory(full_name="Olive Other", role=Role.CHAIR)
    medway = AgencyFactory(name="Medway Council")
    chair_in_pool(administrator, other, (medway, "sister works there"))
    third = UserFactory(full_name="Tom Third", role=Role.CHAIR)
    chair_in_pool(administrator, third, (agency, "former colleague"))
    client.force_login(review_manager)

    before = page_text(client.get(url("appoint_chair", review.reference)))
    # No agency on the panel yet: everyone can be chosen, their conflicts said.
    for name in ("Chris Chair", "Olive Other", "Tom Third"):
        assert "disabled" not in chair_radio(before, name)[0]

    seat(review, review_manager, agency)
    with django_assert_max_num_queries(40):  # the conflicts are read once, not per chair
        page = page_text(client.get(url("appoint_chair", review.reference)))
    for name, details in (("Chris Chair", "former employee"), ("Tom Third", "former colleague")):
        radio, hint = chair_radio(page, name)
        assert "disabled" in radio
        assert hint == (
            f"Cannot be appointed: declared a conflict of interest with Kent Police ({details}), "
            "which is on this panel"
        )
    radio, hint = chair_radio(page, "Olive Other")  # her conflict is not with this panel
    assert "disabled" not in radio
    assert hint == "Declared conflicts: Medway Council (sister works there)"


def test_appointment_errors_are_shown_with_the_input_kept(
    client, administrator, review_manager, review, chair
):
    chair_in_pool(administrator, chair)
    client.force_login(review_manager)

    response = client.post(url("appoint_chair", review.reference), {"appointed_on": "01/03/2026"})

    assert response.status_code == 200
    text = page_text(response)
    assert "Select the independent chair" in text
    assert 'value="01/03/2026"' in text
    review.refresh_from_db()
    assert review.chair is None


def test_unavailable_chairs_are_not_offered(client, administrator, review_manager, review, chair):
    services.save_chair_profile(chair, by=administrator, is_available=False, background="")
    client.force_login(review_manager)

    page = client.get(url("appoint_chair", review.reference))

    assert "There is no available chair in the pool" in page_text(page)


def test_appointing_is_not_offered_before_commissioning(
    client, administrator, review_manager, chair, agency
):
    chair_in_pool(administrator, chair)
    early = notified_review(review_manager, agency, "Early")
    client.force_login(review_manager)

    page = client.get(url("appoint_chair", early.reference))

    assert page.context["form"] is None
    assert "You cannot appoint a chair now: Not possible while the review is at the stage" in (
        page_text(page)
    )
    response = client.post(
        url("appoint_chair", early.reference),
        {"chair": chair.chair_profile.pk, "appointed_on": "01/03/2026"},
    )
    assert response.status_code == 302
    early.refresh_from_db()
    assert early.chair is None


def test_others_who_may_open_the_review_see_the_chair_but_cannot_appoint(
    client, administrator, review, council_member, chair
):
    profile = chair_in_pool(administrator, chair)
    client.force_login(council_member)  # its agency was sent a request, so it may open the review

    page = client.get(url("appoint_chair", review.reference))

    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Not appointed yet" in page_text(page)
    response = client.post(
        url("appoint_chair", review.reference), {"chair": profile.pk, "appointed_on": "01/03/2026"}
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.chair is None


@pytest.mark.parametrize("name", ["appoint_chair", "panel"])
def test_review_pages_outside_the_users_scope_are_404(
    client, review, steering_member, agency_member, chair, administrator, name
):
    other_manager = UserFactory(
        role=Role.REVIEW_MANAGER, partnerships=[PartnershipFactory(name="Medway", code="MED")]
    )
    for user in (other_manager, steering_member, agency_member, chair, administrator):
        client.force_login(user)
        assert client.get(url(name, review.reference)).status_code == 404, user.role
        assert client.post(url(name, review.reference), {}).status_code == 404, user.role


# --- Forming the panel ----------------------------------------------------------------------


def test_adding_an_agency_gives_its_members_access(
    client, review_manager, review, agency, agency_member
):
    client.force_login(agency_member)
    assert client.get(review_url(review)).status_code == 404
    client.force_login(review_manager)
    page = client.get(url("panel", review.reference))
    assert agency in page.context["form"].fields["agency"].queryset

    response = client.post(
        url("panel", review.reference),
        {
            "agency": agency.pk,
            "role": PanelMember.PanelRole.AGENCY,
            "representative": "DI Jo Bloggs, Public Protection",
            "added_on": "03/02/2026",
        },
    )

    assert response.status_code == 302
    member = PanelMember.objects.get(review=review)
    assert (member.agency, member.added_on) == (agency, date(2026, 2, 3))
    page = client.get(url("panel", review.reference))
    assert "DI Jo Bloggs, Public Protection" in page_text(page)
    assert agency not in page.context["form"].fields["agency"].queryset
    client.force_login(agency_member)
    assert client.get(review_url(review)).status_code == 200
    assert client.get(url("panel", review.reference)).status_code == 200


def test_removing_an_agency_takes_its_access_away(
    client, review_manager, review, agency, agency_member
):
    member = seat(review, review_manager, agency)
    client.force_login(agency_member)
    assert client.get(review_url(review)).status_code == 200
    client.force_login(review_manager)

    confirm = client.get(url("panel_remove", review.reference, member.pk))
    assert confirm.status_code == 200
    assert "Remove Kent Police from the panel?" in page_text(confirm)
    response = client.post(url("panel_remove", review.reference, member.pk))

    assert response.status_code == 302
    assert not PanelMember.objects.filter(pk=member.pk).exists()
    client.force_login(agency_member)
    assert client.get(review_url(review)).status_code == 404


def test_an_agency_with_an_information_request_keeps_access_after_leaving(
    client, review_manager, review, council, council_member
):
    member = seat(review, review_manager, council)
    client.force_login(review_manager)

    response = client.post(url("panel_remove", review.reference, member.pk), follow=True)

    assert "Its members can still open the review" in page_text(response)
    client.force_login(council_member)
    assert client.get(review_url(review)).status_code == 200


def test_an_agency_the_chair_declared_a_conflict_with_is_refused(
    client, administrator, review_manager, review, chair, agency, agency_member
):
    profile = chair_in_pool(administrator, chair, (agency, "former employee"))
    panel_workflow.appoint_chair(review, by=review_manager, chair=profile, appointed_on=DECIDED_ON)
    client.force_login(review_manager)

    response = client.post(
        url("panel", review.reference),
        {
            "agency": agency.pk,
            "role": PanelMember.PanelRole.AGENCY,
            "representative": "DI Jo Bloggs",
            "added_on": "03/02/2026",
        },
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "The chair has declared a conflict of interest with Kent Police" in text
    assert 'value="DI Jo Bloggs"' in text
    assert not PanelMember.objects.filter(review=review).exists()
    client.force_login(agency_member)
    assert client.get(review_url(review)).status_code == 404


def test_panel_errors_are_shown_with_the_input_kept(client, review_manager, review, agency):
    client.force_login(review_manager)

    response = client.post(
        url("panel", review.reference),
        {"agency": agency.pk, "role": PanelMember.PanelRole.AGENCY, "representative": "Jo"},
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "Enter the date the agency joined the panel" in text
    assert 'value="Jo"' in text
    assert not PanelMember.objects.exists()


def test_only_the_review_manager_changes_the_panel(
    client, review_manager, review, agency, council, council_member
):
    member = seat(review, review_manager, agency)
    client.force_login(council_member)

    page = client.get(url("panel", review.reference))

    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Kent Police" in page_text(page)
    assert "Remove" not in page_text(page)
    post = client.post(
        url("panel", review.reference),
        {"agency": council.pk, "role": "agency", "added_on": "03/02/2026"},
    )
    assert post.status_code == 403
    assert client.get(url("panel_remove", review.reference, member.pk)).status_code == 403
    assert client.post(url("panel_remove", review.reference, member.pk)).status_code == 403
    assert PanelMember.objects.filter(review=review).count() == 1


def test_the_panel_is_fixed_once_the_report_goes_to_qa(client, review_manager, agency):
    review = walk_to(Stage.QA_SUBMITTED, manager=review_manager, agency=agency)
    member = review.panel_members.get(agency=agency)
    client.force_login(review_manager)

    page = client.get(url("panel", review.reference))
    assert page.context["form"] is None
    response = client.post(url("panel_remove", review.reference, member.pk), follow=True)

    assert "The panel can no longer be changed at this stage." in page_text(response)
    assert PanelMember.objects.filter(pk=member.pk).exists()


def test_panel_changes_appear_in_the_reviews_history(review_manager, review, agency):
    seat(review, review_manager, agency)

    records = {entry.record for entry in review_history(review, review_manager)}

    assert "Panel: Kent Police" in records


# --- Convening the panel and the task list ---------------------------------------------------


def test_the_convene_button_starts_the_panels_work(
    client, administrator, review_manager, review, chair, agency
):
    profile = chair_in_pool(administrator, chair)
    panel_workflow.appoint_chair(review, by=review_manager, chair=profile, appointed_on=DECIDED_ON)
    client.force_login(review_manager)
    action = reverse("cases:action", args=[review.reference, "convene_panel"])

    refused = client.post(action, follow=True)

    assert "Add at least one agency to the panel first." in page_text(refused)
    review.refresh_from_db()
    assert review.stage == Stage.CHAIR_APPOINTED

    seat(review, review_manager, agency)
    response = client.post(action, follow=True)

    assert "The panel has started its work." in page_text(response)
    review.refresh_from_db()
    assert review.stage == Stage.PANEL


def test_the_task_list_has_the_chair_and_the_panel(
    client, administrator, review_manager, review, chair, agency
):
    def statuses():
        review.refresh_from_db()
        return {task["title"]: task["status"] for task in tasklist.tasks_for(review)}

    tasks = {task["title"]: task["url"] for task in tasklist.tasks_for(review)}
    assert tasks["Independent chair"] == url("appoint_chair", review.reference)
    assert tasks["Panel"] == url("panel", review.reference)
    assert statuses()["Independent chair"] == tasklist.Status.IN_PROGRESS
    assert statuses()["Panel"] == tasklist.Status.IN_PROGRESS

    profile = chair_in_pool(administrator, chair)
    panel_workflow.appoint_chair(review, by=review_manager, chair=profile, appointed_on=DECIDED_ON)
    assert statuses()["Independent chair"] == tasklist.Status.DONE
    assert statuses()["Panel"] == tasklist.Status.IN_PROGRESS

    client.force_login(review_manager)
    text = page_text(client.get(review_url(review)))
    assert url("appoint_chair", review.reference) in text
    assert url("panel", review.reference) in text


def test_chair_and_panel_tasks_before_commissioning_and_when_not_commissioned(
    review_manager, agency
):
    early = notified_review(review_manager, agency, "Early")
    statuses = {task["title"]: task["status"] for task in tasklist.tasks_for(early)}
    assert statuses["Independent chair"] == tasklist.Status.CANNOT_START
    assert statuses["Panel"] == tasklist.Status.CANNOT_START

    declined = walk_to(
        Stage.CLOSED,
        manager=review_manager,
        agency=agency,
        decision=Review.Decision.NOT_COMMISSION,
        rationale="Criteria not met.",
        notified_on=NOTIFIED_ON,
        decision_on=DECIDED_ON,
    )
    statuses = {task["title"]: task["status"] for task in tasklist.tasks_for(declined)}
    assert statuses["Independent chair"] == tasklist.Status.NOT_NEEDED
    assert statuses["Panel"] == tasklist.Status.NOT_NEEDED
