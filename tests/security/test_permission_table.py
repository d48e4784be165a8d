"""Who gets what from every URL of the project: a table of URL name x role (STYLE.md 4).

DESIGN.md 5 and STYLE.md 2 set the statuses: a review (or a record of it) outside the user's
scope does not exist (404); a page the user's role never has is a 403; an allowed page is a
200, an allowed action redirects (302); an anonymous visitor is sent to sign in. Each entry
states what the view really does, read from its code, where that agrees with the design; where
it does not, the cell is in ``KNOWN_BUGS`` and its test is an expected failure.

The table must grow with the project: a URL pattern without an entry fails
``test_every_url_pattern_is_in_the_table``.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from cases.models import Review
from dhr.accounts.roles import Role
from dhr.models import User
from panels.chairs import workflow as panels_workflow
from panels.models import PanelMember
from tests.cases.factories import chair_profile_for
from tests.dhr.factories import AgencyFactory, UserFactory
from tests.dhr.test_login_required import ALL_URLS
from tests.security.conftest import (
    ADMINISTRATOR,
    ANONYMOUS,
    APPOINTED_ON,
    CHAIR,
    MANAGER,
    OTHER_AGENCY,
    OTHER_CHAIR,
    OTHER_MANAGER,
    PANEL_AGENCY,
    ROLES,
    SIGNED_IN,
    STEERING,
    appoint,
    sign_in,
)

pytestmark = pytest.mark.django_db

CHAIR_CHANGED_ON = date(2026, 3, 2)  # after the appointment (APPOINTED_ON)

# --- How to build a URL's arguments from the scenario --------------------------------------


def no_arguments(s):
    return {}


def the_review(s):
    return {"reference": s.review.reference}


def record_of_the_review(name: str) -> Callable:
    """The review and one of its records (an attribute of ``ReviewRecords``) as ``pk``."""

    def arguments(s):
        return {"reference": s.review.reference, "pk": getattr(s.records, name).pk}

    return arguments


def records_of_the_review(**records: str) -> Callable:
    """The review and some of its records, each URL argument named after a record's path in
    ``ReviewRecords`` ("meeting", "contributions.staged"): its pk."""

    def record(s, path: str):
        found = s.records
        for name in path.split("."):
            found = getattr(found, name)
        return found

    def arguments(s):
        pks = {argument: record(s, path).pk for argument, path in records.items()}
        return {"reference": s.review.reference} | pks

    return arguments


def the_template(s):
    return {"reference": s.review.reference, "file_format": "xlsx"}


def the_recorded_original(s):
    """The panel agency's answer, marked as recorded for it with its original e-mail attached
    (made here, in the test's transaction: the scenario's answer was given by the agency)."""
    from django.core.files.base import ContentFile

    from cases.models import InformationRequest
    from tests.security.conftest import TINY_PDF

    # Read again: the scenario's object outlives the transaction each test rolls back.
    info_request = InformationRequest.objects.get(pk=s.records.info_request.pk)
    if not info_request.received_file:
        info_request.received_file.save("original.pdf", ContentFile(TINY_PDF), save=False)
        info_request.received_file_name = "original.pdf"
        info_request.received_file_type = "application/pdf"
        info_request.received_via = "email"
        info_request.save()
    return {"reference": s.review.reference, "pk": info_request.pk}


def the_recorded_version_original(s):
    """The panel agency's submitted chronology, with an original e-mail attached as if the
    manager had recorded it for the agency (made in the test's transaction)."""
    from django.core.files.base import ContentFile

    from panels.models import ContributionVersion
    from tests.security.conftest import TINY_PDF

    version = ContributionVersion.objects.get(pk=s.records.contributions.submitted.pk)
    if not version.received_file:
        version.received_file.save("original.pdf", ContentFile(TINY_PDF), save=False)
        version.received_file_name = "original.pdf"
        version.received_file_type = "application/pdf"
        version.received_via = "email"
        version.save()
    return {"reference": s.review.reference, "pk": version.request_id, "version_pk": version.pk}


def a_form_section(section: str) -> Callable:
    def arguments(s):
        return {"reference": s.review.reference, "section": section}

    return arguments


def the_review_export(file_format: str) -> Callable:
    def arguments(s):
        return {"reference": s.review.reference, "file_format": file_format}

    return arguments


def button_action(name: str) -> Callable:
    def arguments(s):
        return {"reference": s.review.reference, "action": name}

    return arguments


def a_user(s):
    """Any account will do for the user pages: the steering group member's."""
    return {"pk": s.users[STEERING].pk}


def a_partnership(s):
    return {"pk": s.review.partnership_id}


def an_agency(s):
    return {"pk": s.panel_agency.pk}


def a_theme(s):
    """One of the review's partnership's recommendation themes."""
    from actionplans.recommendations import services as plans

    return {"pk": plans.themes_for(s.review.partnership, active_only=False).first().pk}


def a_chair(s):
    return {"user_id": s.users[OTHER_CHAIR].pk}


def a_conflict(s):
    return {"user_id": s.conflict.chair.user_id, "pk": s.conflict.pk}


def a_timescale_rule(s):
    return {"pk": s.timescale_rule.pk}


def the_managers_notification(s):
    return {"pk": s.notification.pk}


def the_themed_report(s):
    return {"pk": s.recommendation.report_id}


def the_recommendation(s):
    return {"pk": s.recommendation.pk}


def a_failed_email(s):
    """An e-mail still not sent two days after it was written (made here: the scenario has none,
    and the test's transaction rolls it back)."""
    from datetime import timedelta

    from django.utils import timezone

    from dhr.models import OutboundEmail

    email = OutboundEmail.objects.create(
        created_at=timezone.now() - timedelta(days=2),
        message_id="<permission-table@localhost>",
        from_email="no-reply@localhost",
        to=["someone@example.org"],
        subject="A reminder",
        attempts=5,
        last_error="ConnectionRefusedError: SMTP server down",
    )
    return {"pk": email.pk}


def a_withdrawn_report(s):
    """A withdrawn overview report of the records' review, sharing the stored file of its
    report (made here, in the database only: the scenario's objects stay as they are, and the
    test's transaction rolls it back). Its review is the records' own, so a reference of
    another review does not find it."""
    from django.utils import timezone

    from cases.models import Document

    shared = s.records.shared_document
    withdrawn = Document.objects.create(
        review_id=shared.review_id,
        kind=Document.Kind.REPORT,
        title="Overview report, wrong draft",
        file=shared.file.name,
        original_name=shared.original_name,
        content_type=shared.content_type,
        size=shared.size,
        sha256=shared.sha256,
        uploaded_by_id=shared.uploaded_by_id,
        uploaded_at=timezone.now(),
        withdrawn_at=timezone.now(),
        withdrawn_by_id=shared.uploaded_by_id,
        withdrawal_reason="The wrong draft.",
    )
    return {"reference": s.review.reference, "pk": withdrawn.pk}


def a_report_version(s):
    """A DOCX version of the review's overview report, uploaded by its manager (made here:
    the scenario has none, and the test's transaction rolls it back)."""
    from cases.models import Review
    from publications.reports import services as reports
    from publications.reports.models import ReportVersion
    from tests.publications.reports.helpers import ORDINARY, docx_bytes, docx_upload

    # Made in the records' own review (their shared document's), by its manager (who uploaded
    # that document): a reference of another review must then not find it.
    shared = s.records.shared_document
    version = reports.upload_version(
        Review.objects.get(pk=shared.review_id),
        by=shared.uploaded_by,
        document=ReportVersion.Document.OVERVIEW,
        upload=docx_upload(docx_bytes([ORDINARY, "x"])),
    )
    return {"reference": s.review.reference, "pk": version.pk}


def a_figure(key: str) -> Callable:
    """A dashboard table, by its figure's key."""

    def arguments(s):
        return {"key": key}

    return arguments


def swale_in(year: int, file_format: str) -> Callable:
    """The annual report's query: the review's partnership, a year, a format."""

    def query(s):
        return {"partnership": s.review.partnership_id, "year": year, "format": file_format}

    return query


def a_briefing(s):
    """The review's draft learning briefing (made here: the scenario has none, and the test's
    transaction rolls it back)."""
    from publications.briefings import services as briefings

    if briefings.briefing_of(s.review) is None:
        # By a manager of the review's own partnership (the table aims at other reviews too).
        manager = User.objects.filter(
            role=Role.REVIEW_MANAGER, partnerships=s.review.partnership_id, is_active=True
        ).first()
        briefings.save_briefing(
            s.review, by=manager, background="A background", key_learning="Learning"
        )
    return {"reference": s.review.reference}


def a_learning_event(s):
    """A learning event of Swale covering the review, with the panel agency's attendance."""
    from publications.events import services as events

    manager = s.users[MANAGER]
    event = events.save_event(
        None,
        by=manager,
        partnership=s.review.partnership,
        title="Permission table seminar",
        held_on=APPOINTED_ON,
        format="seminar",
        audience="Practitioners",
        reviews=[s.review],
    )
    events.record_attendance(event, by=manager, agency=s.panel_agency, registered=4, attended=3)
    return {"pk": event.pk}


# --- Expected statuses ---------------------------------------------------------------------


def everyone(status: int = 200) -> dict:
    """A page for every signed-in user."""
    return dict.fromkeys(SIGNED_IN, status)


def only(*roles: str, status: int = 200) -> dict:
    """A page for some roles; the others never have it (403)."""
    return {role: status if role in roles else 403 for role in SIGNED_IN}


def within(statuses: dict) -> dict:
    """A record with a scope: the roles in ``statuses`` get theirs; for everyone else the
    record does not exist (404)."""
    return dict.fromkeys(SIGNED_IN, 404) | statuses


def in_review(*, manager: int = 200, chair: int = 200, panel_agency: int = 200) -> dict:
    """A page of the review: its manager, its chair and its panel agency's members get these
    statuses; for everyone else the review does not exist (404). That includes administrators
    and the steering group, who open no review at all (``cases.reviews.access.reviews_for``): the
    views check the scope first, so nobody learns whether a reference exists."""
    return within({MANAGER: manager, CHAIR: chair, PANEL_AGENCY: panel_agency})


# The dashboard's readers: aggregates of their partnerships (administrators: all of them).
DASHBOARD_READERS = only(ADMINISTRATOR, MANAGER, OTHER_MANAGER, STEERING)
# The roles with deadlines of their own ("My work"): not administrators nor the steering group.
WORKING_ON_REVIEWS = only(MANAGER, OTHER_MANAGER, CHAIR, OTHER_CHAIR, PANEL_AGENCY, OTHER_AGENCY)
READERS = in_review()
MANAGER_ONLY = in_review(chair=403, panel_agency=403)
MANAGER_AND_CHAIR = in_review(panel_agency=403)


@dataclass(frozen=True)
class Url:
    """One row of the table: the URL's arguments, the method a user sends, the status each
    signed-in role gets (an anonymous visitor is always sent to sign in)."""

    arguments: Callable
    expected: dict
    method: str = "get"
    name: str = ""  # the URL name when the row's key is not (a second object for one URL)
    query: Callable | None = None  # the query string's parameters, built from the scenario


TABLE = {
    # --- Signing out, passwords, home ---
    "home": Url(no_arguments, everyone()),
    "ping": Url(no_arguments, everyone()),  # the load benchmark's floor page
    "logout": Url(no_arguments, everyone(), method="post"),  # Django's LogoutView: POST only
    "password_change": Url(no_arguments, everyone()),
    "password_change_done": Url(no_arguments, everyone()),
    # Two-factor pages (the test settings do not require a code): setting up an authenticator
    # app; entering a code, which sends a user without an app to set one up first.
    "two_factor_setup": Url(no_arguments, everyone()),
    "two_factor_verify": Url(no_arguments, everyone(302)),
    # --- Users (administrators) ---
    "users:list": Url(no_arguments, only(ADMINISTRATOR)),
    "users:invite": Url(no_arguments, only(ADMINISTRATOR)),
    "users:export": Url(no_arguments, only(ADMINISTRATOR)),  # the spreadsheet of every user
    "users:detail": Url(a_user, only(ADMINISTRATOR)),
    "users:edit": Url(a_user, only(ADMINISTRATOR)),
    "users:deactivate": Url(a_user, only(ADMINISTRATOR)),  # GET: the confirmation page
    "users:reactivate": Url(a_user, only(ADMINISTRATOR)),
    "users:history": Url(a_user, only(ADMINISTRATOR)),
    "users:reset_two_factor": Url(a_user, only(ADMINISTRATOR)),  # GET: the confirmation page
    # POST only; the user has a password already, so nothing is sent: back to the user's page.
    "users:resend_invitation": Url(a_user, only(ADMINISTRATOR, status=302), method="post"),
    # --- E-mails not sent for a day (administrators): the list, the confirmation, the resend ---
    "mail:failed": Url(no_arguments, only(ADMINISTRATOR)),
    "mail:resend": Url(a_failed_email, only(ADMINISTRATOR)),  # GET: the confirmation page
    "mail:resend (the resend itself)": Url(
        a_failed_email, only(ADMINISTRATOR, status=302), method="post", name="mail:resend"
    ),
    # --- Partnerships and agencies (administrators); deactivate/reactivate GET: confirmation ---
    **{
        f"organisations:{kind}{view}": Url(
            no_arguments if view in ("_list", "_new") else arguments, only(ADMINISTRATOR)
        )
        for kind, arguments in (("partnership", a_partnership), ("agency", an_agency))
        for view in ("_list", "_new", "", "_edit", "_deactivate", "_reactivate", "_history")
    },
    # --- The chair pool (administrators) ---
    "panels:chairs": Url(no_arguments, only(ADMINISTRATOR)),
    "panels:chair_edit": Url(a_chair, only(ADMINISTRATOR)),
    "panels:conflict_remove": Url(a_conflict, only(ADMINISTRATOR)),  # GET: confirmation
    # --- The audit search (administrators): the form, and one review's history ---
    "audit:search": Url(no_arguments, only(ADMINISTRATOR)),
    "audit:search (a review's history)": Url(
        no_arguments,
        only(ADMINISTRATOR),
        name="audit:search",
        query=lambda s: {"reference": s.review.reference},
    ),
    # --- In-app notifications: each user's own ---
    "notifications:list": Url(no_arguments, everyone()),
    "notifications:open": Url(the_managers_notification, within({MANAGER: 302})),  # to its page
    "notifications:read_all": Url(no_arguments, everyone(302), method="post"),
    # --- Deadlines: "My work" and the calendar address for those who work on reviews ---
    "deadlines:my_work": Url(no_arguments, WORKING_ON_REVIEWS),
    "deadlines:calendar": Url(no_arguments, WORKING_ON_REVIEWS),
    # --- Timescale rules (administrators) ---
    "deadlines:timescales": Url(no_arguments, only(ADMINISTRATOR)),
    "deadlines:timescale_new": Url(no_arguments, only(ADMINISTRATOR)),
    "deadlines:timescale_edit": Url(a_timescale_rule, only(ADMINISTRATOR)),
    "deadlines:timescale_delete": Url(a_timescale_rule, only(ADMINISTRATOR)),  # confirmation
    # --- The Commissioner's themed reports (not on one review) ---
    # The list: review managers (their partnerships' reports) and agency members (reports
    # addressed to their agency); the new report: review managers.
    "actionplans:themed_reports": Url(
        no_arguments, only(MANAGER, OTHER_MANAGER, PANEL_AGENCY, OTHER_AGENCY)
    ),
    "actionplans:themed_report_new": Url(no_arguments, only(MANAGER, OTHER_MANAGER)),
    # Swale's themed report, with a recommendation to the panel agency: in the scope of Swale's
    # manager and of the agency addressed, nobody else's.
    "actionplans:report": Url(the_themed_report, within({MANAGER: 200, PANEL_AGENCY: 200})),
    "actionplans:recommendation_new": Url(
        the_themed_report, within({MANAGER: 200, PANEL_AGENCY: 403})
    ),
    "actionplans:respond": Url(the_recommendation, within({MANAGER: 403, PANEL_AGENCY: 200})),
    "actionplans:response_document": Url(
        the_recommendation, within({MANAGER: 200, PANEL_AGENCY: 200})
    ),
    # --- The dashboard (dhr.dashboard): aggregates and pseudonyms, never a record ---
    "dhr:dashboard": Url(no_arguments, DASHBOARD_READERS),
    "dhr:dashboard_csv": Url(a_figure("pipeline-stage"), DASHBOARD_READERS),
    # The table that names reviews (reference and pseudonym): the same readers.
    "dhr:dashboard_csv (the slippage table)": Url(
        a_figure("slippage-reviews"), DASHBOARD_READERS, name="dhr:dashboard_csv"
    ),
    "dhr:annual_report": Url(no_arguments, DASHBOARD_READERS),  # the form
    # Swale's report: a file for Swale's readers; Medway's manager gets the form back, with
    # "Choose a partnership" (Swale is not one of theirs), status 200 too.
    "dhr:annual_report (a spreadsheet)": Url(
        no_arguments, DASHBOARD_READERS, name="dhr:annual_report", query=swale_in(2026, "xlsx")
    ),
    # --- The review's action plan (actionplans.recommendations), across reviews ---
    # "Our actions": agency members only (each sees its own agency's); the themes:
    # administrators and review managers; the repeats report: managers and the steering group
    # (aggregate-like rows, pseudonyms only, no record pages).
    "actionplans:our_actions": Url(no_arguments, only(PANEL_AGENCY, OTHER_AGENCY)),
    "actionplans:plan_themes": Url(no_arguments, only(ADMINISTRATOR, MANAGER, OTHER_MANAGER)),
    "actionplans:plan_repeats": Url(no_arguments, only(MANAGER, OTHER_MANAGER, STEERING)),
    # POST only: a theme of Swale's list (stop offering it); another partnership's manager
    # does not see Swale's themes (404).
    "actionplans:plan_theme_offered": Url(
        a_theme,
        only(ADMINISTRATOR, MANAGER, OTHER_MANAGER, status=302) | {OTHER_MANAGER: 404},
        method="post",
    ),
    # --- The review list and a new notification ---
    "cases:list": Url(no_arguments, everyone()),  # filtered to the user's scope: see below
    "cases:new": Url(no_arguments, only(MANAGER, OTHER_MANAGER)),
    # --- Pages of the review that every reader of it may open ---
    "cases:detail": Url(the_review, READERS),
    "cases:history": Url(the_review, READERS),
    "cases:notification": Url(the_review, READERS),
    "cases:requests": Url(the_review, READERS),
    "cases:decision": Url(the_review, READERS),
    "cases:commissioner": Url(the_review, READERS),
    "cases:publication": Url(the_review, READERS),
    "cases:close": Url(the_review, READERS),
    "cases:hold": Url(the_review, READERS),  # the list of holds; the form is the manager's
    "cases:subjects": Url(the_review, READERS),
    "cases:documents": Url(the_review, READERS),
    "cases:document_download": Url(record_of_the_review("shared_document"), READERS),
    "cases:terms": Url(the_review, READERS),
    "cases:qa": Url(the_review, READERS),
    "panels:appoint_chair": Url(the_review, READERS),  # who chairs; the form is the manager's
    "panels:panel": Url(the_review, READERS),
    "deadlines:review": Url(the_review, READERS),
    "actionplans:review_reports": Url(the_review, READERS),
    # --- Pages of the review for the review manager ---
    "cases:linked_add": Url(the_review, MANAGER_ONLY),
    "cases:request_new": Url(the_review, MANAGER_ONLY),
    "cases:request_withdraw": Url(record_of_the_review("info_request"), MANAGER_ONLY),
    # Recording an agency's answer on its behalf (issue 17): the review manager only; the
    # agency's own members answer on the answer page (403 here).
    "cases:request_record": Url(record_of_the_review("info_request"), MANAGER_ONLY),
    # The original e-mail or letter of a recorded answer: whoever sees the request.
    "cases:request_original": Url(the_recorded_original, READERS),
    "cases:resume": Url(the_review, MANAGER_ONLY),
    "cases:subject_add": Url(the_review, MANAGER_ONLY),
    "cases:subject_edit": Url(record_of_the_review("subject"), MANAGER_ONLY),
    "cases:terms_agree": Url(record_of_the_review("terms"), MANAGER_ONLY),
    "cases:qa_submit": Url(the_review, MANAGER_ONLY),
    "cases:qa_outcome": Url(the_review, MANAGER_ONLY),
    "panels:panel_remove": Url(record_of_the_review("panel_member"), MANAGER_ONLY),
    "deadlines:home_office": Url(the_review, MANAGER_ONLY),
    "actionplans:report_new": Url(the_review, MANAGER_ONLY),
    # A button of the overview (POST only). "Start monitoring" is refused at "panel": the
    # manager is sent back to the overview with the reason; no one else may press it.
    "cases:action": Url(button_action("start_monitoring"), MANAGER_ONLY | {MANAGER: 302}, "post"),
    # --- Pages of the review for the review manager and the chair ---
    "cases:terms_new": Url(the_review, MANAGER_AND_CHAIR),
    # --- The panel agency's own pages ---
    # The answer page of the agency's own request; the manager and the chair see the request
    # on the list but never answer it (403).
    "cases:request_answer": Url(
        record_of_the_review("info_request"), in_review(manager=403, chair=403)
    ),
    # --- Agency contributions (panels.contributions.views) ---
    # Every reader of the review sees the requests (another agency's drafts hidden: below).
    "panels:contributions": Url(the_review, READERS),
    "panels:contribution_new": Url(the_review, MANAGER_AND_CHAIR),
    "panels:chronology_template": Url(the_template, READERS),
    "panels:contribution": Url(records_of_the_review(pk="contributions.chronology"), READERS),
    "panels:contribution_download": Url(
        records_of_the_review(pk="contributions.chronology", version_pk="contributions.submitted"),
        READERS,
    ),
    "panels:contribution_entries": Url(
        records_of_the_review(pk="contributions.chronology", version_pk="contributions.submitted"),
        READERS,
    ),
    # Uploading and submitting: the members of the agency asked only.
    "panels:contribution_upload": Url(
        records_of_the_review(pk="contributions.chronology"), in_review(manager=403, chair=403)
    ),
    "panels:contribution_submit": Url(
        records_of_the_review(pk="contributions.chronology"), in_review(manager=403, chair=403)
    ),
    # Recording what an agency sent by e-mail or post (issue 17): the manager and the chair;
    # never the agency's own members (they upload and submit themselves).
    "panels:contribution_record": Url(
        records_of_the_review(pk="contributions.chronology"), MANAGER_AND_CHAIR
    ),
    # The original e-mail or letter of a recorded version: whoever may see the version.
    "panels:contribution_original": Url(the_recorded_version_original, READERS),
    # Accepting and withdrawing: the manager and the chair (GET: the confirmation pages).
    "panels:contribution_accept": Url(
        records_of_the_review(pk="contributions.chronology"), MANAGER_AND_CHAIR
    ),
    "panels:contribution_withdraw": Url(
        records_of_the_review(pk="contributions.chronology"), MANAGER_AND_CHAIR
    ),
    # The agency's staged file: its preview, column mapping and discarding are the agency's.
    "panels:chronology_preview": Url(
        records_of_the_review(pk="contributions.chronology", staged_pk="contributions.staged"),
        in_review(manager=403, chair=403),
    ),
    "panels:chronology_columns": Url(
        records_of_the_review(pk="contributions.chronology", staged_pk="contributions.staged"),
        in_review(manager=403, chair=403),
    ),
    "panels:chronology_discard": Url(
        records_of_the_review(pk="contributions.chronology", staged_pk="contributions.staged"),
        in_review(manager=403, chair=403),
    ),
    # --- The combined chronology (panels.chronology.views): the manager, the chair, the panel ---
    "panels:combined_chronology": Url(the_review, READERS),
    "panels:chronology_xlsx": Url(the_review, READERS),
    "panels:chronology_pdf": Url(the_review, READERS),  # small: the PDF itself
    "panels:chronology_exports": Url(the_review, READERS),  # each reader's own exports
    # The manager's prepared PDF: for the person who asked for it, nobody else.
    "panels:chronology_export_download": Url(
        records_of_the_review(pk="contributions.export"), in_review(chair=404, panel_agency=404)
    ),
    "panels:annotate": Url(
        records_of_the_review(entry_pk="contributions.entry"), MANAGER_AND_CHAIR
    ),
    "panels:annotation_delete": Url(
        records_of_the_review(pk="contributions.annotation"), MANAGER_AND_CHAIR
    ),
    # --- Panel meetings (panels.meetings.views): the panel reads, the manager and chair manage ---
    "panels:meetings": Url(the_review, READERS),
    "panels:meeting": Url(records_of_the_review(pk="meeting"), READERS),
    "panels:meeting_minutes": Url(records_of_the_review(pk="meeting"), READERS),
    "panels:meeting_new": Url(the_review, MANAGER_AND_CHAIR),
    "panels:meeting_edit": Url(records_of_the_review(pk="meeting"), MANAGER_AND_CHAIR),
    "panels:meeting_delete": Url(records_of_the_review(pk="meeting"), MANAGER_AND_CHAIR),
    "panels:meeting_attendance": Url(records_of_the_review(pk="meeting"), MANAGER_AND_CHAIR),
    "panels:meeting_action_new": Url(records_of_the_review(pk="meeting"), MANAGER_AND_CHAIR),
    "panels:meeting_action_done": Url(
        records_of_the_review(pk="meeting", action_pk="action"), MANAGER_AND_CHAIR
    ),
    # --- The action plan (actionplans.recommendations.views) ---
    # Every reader of the review sees the plan (an agency member: the agreed recommendations
    # and its own agency's actions) and downloads it; the chair and the manager write
    # recommendations; the manager agrees, withdraws, adds actions and signs them off; only
    # the lead agency's members post progress. Kent Police leads ``plan.action``.
    "actionplans:plan": Url(the_review, READERS),
    "actionplans:plan_xlsx": Url(the_review, READERS),
    "actionplans:plan_pdf": Url(the_review, READERS),
    "actionplans:plan_import": Url(the_review, MANAGER_ONLY),
    # The manager's staged file: only the manager's (the chair and agencies: 403 by role).
    "actionplans:plan_import_preview": Url(
        records_of_the_review(staged_pk="plan.staged"), MANAGER_ONLY
    ),
    "actionplans:plan_import_columns": Url(
        records_of_the_review(staged_pk="plan.staged"), MANAGER_ONLY
    ),
    "actionplans:plan_import_discard": Url(
        records_of_the_review(staged_pk="plan.staged"), MANAGER_ONLY
    ),
    "actionplans:plan_recommendation_new": Url(the_review, MANAGER_AND_CHAIR),
    "actionplans:plan_recommendation": Url(
        records_of_the_review(pk="plan.recommendation"), READERS
    ),
    # Agreed: the chair may no longer change it.
    "actionplans:plan_recommendation_edit": Url(
        records_of_the_review(pk="plan.recommendation"), MANAGER_ONLY
    ),
    "actionplans:plan_recommendation_agree": Url(
        records_of_the_review(pk="plan.recommendation"), MANAGER_ONLY
    ),
    "actionplans:plan_recommendation_withdraw": Url(
        records_of_the_review(pk="plan.recommendation"), MANAGER_ONLY
    ),
    # POST only: back to the recommendation (with the refusal: nothing suggested was chosen).
    "actionplans:plan_recommendation_link": Url(
        records_of_the_review(pk="plan.recommendation"),
        in_review(manager=302, chair=302, panel_agency=403),
        method="post",
    ),
    "actionplans:plan_action_new": Url(
        records_of_the_review(pk="plan.recommendation"), MANAGER_ONLY
    ),
    "actionplans:plan_action": Url(records_of_the_review(pk="plan.action"), READERS),
    "actionplans:plan_action_edit": Url(records_of_the_review(pk="plan.action"), MANAGER_ONLY),
    "actionplans:plan_action_close": Url(records_of_the_review(pk="plan.action"), MANAGER_ONLY),
    "actionplans:plan_action_sign_off": Url(records_of_the_review(pk="plan.action"), MANAGER_ONLY),
    "actionplans:plan_action_update": Url(
        records_of_the_review(pk="plan.action"), in_review(manager=403, chair=403)
    ),
    "actionplans:plan_milestone_new": Url(
        records_of_the_review(pk="plan.action"), in_review(chair=403)
    ),
    "actionplans:plan_milestone_edit": Url(
        records_of_the_review(pk="plan.action", milestone_pk="plan.milestone"),
        in_review(chair=403),
    ),
    "actionplans:plan_milestone_delete": Url(
        records_of_the_review(pk="plan.action", milestone_pk="plan.milestone"),
        in_review(chair=403),
    ),
    "actionplans:plan_milestone_done": Url(
        records_of_the_review(pk="plan.action", milestone_pk="plan.milestone"),
        in_review(manager=302, chair=403, panel_agency=302),
        method="post",
    ),
    "actionplans:plan_evidence": Url(records_of_the_review(pk="plan.evidence"), READERS),
    # --- The family (cases.family.views): the manager and the chair only, never an agency ---
    "cases:family": Url(the_review, MANAGER_AND_CHAIR),
    "cases:family_member": Url(records_of_the_review(pk="family_member"), MANAGER_AND_CHAIR),
    "cases:family_member_new": Url(the_review, MANAGER_AND_CHAIR),
    "cases:family_member_edit": Url(records_of_the_review(pk="family_member"), MANAGER_AND_CHAIR),
    "cases:family_member_delete": Url(records_of_the_review(pk="family_member"), MANAGER_AND_CHAIR),
    "cases:family_contact_new": Url(records_of_the_review(pk="family_member"), MANAGER_AND_CHAIR),
    # --- The Home Office data form (publications.homeoffice.views) ---
    # The manager answers it; the chair reads it; panel agencies never see it (403).
    "publications:home_office_form": Url(the_review, MANAGER_AND_CHAIR),
    "publications:home_office_section": Url(a_form_section("incident"), MANAGER_ONLY),
    "publications:home_office_section (circumstances)": Url(
        a_form_section("circumstances"), MANAGER_ONLY, name="publications:home_office_section"
    ),
    "publications:home_office_person": Url(record_of_the_review("subject"), MANAGER_ONLY),
    "publications:submission_pack": Url(
        lambda s: {"reference": s.review.reference, "recipient": "home-office-qa"}, MANAGER_ONLY
    ),
    # Its exports: administrators (every partnership) and review managers (their own); one
    # review's form is outside another partnership's manager's scope (404).
    "publications:home_office_exports": Url(
        no_arguments, only(ADMINISTRATOR, MANAGER, OTHER_MANAGER)
    ),
    "publications:home_office_exports (download)": Url(
        no_arguments,
        only(ADMINISTRATOR, MANAGER, OTHER_MANAGER),
        name="publications:home_office_exports",
        query=lambda s: {"download": "1", "file_format": "csv"},
    ),
    "publications:home_office_review_export": Url(
        the_review_export("xlsx"),
        only(ADMINISTRATOR, MANAGER, OTHER_MANAGER) | {OTHER_MANAGER: 404},
    ),
    "publications:home_office_review_export (pdf)": Url(
        the_review_export("pdf"),
        only(ADMINISTRATOR, MANAGER, OTHER_MANAGER) | {OTHER_MANAGER: 404},
        name="publications:home_office_review_export",
    ),
    # --- Withdrawing a document (the review manager; GET: the confirmation page) ---
    "cases:document_withdraw": Url(record_of_the_review("shared_document"), MANAGER_ONLY),
    # The withdrawal itself: without a reason the manager is asked for one (200).
    "cases:document_withdraw (the withdrawal itself)": Url(
        record_of_the_review("shared_document"),
        MANAGER_ONLY,
        method="post",
        name="cases:document_withdraw",
    ),
    # --- The Report tab (publications.reports.views): versions, checks, publication record ---
    # Every reader of the review sees the versions (as the former "overview report" documents);
    # the check quotes real names: the manager and the chair; only the manager runs it
    # (a POST without an action shows the page again) and records the publication.
    "publications:reports": Url(the_review, READERS),
    "publications:report_download": Url(a_report_version, READERS),
    "publications:report_check": Url(a_report_version, MANAGER_AND_CHAIR),
    "publications:report_check (post)": Url(
        a_report_version,
        MANAGER_ONLY,
        method="post",
        name="publications:report_check",
    ),
    "publications:publication_record": Url(the_review, MANAGER_ONLY),
    # --- Learning briefings (publications.briefings): the manager writes, publishes,
    # withdraws and deletes; the chair reads; panel agencies never (403). The public pages are
    # in EXEMPT. GET of publish and delete: their confirmation pages.
    "publications:briefing": Url(the_review, MANAGER_AND_CHAIR),
    "publications:briefing (a draft)": Url(
        a_briefing, MANAGER_AND_CHAIR, name="publications:briefing"
    ),
    "publications:briefing_edit": Url(a_briefing, MANAGER_ONLY),
    "publications:briefing_pdf": Url(a_briefing, MANAGER_AND_CHAIR),
    "publications:briefing_publish": Url(a_briefing, MANAGER_ONLY),
    "publications:briefing_withdraw": Url(a_briefing, MANAGER_ONLY),
    "publications:briefing_delete": Url(a_briefing, MANAGER_ONLY),
    "publications:briefing_history": Url(a_briefing, MANAGER_AND_CHAIR),
    # The publication itself: refused (the review is at "panel"), back to the briefing.
    "publications:briefing_publish (POST)": Url(
        a_briefing,
        in_review(manager=302, chair=403, panel_agency=403),
        method="post",
        name="publications:briefing_publish",
    ),
    # --- Learning events (publications.events): review managers of the event's partnership
    # (another partnership's manager: 404); the reach figures: the dashboard's readers.
    "publications:events": Url(no_arguments, only(MANAGER, OTHER_MANAGER)),
    "publications:event_new": Url(no_arguments, only(MANAGER, OTHER_MANAGER)),
    "publications:event_reach": Url(no_arguments, DASHBOARD_READERS),
    **{
        f"publications:event{view}": Url(
            a_learning_event, only(MANAGER, OTHER_MANAGER) | {OTHER_MANAGER: 404}
        )
        for view in ("", "_edit", "_attendance", "_delete", "_history")
    },
    "publications:event_delete (POST)": Url(
        a_learning_event,
        only(MANAGER, OTHER_MANAGER, status=302) | {OTHER_MANAGER: 404},
        method="post",
        name="publications:event_delete",
    ),
    # --- Second objects for one URL ---
    # A document kind the agency may not see: it does not exist for the agency's member.
    "cases:document_withdraw (restricted kind)": Url(
        record_of_the_review("restricted_document"),
        in_review(chair=403, panel_agency=404),
        name="cases:document_withdraw",
    ),
    # A withdrawn report: kept for the manager and the chair, gone for the agency.
    "cases:document_download (withdrawn)": Url(
        a_withdrawn_report, in_review(panel_agency=404), name="cases:document_download"
    ),
    # Another agency's action: it does not exist for Kent Police's member.
    "actionplans:plan_action (another agency's action)": Url(
        records_of_the_review(pk="plan.other_action"),
        in_review(panel_agency=404),
        name="actionplans:plan_action",
    ),
    "actionplans:plan_action_update (another agency's action)": Url(
        records_of_the_review(pk="plan.other_action"),
        in_review(manager=403, chair=403, panel_agency=404),
        name="actionplans:plan_action_update",
    ),
    # A document kind only the manager and the chair may download: outside the agency's scope.
    "cases:document_download (restricted kind)": Url(
        record_of_the_review("restricted_document"),
        in_review(panel_agency=404),
        name="cases:document_download",
    ),
    # Another panel agency's chronology in draft: the panel agency sees that it was asked
    # ("Not submitted yet"), never the draft itself nor the entries read from it.
    "panels:contribution (another agency's draft)": Url(
        records_of_the_review(pk="contributions.draft_request"),
        READERS,
        name="panels:contribution",
    ),
    "panels:contribution_download (another agency's draft)": Url(
        records_of_the_review(pk="contributions.draft_request", version_pk="contributions.draft"),
        in_review(panel_agency=404),
        name="panels:contribution_download",
    ),
    "panels:contribution_entries (another agency's draft)": Url(
        records_of_the_review(pk="contributions.draft_request", version_pk="contributions.draft"),
        in_review(panel_agency=404),
        name="panels:contribution_entries",
    ),
    # Another agency's request: nobody but its members uploads to it...
    "panels:contribution_upload (another agency's request)": Url(
        records_of_the_review(pk="contributions.draft_request"),
        in_review(manager=403, chair=403, panel_agency=403),
        name="panels:contribution_upload",
    ),
    # ...nor sees its staged file: a draft of sorts (the manager and the chair: 403).
    "panels:chronology_preview (another agency's staged file)": Url(
        records_of_the_review(
            pk="contributions.draft_request", staged_pk="contributions.draft_staged"
        ),
        in_review(manager=403, chair=403, panel_agency=404),
        name="panels:chronology_preview",
    ),
}

# Public pages: anyone may open them, signed in or not (tests/dhr/test_login_required.py
# checks them). The admin site (admin:*) has its own staff check, tested once below.
EXEMPT = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accessibility",
    "privacy",
    "healthz",
    "favicon",  # /favicon.ico: to the icon in static
    # A user's calendar feed: no sign-in, the secret address is the key (a wrong one is a 404).
    "deadlines:calendar_feed",
    # The public register of published reviews, its feed and its documents (tests/publications).
    "publications:register",
    "publications:register_feed",
    "publications:public_document",
    # A published learning briefing and its PDF: for anyone (tests/publications/briefings).
    "publications:public_briefing",
    "publications:public_briefing_pdf",
}
EXEMPT_NAMESPACES = ("admin:",)

# Cells where the view disagrees with DESIGN.md 5 / STYLE.md 2 (the table holds the design's
# status). Each is an expected failure until the view is fixed.
KNOWN_BUGS: dict = {}


def url_name(key: str) -> str:
    return TABLE[key].name or key


def _cells():
    for key in TABLE:
        for role in ROLES:
            bug = KNOWN_BUGS.get((key, role))
            marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
            yield pytest.param(key, role, id=f"{key}-{role}".replace(" ", "_"), marks=marks)


def response_for(client, scenario, key: str):
    row = TABLE[key]
    url = reverse(url_name(key), kwargs=row.arguments(scenario))
    if row.query:
        url += "?" + urlencode(row.query(scenario))
    return getattr(client, row.method)(url)


# Each URL name's sample address (a reference is sampled as "x").
SAMPLE_URLS = dict(ALL_URLS)


def about_a_review(key: str) -> bool:
    """Whether the row's URL is under one review (it takes the review's reference)."""
    return SAMPLE_URLS.get(url_name(key), "").startswith("/reviews/x/")


# The rows about the review: its pages, its records' pages, its actions.
REVIEW_KEYS = [key for key in TABLE if about_a_review(key)]
# What a user without a grant gets from them.
NOWHERE = dict.fromkeys(REVIEW_KEYS, 404)


# --- The table -----------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "role"), list(_cells()))
def test_status_by_role(client, scenario, key, role):
    response = response_for(sign_in(client, scenario, role), scenario, key)
    if role == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        return
    expected = TABLE[key].expected[role]
    assert response.status_code == expected, f"{response.request['PATH_INFO']} as {role}"
    if expected == 302:  # an action's redirect, never a request to sign in again
        assert not response["Location"].startswith("/accounts/login/")


# --- The table covers the project --------------------------------------------------------------

PROJECT_URL_NAMES = {
    name for name, _ in ALL_URLS if name and not name.startswith(EXEMPT_NAMESPACES)
}


def test_every_url_pattern_is_in_the_table():
    covered = {url_name(key) for key in TABLE}
    assert PROJECT_URL_NAMES - covered - EXEMPT == set()


def test_the_table_names_only_url_patterns_that_exist():
    covered = {url_name(key) for key in TABLE}
    assert covered - PROJECT_URL_NAMES == set()
    stale_exemptions = EXEMPT - PROJECT_URL_NAMES
    assert stale_exemptions == set()


def test_unnamed_url_patterns_are_the_admin_sites():
    assert [url for name, url in ALL_URLS if not name and not url.startswith("/admin/")] == []


def test_every_row_says_what_each_role_gets():
    for key, row in TABLE.items():
        assert set(row.expected) == set(SIGNED_IN), key
        assert row.method in ("get", "post"), key


# --- The admin site -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [role for role in ROLES if role != ADMINISTRATOR])
def test_admin_site_sends_non_staff_users_to_its_sign_in(client, scenario, role):
    response = sign_in(client, scenario, role).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_admin_site_opens_for_administrators(client, scenario):
    assert sign_in(client, scenario, ADMINISTRATOR).get("/admin/").status_code == 200


# --- Lists hold exactly the rows in scope ------------------------------------------------------


def listed(client) -> set:
    """The references on the review list."""
    response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    return {row["review"].reference for row in response.context["rows"]}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_review_list_holds_exactly_the_reviews_in_scope(client, scenario, role):
    """Two reviews in each partnership: the manager lists both of theirs; the chair and the
    panel agency only the one they sit on, never the other review of the same partnership."""
    quenby = scenario.review.reference
    rowan = scenario.other_review.review.reference
    medway = {review.reference for review in scenario.medway_reviews}
    expected = {
        MANAGER: {quenby, rowan},
        OTHER_MANAGER: medway,
        CHAIR: {quenby},
        PANEL_AGENCY: {quenby},
    }.get(role, set())
    assert listed(sign_in(client, scenario, role)) == expected


def the_other_review(scenario):
    """The scenario seen through Swale's second review ("Rowan"): the table's URLs built with
    its reference and its records."""
    return dataclasses.replace(scenario, records=scenario.other_review)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_other_review_of_the_partnership_is_only_its_managers(client, scenario, role):
    """Every URL of Swale's second review: Rita Manager (who manages both) gets her column of
    the table; for the chair and the panel agency of the first review, as for everyone else,
    it does not exist."""
    other = the_other_review(scenario)
    sign_in(client, scenario, role)
    expected = expected_for(MANAGER, REVIEW_KEYS) if role == MANAGER else NOWHERE
    got = statuses(client, other, expected)
    assert got == expected, {key: got[key] for key in expected if got[key] != expected[key]}


# --- With and without the grant ---------------------------------------------------------------


def statuses(client, scenario, keys) -> dict:
    return {key: response_for(client, scenario, key).status_code for key in keys}


def expected_for(role, keys, **overrides) -> dict:
    """What ``role`` gets from the table, leaving out its known bugs (tested above)."""
    wanted = {key: TABLE[key].expected[role] for key in keys if (key, role) not in KNOWN_BUGS}
    return wanted | overrides


def test_a_chair_gets_in_by_appointment(client, unchaired_scenario):
    """No grant: every URL of the review is a 404 and the list is empty. Appointed: the
    chair's column of the table, and the review on the list. (Replacing the chair, which
    revokes the grant, is ``test_a_replaced_chair_loses_access``.)"""
    scenario = unchaired_scenario
    sign_in(client, scenario, CHAIR)
    assert statuses(client, scenario, REVIEW_KEYS) == NOWHERE
    assert listed(client) == set()

    appoint(scenario.review, scenario.users[MANAGER], scenario.users[CHAIR])

    expected = expected_for(CHAIR, REVIEW_KEYS)
    assert statuses(client, scenario, expected) == expected
    assert listed(client) == {scenario.review.reference}


def test_a_replaced_chair_loses_access(client, scenario):
    """``change_chair``: Chris Chair, replaced, finds every URL of the review a 404 and the
    list empty; the new chair gets the chair's column of the table."""
    manager, old_chair = scenario.users[MANAGER], scenario.users[CHAIR]
    new_chair = UserFactory(full_name="Nora New", role=Role.CHAIR)
    expected = expected_for(CHAIR, REVIEW_KEYS)
    client.force_login(old_chair)
    assert statuses(client, scenario, expected) == expected, "before the change"

    panels_workflow.change_chair(
        Review.objects.get(pk=scenario.review.pk),  # the scenario's own object stays as it is
        by=manager,
        chair=chair_profile_for(new_chair),
        appointed_on=CHAIR_CHANGED_ON,
        reason="Chris Chair stood down.",
    )

    assert statuses(client, scenario, REVIEW_KEYS) == NOWHERE, "the replaced chair"
    assert listed(client) == set()
    client.force_login(new_chair)
    assert statuses(client, scenario, expected) == expected, "the new chair"
    assert listed(client) == {scenario.review.reference}


# What another panel agency gets from Kent Police's own pages (the panel agency's column).
NOT_KENT_POLICE = {
    "cases:request_answer": 404,
    "cases:request_original": 404,
    "panels:contribution_upload": 403,
    "panels:contribution_submit": 403,
    "panels:chronology_preview": 404,
    "panels:chronology_columns": 404,
    "panels:chronology_discard": 404,
    "actionplans:plan_action": 404,
    "actionplans:plan_action_edit": 404,
    "actionplans:plan_action_close": 404,
    "actionplans:plan_action_sign_off": 404,
    "actionplans:plan_action_update": 404,
    "actionplans:plan_milestone_new": 404,
    "actionplans:plan_milestone_done": 404,
    "actionplans:plan_milestone_edit": 404,
    "actionplans:plan_milestone_delete": 404,
    "actionplans:plan_evidence": 404,
}


def test_an_agency_gets_in_while_on_the_panel_and_out_when_removed(client, scenario):
    """An agency never asked for information: 404 everywhere before its seat, the panel
    agency's column of the table while seated, 404 everywhere again once removed."""
    manager = scenario.users[MANAGER]
    newcomer = AgencyFactory(name="Swale Mental Health Trust")
    client.force_login(UserFactory(role=Role.AGENCY_MEMBER, agency=newcomer))
    assert statuses(client, scenario, REVIEW_KEYS) == NOWHERE, "before the seat"
    assert listed(client) == set()

    seat = panels_workflow.add_panel_member(
        scenario.review,
        by=manager,
        agency=newcomer,
        role=PanelMember.PanelRole.AGENCY,
        added_on=APPOINTED_ON,
    )
    # Like the panel agency's member, except that Kent Police's requests are not theirs.
    expected = expected_for(PANEL_AGENCY, REVIEW_KEYS, **NOT_KENT_POLICE)
    assert statuses(client, scenario, expected) == expected
    assert listed(client) == {scenario.review.reference}

    panels_workflow.remove_panel_member(seat, by=manager)
    assert statuses(client, scenario, REVIEW_KEYS) == NOWHERE, "after the removal"
    assert listed(client) == set()
