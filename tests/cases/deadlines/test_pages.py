"""The deadline pages, walked as their users would: My work, a review's deadlines, the Home
Office date, the calendar address and feed, the timescale rules and the notifications.

Every page: the roles that may use it get 200, the others 403; a review outside the user's
scope is a 404.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.deadlines import calendar_feeds
from cases.deadlines import services as deadlines
from cases.deadlines.models import DeadlineQuerySet
from cases.lifecycle import workflow
from cases.models import CalendarFeed, Deadline, DeadlineKind, Hold, Stage, TimescaleRule
from dhr import navigation
from dhr.accounts.roles import Role
from dhr.models import Notification
from tests.cases.factories import walk_to
from tests.conftest import london
from tests.dhr.factories import AgencyFactory

K = DeadlineKind
TODAY = date(2026, 6, 1)  # the ``clock`` fixture's day
WORKING_ROLES = [Role.REVIEW_MANAGER, Role.CHAIR, Role.AGENCY_MEMBER]
OTHER_ROLES = [Role.STEERING_GROUP, Role.ADMINISTRATOR]


def page(client, url_name, *args, **query):
    return client.get(reverse(url_name, args=args), query)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def agency_deadline(review, agency, *, due_on, title, source):
    """A deadline a later app would open for the agency (an agency report, say)."""
    return deadlines.open_deadline(
        review,
        kind=K.AGENCY_REPORT,
        due_on=due_on,
        rule="Due date set by the chair",
        source=source,
        owner_agency=agency,
        title=title,
    )


@pytest.fixture
def review(clock, cast):
    """A review of Swale at "panel", chaired by Chris Chair, Kent Police on its panel. Its
    completion deadline (Rita's) is open, due 20 August 2026."""
    return cast.walk_to(Stage.PANEL)


# --- My work -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WORKING_ROLES)
def test_my_work_is_for_the_roles_that_work_on_reviews(users_by_role, role):
    response = page(login(users_by_role[role]), "deadlines:my_work")
    assert response.status_code == 200
    assert "My work" in response.text


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_my_work_is_not_for_the_steering_group_or_administrators(users_by_role, role):
    assert page(login(users_by_role[role]), "deadlines:my_work").status_code == 403


def test_my_work_is_in_the_navigation_of_the_working_roles(users_by_role):
    for role, user in users_by_role.items():
        labels = [item["label"] for item in navigation.items_for(user, "/")]
        assert ("My work" in labels) is (role in WORKING_ROLES), role
        assert ("Timescales" in labels) is (role == Role.ADMINISTRATOR), role


def test_my_work_lists_the_managers_deadlines_soonest_first_overdue_in_red(review, cast):
    agency_deadline(
        review, cast.agency, due_on=TODAY + timedelta(3), title="Agency report", source="a:1"
    )
    agency_deadline(
        review, cast.agency, due_on=TODAY - timedelta(2), title="Late chronology", source="a:2"
    )
    text = page(login(cast.manager), "deadlines:my_work").text
    late, report, completion = (
        text.index("Late chronology"),
        text.index("Agency report"),
        text.index("Review completed"),
    )
    assert late < report < completion  # soonest first
    row = text[text.rindex("<tr", 0, late) : text.index("</tr>", late)]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in row
    assert "2 days overdue" in row
    assert "1 deadline overdue" in text
    assert review.reference in text
    assert f"Case {review.pseudonym}" in text
    assert "3 days left" in text
    assert "80 days left" in text  # completion, due 20 August
    # Rita chases the agency's deadlines from the review's page; her own link to their pages.
    assert (
        f'<a class="govuk-link" href="/reviews/{review.reference}/deadlines/">Late chronology'
        in text
    )
    assert f'<a class="govuk-link" href="/reviews/{review.reference}/qa/">Review completed' in text


def test_an_agency_member_sees_only_their_agencys_deadlines_in_reviews_they_can_open(
    review, cast, outsider
):
    agency_deadline(review, cast.agency, due_on=TODAY, title="Kent report", source="a:1")
    # A deadline of the outsider's agency in a review that agency cannot open: not shown.
    agency_deadline(review, outsider.agency, due_on=TODAY, title="Uninvolved report", source="a:2")
    mine = page(login(cast.agency_member), "deadlines:my_work").text
    assert "Kent report" in mine
    assert "Due today" in mine
    assert "Review completed" not in mine  # the manager's
    assert "Uninvolved report" not in mine
    theirs = page(login(outsider), "deadlines:my_work").text
    assert "You have no open deadlines." in theirs
    assert review.reference not in theirs


def test_a_chair_sees_the_deadlines_that_are_theirs(review, cast):
    deadlines.open_deadline(
        review,
        kind=K.ACTION,
        due_on=TODAY + timedelta(days=10),
        rule="Set by the panel",
        source="x:1",
        owner_user=cast.chair,
        title="Draft the overview report",
    )
    text = page(login(cast.chair), "deadlines:my_work").text
    assert "Draft the overview report" in text
    assert "Review completed" not in text


def test_a_review_manager_of_another_partnership_sees_none_of_them(review, medway_manager):
    text = page(login(medway_manager), "deadlines:my_work").text
    assert review.reference not in text


def test_my_work_shows_what_was_met_lately_and_pauses_during_a_hold(clock, review, cast):
    agency_deadline(
        review, cast.agency, due_on=TODAY - timedelta(5), title="Agency report", source="a:1"
    )
    deadlines.close_deadline(kind=K.AGENCY_REPORT, source="a:1", met_on=TODAY - timedelta(1))
    workflow.put_on_hold(review, by=cast.manager, reason=Hold.Reason.INQUEST)
    text = page(login(cast.manager), "deadlines:my_work").text
    met = text[text.index('id="met-deadlines"') :]
    assert "Agency report" in met
    assert "Met late" in met
    assert "Paused: on hold" in text
    assert "overdue" not in text.split('id="met-deadlines"')[0].split("Open deadlines")[1]


def test_my_work_takes_the_same_number_of_queries_however_many_deadlines(clock, cast):
    client = login(cast.manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert page(client, "deadlines:my_work").status_code == 200
        return len(captured)

    def some_reviews(count, start):
        for number in range(count):
            review = walk_to(
                Stage.SCOPING, manager=cast.manager, pseudonym=f"Many {start + number}"
            )
            agency_deadline(
                review,
                AgencyFactory(name=f"Agency {start + number}"),
                due_on=TODAY + timedelta(number),
                title="Report",
                source=f"r:{start + number}",
            )
            deadlines.close_deadline(kind=K.DECISION, source=review, met_on=TODAY)

    some_reviews(2, 0)
    few = queries()
    some_reviews(12, 100)
    assert queries() == few


def test_my_work_shows_fifty_open_deadlines_a_page_and_counts_every_overdue_one(review, cast):
    for number in range(55):
        agency_deadline(
            review,
            cast.agency,
            due_on=TODAY + timedelta(number - 3),  # the first three are overdue
            title=f"Item {number:02d}",
            source=f"many:{number}",
        )
    total = Deadline.objects.filter(review=review).open().count()
    client = login(cast.manager)
    first = page(client, "deadlines:my_work").text
    assert f"Open deadlines ({total})" in first
    assert "Page 1 of 2: 1 to 50, soonest first" in first
    assert "Item 00" in first
    assert "Item 54" not in first
    table = first[first.index('id="open-deadlines"') :]
    table = table[: table.index("</table>")]
    assert table.count('<tr class="govuk-table__row') == 50 + 1  # and the heading row
    assert "3 deadlines overdue" in first
    assert 'href="?page=2" rel="next"' in first
    second = page(client, "deadlines:my_work", page=2).text
    assert f"Page 2 of 2: 51 to {total}, soonest first" in second
    assert "Item 54" in second
    assert "Item 00" not in second
    assert "3 deadlines overdue" in second  # the count is of all of them, not of the page
    # The second page is read from the end (dhr.pagination) and still soonest first.
    items = [second.index(f"Item {number:02d}") for number in range(50, 55)]
    assert items == sorted(items)


def test_the_overdue_count_is_of_running_deadlines_past_due(clock, review, cast):
    agency_deadline(review, cast.agency, due_on=TODAY - timedelta(2), title="Late", source="a:1")
    agency_deadline(review, cast.agency, due_on=TODAY + timedelta(2), title="Soon", source="a:2")
    agency_deadline(review, cast.agency, due_on=TODAY - timedelta(9), title="Met", source="a:3")
    deadlines.close_deadline(kind=K.AGENCY_REPORT, source="a:3", met_on=TODAY)
    open_ones = Deadline.objects.filter(review=review).open()
    assert open_ones.aggregate(**DeadlineQuerySet.count_aggregates(TODAY)) == {
        "all": open_ones.count(),
        "overdue": open_ones.overdue(TODAY).count(),
    }
    assert open_ones.aggregate(**DeadlineQuerySet.count_aggregates(TODAY))["overdue"] == 1
    workflow.put_on_hold(review, by=cast.manager, reason=Hold.Reason.INQUEST)
    assert (
        open_ones.aggregate(**DeadlineQuerySet.count_aggregates(TODAY))["overdue"]
        == 0
        == open_ones.overdue(TODAY).count()
    )


# --- A review's deadlines ------------------------------------------------------------------------


def test_the_reviews_deadlines_tab(review, cast):
    response = page(login(cast.manager), "deadlines:review", review.reference)
    assert response.status_code == 200
    text = response.text
    assert 'aria-current="page"' in text
    assert ">Deadlines</a>" in text
    for title in (
        "Partnership&#x27;s decision",
        "Home Office told of the decision",
        "Review completed",
    ):
        assert title in text
    assert "1 month after the notification" in text
    assert "Met on time" in text
    assert "80 days left" in text


@pytest.mark.parametrize("who", ["manager", "chair", "agency_member"])
def test_everyone_in_the_review_sees_its_deadlines(review, cast, who):
    user = getattr(cast, who)
    assert page(login(user), "deadlines:review", review.reference).status_code == 200


def test_the_reviews_deadlines_are_a_404_outside_its_scope(
    review, outsider, medway_manager, steering_member, administrator
):
    for user in (outsider, medway_manager, steering_member, administrator):
        assert page(login(user), "deadlines:review", review.reference).status_code == 404
    assert page(login(medway_manager), "deadlines:review", "DHR-NOPE-2026-999").status_code == 404


# --- The Home Office date ------------------------------------------------------------------------


@pytest.fixture
def untold(clock, cast):
    """A review commissioned on 20 February 2026 without telling the Home Office yet."""
    review = cast.walk_to(Stage.DECISION)
    workflow.record_decision(
        review,
        by=cast.manager,
        decision="commission",
        decision_on=date(2026, 2, 20),
        rationale="Criteria met.",
        decided_by="Board",
        home_office_informed_on=None,
    )
    review.refresh_from_db()
    return review


def test_the_manager_records_when_the_home_office_was_told(untold, cast):
    client = login(cast.manager)
    tab = page(client, "deadlines:review", untold.reference).text
    assert "Record when the Home Office was told" in tab
    assert page(client, "deadlines:home_office", untold.reference).status_code == 200
    response = client.post(
        reverse("deadlines:home_office", args=[untold.reference]), {"informed_on": "24/02/2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deadlines:review", args=[untold.reference])
    untold.refresh_from_db()
    assert untold.home_office_informed_on == date(2026, 2, 24)
    assert Deadline.objects.get(review=untold, kind=K.HOME_OFFICE).met_on == date(2026, 2, 24)
    again = page(client, "deadlines:home_office", untold.reference).text
    assert "The Home Office was told on 24 February 2026." in again


def test_the_home_office_date_errors_keep_the_input(untold, cast):
    client = login(cast.manager)
    url = reverse("deadlines:home_office", args=[untold.reference])
    response = client.post(url, {"informed_on": "31/02/2026"})
    assert "There is a problem" in response.text
    assert "Enter a real date" in response.text
    assert 'value="31/02/2026"' in response.text
    refused = client.post(url, {"informed_on": "19/02/2026"})
    assert "cannot be told before the decision was made" in refused.text
    assert 'value="19/02/2026"' in refused.text
    future = client.post(url, {"informed_on": "02/06/2026"})
    assert "must be today or in the past" in future.text
    untold.refresh_from_db()
    assert untold.home_office_informed_on is None
    assert Deadline.objects.get(review=untold, kind=K.HOME_OFFICE).is_open


def test_only_the_manager_records_the_home_office_date(untold, cast, outsider):
    url = reverse("deadlines:home_office", args=[untold.reference])
    # Kent Police answered a request, so its member can open the review: but not this page.
    assert login(cast.agency_member).get(url).status_code == 403
    assert login(cast.agency_member).post(url, {"informed_on": "24/02/2026"}).status_code == 403
    assert login(outsider).get(url).status_code == 404
    untold.refresh_from_db()
    assert untold.home_office_informed_on is None


def test_the_home_office_date_waits_for_the_decision(clock, cast):
    review = cast.walk_to(Stage.DECISION)
    client = login(cast.manager)
    text = page(client, "deadlines:home_office", review.reference).text
    assert "You cannot record this yet: Record the partnership" in text
    response = client.post(
        reverse("deadlines:home_office", args=[review.reference]), {"informed_on": "24/02/2026"}
    )
    assert "decision first" in response.text


# --- The calendar --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WORKING_ROLES)
def test_the_calendar_page_is_for_the_working_roles(users_by_role, role):
    assert page(login(users_by_role[role]), "deadlines:calendar").status_code == 200


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_the_calendar_page_is_not_for_other_roles(users_by_role, role):
    client = login(users_by_role[role])
    assert page(client, "deadlines:calendar").status_code == 403
    assert client.post(reverse("deadlines:calendar")).status_code == 403
    assert not CalendarFeed.objects.exists()


def feed_url_from(response) -> str:
    text = response.text
    start = text.index('<code id="calendar-url">') + len('<code id="calendar-url">')
    return text[start : text.index("</code>", start)]


def test_a_user_makes_a_calendar_address_and_subscribes(review, cast, client):
    manager = login(cast.manager)
    assert "You have no calendar address yet." in page(manager, "deadlines:calendar").text
    made = manager.post(reverse("deadlines:calendar"))
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    url = feed_url_from(made)
    assert url.startswith("http://testserver/calendar/")
    assert url.endswith(".ics")
    token = url.rsplit("/", 1)[1][: -len(".ics")]
    assert len(token) >= 43  # 256 bits
    assert token not in CalendarFeed.objects.get().token_digest  # only a digest is stored
    # Not shown again.
    assert url not in page(manager, "deadlines:calendar").text

    feed = client.get(url)  # no sign-in
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    body = feed.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    unfolded = body.replace("\r\n ", "")
    assert f"SUMMARY:{review.reference} (Case {review.pseudonym}): Review completed" in unfolded
    assert "DTSTART;VALUE=DATE:20260820" in unfolded
    for name in (cast.manager.full_name, cast.chair.full_name, cast.agency_member.full_name):
        assert name not in unfolded


def test_resetting_the_address_makes_the_old_one_a_404(review, cast, client):
    manager = login(cast.manager)
    old = feed_url_from(manager.post(reverse("deadlines:calendar")))
    assert "You have a calendar address" in page(manager, "deadlines:calendar").text
    new = feed_url_from(manager.post(reverse("deadlines:calendar")))
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_a_feed_of_a_deactivated_user_or_a_made_up_token_is_a_404(review, cast, client):
    token = calendar_feeds.reset_feed(cast.agency_member)
    path = calendar_feeds.feed_path(token)
    assert client.get(path).status_code == 200
    assert client.get(calendar_feeds.feed_path("made-up-token")).status_code == 404
    cast.agency_member.is_active = False
    cast.agency_member.save()
    assert client.get(path).status_code == 404


def test_the_agency_members_feed_holds_their_agencys_deadlines_only(review, cast, client):
    agency_deadline(review, cast.agency, due_on=TODAY, title="Kent report", source="a:1")
    body = client.get(calendar_feeds.feed_path(calendar_feeds.reset_feed(cast.agency_member)))
    text = body.content.decode().replace("\r\n ", "")
    assert "Kent report" in text
    assert "Review completed" not in text
    # Kent Police's own: "Kent report" and the walk's action-plan action.
    assert (
        text.count("BEGIN:VEVENT")
        == Deadline.objects.open().filter(owner_agency=cast.agency).count()
        == 2
    )


# --- Timescale rules -----------------------------------------------------------------------------


def default_rule(kind) -> TimescaleRule:
    return TimescaleRule.objects.get(kind=kind, partnership=None)


def rule_pages(partnership):
    own = TimescaleRule.objects.create(
        partnership=partnership, kind=K.COMPLETION, period=12, unit="months"
    )
    return [
        ("deadlines:timescales", []),
        ("deadlines:timescale_new", []),
        ("deadlines:timescale_edit", [default_rule(K.DECISION).pk]),
        ("deadlines:timescale_delete", [own.pk]),
    ]


@pytest.mark.parametrize("role", [*WORKING_ROLES, Role.STEERING_GROUP])
def test_only_administrators_reach_the_timescale_pages(users_by_role, partnership, role):
    administrator = login(users_by_role[Role.ADMINISTRATOR])
    other = login(users_by_role[role])
    for url_name, args in rule_pages(partnership):
        url = reverse(url_name, args=args)
        assert other.get(url).status_code == 403, url_name
        assert other.post(url).status_code == 403, url_name
        assert administrator.get(url).status_code == 200, url_name
    assert TimescaleRule.objects.filter(partnership=partnership).count() == 1  # not removed


def test_the_timescales_page_lists_the_defaults_of_domain_md(admin_client):
    text = page(admin_client, "deadlines:timescales").text
    assert "1 month after the notification" in text
    assert "6 months after the decision to commission" in text
    assert "56 days after the Commissioner&#x27;s report is published" in text
    assert "set each time" in text
    assert "14, 7, 1" in text
    assert "No partnership has its own rules" in text


def test_an_administrator_changes_a_default_and_new_deadlines_follow_it(
    admin_client, clock, review_manager
):
    rule = default_rule(K.DECISION)
    url = reverse("deadlines:timescale_edit", args=[rule.pk])
    form = admin_client.get(url).text
    assert 'value="1"' in form
    assert 'value="14, 7, 1"' in form
    response = admin_client.post(url, {"period": "6", "unit": "days", "reminder_days": "3, 1"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.period, rule.unit, rule.reminder_days) == (6, "days", [3, 1])
    review = walk_to(Stage.NOTIFIED, manager=review_manager, notified_on=date(2026, 5, 1))
    decision = Deadline.objects.get(review=review, kind=K.DECISION)
    assert decision.due_on == date(2026, 5, 7)
    assert decision.rule == "6 days after the notification"


def test_timescale_errors_keep_the_input(admin_client):
    rule = default_rule(K.COMPLETION)
    url = reverse("deadlines:timescale_edit", args=[rule.pk])
    response = admin_client.post(url, {"period": "7", "unit": "", "reminder_days": "14, 7"})
    assert "There is a problem" in response.text
    assert "Choose days or months" in response.text
    assert 'value="7"' in response.text
    response = admin_client.post(url, {"period": "6", "unit": "months", "reminder_days": "a week"})
    assert "Enter whole numbers of days separated by commas" in response.text
    response = admin_client.post(url, {"period": "99", "unit": "months", "reminder_days": "7"})
    assert "between 1 and 36 months" in response.text
    response = admin_client.post(url, {"period": "", "unit": "", "reminder_days": "7"})
    assert "Enter the period and choose days or months" in response.text
    request_rule = default_rule(K.INFORMATION_REQUEST)
    response = admin_client.post(
        reverse("deadlines:timescale_edit", args=[request_rule.pk]),
        {"period": "10", "unit": "days", "reminder_days": "7"},
    )
    assert "set each time: leave the period empty" in response.text
    rule.refresh_from_db()
    assert (rule.period, rule.unit) == (6, "months")


def test_an_administrator_adds_and_removes_a_partnerships_rule(admin_client, partnership):
    new = reverse("deadlines:timescale_new")
    data = {
        "partnership": partnership.pk,
        "kind": K.COMPLETION,
        "period": "12",
        "unit": "months",
        "reminder_days": "28, 14, 7",
    }
    assert admin_client.post(new, data).status_code == 302
    own = TimescaleRule.objects.get(partnership=partnership)
    assert (own.kind, own.period, own.reminder_days) == (K.COMPLETION, 12, [28, 14, 7])
    listed = page(admin_client, "deadlines:timescales").text
    assert "Swale" in listed
    assert "12 months after the decision to commission" in listed

    twice = admin_client.post(new, data)
    assert "Swale already has its own rule for this deadline" in twice.text
    assert TimescaleRule.objects.filter(partnership=partnership).count() == 1

    remove = reverse("deadlines:timescale_delete", args=[own.pk])
    assert "Remove Swale" in admin_client.get(remove).text
    assert TimescaleRule.objects.filter(pk=own.pk).exists()  # nothing on GET
    assert admin_client.post(remove).status_code == 302
    assert not TimescaleRule.objects.filter(pk=own.pk).exists()


def test_a_default_rule_cannot_be_removed(admin_client):
    url = reverse("deadlines:timescale_delete", args=[default_rule(K.DECISION).pk])
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url).status_code == 404
    assert page(admin_client, "deadlines:timescale_edit", 999999).status_code == 404


# --- Notifications ------------------------------------------------------------------------------


def note(user, subject, url="/my-work/") -> Notification:
    return Notification.objects.create(recipient=user, subject=subject, body="Body.", url=url)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_notifications_page(users_by_role, role):
    assert page(login(users_by_role[role]), "notifications:list").status_code == 200


def test_the_header_counts_unread_notifications(review_manager, chair):
    client = login(review_manager)
    assert "dhr-unread-count" not in page(client, "home").text
    for number in range(3):
        note(review_manager, f"Reminder {number}")
    note(chair, "Not hers")
    header = page(client, "home").text
    count = '<strong class="govuk-tag govuk-tag--red dhr-unread-count">3<span class'
    assert count in header
    assert '<span class="govuk-visually-hidden"> unread</span>' in header


def test_notifications_are_the_users_own_and_opening_one_marks_it_read(review_manager, chair):
    mine = note(review_manager, "Reminder: the decision", url="/reviews/")
    theirs = note(chair, "Chair's reminder")
    client = login(review_manager)
    listing = page(client, "notifications:list").text
    assert "Reminder: the decision" in listing
    assert "Chair&#x27;s reminder" not in listing
    assert "1 notification, 1 unread" in listing

    response = page(client, "notifications:open", mine.pk)
    assert response.status_code == 302
    assert response["Location"] == "/reviews/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert page(client, "notifications:open", theirs.pk).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_never_redirects_off_the_site(review_manager):
    bad = note(review_manager, "Odd", url="https://evil.example.com/")
    response = page(login(review_manager), "notifications:open", bad.pk)
    assert response["Location"] == reverse("notifications:list")


def test_marking_all_as_read(review_manager, chair):
    note(review_manager, "One")
    note(review_manager, "Two")
    other = note(chair, "Three")
    client = login(review_manager)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "All your notifications are marked as read." in response.text
    assert not Notification.objects.filter(recipient=review_manager, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_a_reminder_lands_in_the_app(clock, cast, django_capture_on_commit_callbacks):
    from cases.deadlines import reminders

    review = cast.walk_to(Stage.NOTIFIED, notified_on=date(2026, 5, 20))
    clock.move_to(london(2026, 6, 13))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(date(2026, 6, 13))  # decision due 20 June: 7 days
    client = login(cast.manager)
    listing = page(client, "notifications:list").text
    assert f"Reminder: Partnership&#x27;s decision: {review.reference} (Case " in listing
    assert "dhr-unread-count" in listing


# --- Every role on the review's pages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "deadlines_tab", "home_office"),
    [
        ("manager", 200, 200),
        ("chair", 200, 403),
        ("agency_member", 200, 403),
        ("outsider", 404, 404),
        ("medway_manager", 404, 404),
        ("steering_member", 404, 404),
        ("administrator", 404, 404),
    ],
)
def test_the_review_pages_by_role(request, review, cast, who, deadlines_tab, home_office):
    user = getattr(cast, who, None) or request.getfixturevalue(who)
    client = login(user)
    assert page(client, "deadlines:review", review.reference).status_code == deadlines_tab
    url = reverse("deadlines:home_office", args=[review.reference])
    assert client.get(url).status_code == home_office
    if home_office != 200:
        assert client.post(url, {"informed_on": "24/02/2026"}).status_code == home_office


def test_an_agency_sees_its_own_deadlines_on_the_tab_not_another_agencys(clock, cast):
    review = cast.walk_to(Stage.SCOPING)
    housing = AgencyFactory(name="Swale Housing")
    for agency in (cast.agency, housing):
        workflow.send_information_request(
            review, by=cast.manager, agency=agency, sent_on=date(2026, 1, 16), due_on=TODAY
        )
    police = page(login(cast.agency_member), "deadlines:review", review.reference).text
    assert "Answer to the information request sent to Kent Police" in police
    assert "Swale Housing" not in police
    assert "Partnership&#x27;s decision" in police  # the partnership's own step
    manager = page(login(cast.manager), "deadlines:review", review.reference).text
    assert "Answer to the information request sent to Swale Housing" in manager
