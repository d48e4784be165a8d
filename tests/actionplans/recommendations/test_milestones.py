"""An action's milestones from its page: added, marked as reached, changed and deleted (after
a confirmation page) by the review manager or the lead agency, each change in the history
with who made it; others are refused."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import Milestone, PlanAction
from cases.models import Stage
from tests.actionplans.factories import complete

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, action, *args):
    return reverse(f"actionplans:{name}", args=[action.review.reference, action.pk, *args])


@pytest.fixture
def action(cast, media_root):
    review = cast.walk_to(Stage.PANEL)
    return PlanAction.objects.get(review=review, lead_agency=cast.agency)


def test_the_lead_agency_adds_changes_and_deletes_a_milestone(cast, action):
    member = login(cast.agency_member)
    added = member.post(
        url("plan_milestone_new", action), {"title": "Draft the guidance", "due_on": "30/04/2026"}
    )
    assert added.status_code == 302
    milestone = action.milestones.get()
    assert (milestone.title, milestone.due_on, milestone.done_on) == (
        "Draft the guidance",
        date(2026, 4, 30),
        None,
    )
    page = member.get(reverse("actionplans:plan_action", args=[action.review.reference, action.pk]))
    body = page.content.decode()
    assert url("plan_milestone_edit", action, milestone.pk) in body
    assert url("plan_milestone_delete", action, milestone.pk) in body

    form = member.get(url("plan_milestone_edit", action, milestone.pk))
    assert form.status_code == 200
    assert form.context["form"]["title"].value() == "Draft the guidance"
    changed = member.post(
        url("plan_milestone_edit", action, milestone.pk),
        {"title": "Draft and consult on the guidance", "due_on": "31/05/2026", "done_on": ""},
    )
    assert changed.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on) == (
        "Draft and consult on the guidance",
        date(2026, 5, 31),
    )
    refused = member.post(
        url("plan_milestone_edit", action, milestone.pk),
        {"title": "", "due_on": "31/13/2026"},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["title"] == ["Enter the milestone"]

    confirm = member.get(url("plan_milestone_delete", action, milestone.pk))
    assert confirm.status_code == 200
    assert "Delete the milestone “Draft and consult on the guidance”" in confirm.content.decode()
    assert action.milestones.exists()  # the GET deleted nothing
    assert member.post(url("plan_milestone_delete", action, milestone.pk)).status_code == 302
    assert not action.milestones.exists()

    history = Milestone.history.filter(id=milestone.pk).order_by("history_date")
    assert [(h.history_type, h.title, h.history_user) for h in history] == [
        ("+", "Draft the guidance", cast.agency_member),
        ("~", "Draft and consult on the guidance", cast.agency_member),
        ("-", "Draft and consult on the guidance", cast.agency_member),
    ]
    assert history.last().history_change_reason == "Milestone deleted"
    # The review's history lists the deletion, with who did it.
    page = login(cast.manager).get(reverse("cases:history", args=[action.review.reference]))
    assert "Milestone: Draft and consult on the guidance" in page.text


def test_the_manager_marks_reached_and_corrects_the_date(cast, action):
    manager = login(cast.manager)
    manager.post(url("plan_milestone_new", action), {"title": "Audit", "due_on": "01/03/2026"})
    milestone = action.milestones.get()
    manager.post(url("plan_milestone_done", action, milestone.pk))
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    manager.post(
        url("plan_milestone_edit", action, milestone.pk),
        {"title": "Audit", "due_on": "01/03/2026", "done_on": "02/03/2026"},
    )
    milestone.refresh_from_db()
    assert milestone.done_on == date(2026, 3, 2)
    assert Milestone.history.filter(id=milestone.pk).first().history_user == cast.manager


def test_others_may_not_and_a_closed_action_keeps_its_milestones(cast, action):
    manager = login(cast.manager)
    manager.post(url("plan_milestone_new", action), {"title": "Audit", "due_on": "01/03/2026"})
    milestone = action.milestones.get()
    chair = login(cast.chair)
    assert chair.get(url("plan_milestone_edit", action, milestone.pk)).status_code == 403
    assert chair.post(url("plan_milestone_delete", action, milestone.pk)).status_code == 403
    assert action.milestones.exists()

    complete(action, manager=cast.manager)
    refused = manager.post(url("plan_milestone_delete", action, milestone.pk), follow=True)
    assert f"Action {action.label} is closed: its milestones can no longer change." in (
        refused.content.decode()
    )
    assert action.milestones.exists()
