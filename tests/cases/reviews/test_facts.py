"""The facts the overview's task list and stage guards ask (``cases.reviews.facts``): read all at
once they say what each says asked alone, on reviews at every stage with their records; the
statement kept for one day is not used on the next; and the overview's queries do not grow with
the review's records."""

from datetime import date, timedelta

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Recommendation
from cases.lifecycle import workflow
from cases.models import Review, Stage
from cases.reviews import facts, tasklist
from dhr.accounts.roles import Role
from dhr.models import User
from panels.models import ContributionRequest
from tests.actionplans.factories import agreed_recommendation


def _read(review: Review) -> Review:
    fresh = Review.objects.get(pk=review.pk)
    facts.read(fresh)
    return fresh


def test_read_at_once_the_facts_say_what_each_says_alone(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    reviews = list(Review.objects.order_by("pk"))
    assert {review.stage for review in reviews} >= {Stage.PANEL, Stage.MONITORING, Stage.CLOSED}
    seen = {name: set() for name in facts._facts}
    for review in reviews:
        read = _read(review)
        for name in facts._facts:
            alone = facts.fact(Review.objects.get(pk=review.pk), name)
            assert facts.fact(read, name) == alone, (review.reference, name)
            seen[name].add(repr(alone))
        # The task list and the refusals drawn from the facts are those asked one by one.
        assert tasklist.tasks_for(read) == tasklist.tasks_for(review), review.reference
        manager = User.objects.filter(role=Role.REVIEW_MANAGER, partnerships=review.partnership)[0]
        assert workflow.available_actions(read, manager) == workflow.available_actions(
            review, manager
        )
    # The demo gives each fact more than one answer: the comparison compared something.
    assert all(len(answers) > 1 for answers in seen.values()), seen

    # And the figures are the records' own.
    planned = next(r for r in reviews if r.recommendations.exists())
    figures = facts.figures(_read(planned), "recommendations")
    assert figures["all"] == Recommendation.objects.filter(review=planned).count()
    requests = next(r for r in reviews if r.contribution_requests.exists())
    assert facts.figures(_read(requests), "contribution_requests")["not_withdrawn"] == (
        ContributionRequest.objects.filter(review=requests)
        .exclude(status=ContributionRequest.Status.WITHDRAWN)
        .count()
    )


def _plan(review, manager, agency, count: int, target_date: date) -> None:
    for number in range(1, count + 1):
        agreed_recommendation(
            review,
            by=manager,
            agency=agency,
            text=f"Agencies share risk assessments at the daily meeting ({number}).",
            target_date=target_date,
        )


def test_a_late_action_is_late_by_the_day_of_the_request(cast):
    review = cast.walk_to(Stage.PANEL)  # with an action of its own, due in January 2027
    due = date(2027, 3, 1)
    _plan(review, cast.manager, cast.agency, 1, due)
    with time_machine.travel(due):
        assert facts.figures(_read(review), "plan_actions")["open_late"] == 1
    # The statement kept for that day is not the next day's.
    with time_machine.travel(due + timedelta(days=1)):
        read = _read(review)
        assert facts.figures(read, "plan_actions")["open_late"] == 2
        statuses = {task["title"]: task["status"] for task in tasklist.tasks_for(read)}
        assert statuses["Action plan"] == tasklist.Status.OVERDUE


def test_the_overview_asks_the_same_number_of_queries_however_many_records(manager_client, cast):
    review = cast.walk_to(Stage.PANEL)
    address = reverse("cases:detail", args=[review.reference])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(address).status_code == 200
        return len(captured)

    few = queries()
    _plan(review, cast.manager, cast.agency, 5, date(2027, 3, 1))
    assert queries() == few
