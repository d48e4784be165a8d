"""The stage pages of one review: notification, information gathering, decision, Commissioner,
publication, closure, holds.

Thin views over ``cases.lifecycle.workflow``: each page shows what is recorded to everyone who may
open the review, and offers its form to the review manager only (agency members answer their own
agency's information request). A form is parsed here, the domain function decides, and its refusal
comes back as an error of the form so that the input is kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from cases.lifecycle import clocks, workflow
from cases.lifecycle.forms import (
    AnswerRequestForm,
    CloseForm,
    CommissionerForm,
    DecisionForm,
    HoldForm,
    InformationRequestForm,
    LinkedReviewForm,
    PublicationLinkForm,
    PublishForm,
    RecordAnswerForm,
    ResumeForm,
)
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.accounts.roles import Role
from dhr.files import downloads
from dhr.locking import EditConflict, current_values


class ReviewPage(View):
    """A page of one review.

    Promises: a review outside the user's scope is a 404 (before anything else); a POST by
    someone who may not submit here is a 403, and so is any request to a ``manager_only`` page
    by anyone but the review manager.
    """

    template_name = ""
    manager_only = False
    success_url_name = "cases:detail"
    # The review's keys the page shows, read with the review (``review_for``).
    review_related: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        self.review = review_for(request, kwargs["reference"], *self.review_related)
        self.manages = access.manages(request.user, self.review)
        self.load_objects(**kwargs)
        if self.manager_only and not self.manages:
            raise PermissionDenied("Only the review manager can use this page.")
        if request.method == "POST" and not self.may_submit():
            raise PermissionDenied("Your role in this review does not allow this.")
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs) -> None:
        """Hook for pages about a record inside the review (404 when it is not there)."""

    def may_submit(self) -> bool:
        return self.manages

    def page_context(self) -> dict:
        """What the page shows besides its forms."""
        return {}

    def render_page(self, **extra):
        context = review_context(self.request, self.review)
        context.update(self.page_context())
        context.update(extra)
        return render(self.request, self.template_name, context)

    def submit(self, form, perform):
        """Validates ``form`` and calls ``perform(cleaned_data)``, which takes the domain action
        and returns the success message. Redirects on success; returns None when the form must
        be shown again, with its errors (the domain's refusal among them)."""
        if not form.is_valid():
            return None
        try:
            message = perform(form.cleaned_data)
        except workflow.TransitionRefused as refusal:
            form.add_error(None, str(refusal))
            return None
        messages.success(self.request, message)
        return redirect(self.success_url_name, reference=self.review.reference)


class FormPage(ReviewPage):
    """A page with one form that takes one domain action.

    With ``action_name`` set, the form is offered only while ``workflow.refusal`` allows the
    action; otherwise the review manager sees the reason instead (``refusal`` in the context).
    """

    form_class = None
    action_name = ""

    def form_kwargs(self) -> dict:
        return {}

    def perform(self, data: dict) -> str:
        """Takes the domain action; returns the success message."""
        raise NotImplementedError

    def current_refusal(self) -> str | None:
        if not self.action_name:
            return None
        action = workflow.ACTIONS[self.action_name]
        return workflow.refusal(action, self.review, self.request.user)

    def get(self, request, *args, **kwargs):
        if not self.may_submit():
            return self.render_page(form=None, refusal=None)
        refusal = self.current_refusal()
        form = None if refusal else self.form_class(**self.form_kwargs())
        return self.render_page(form=form, refusal=refusal)

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, **self.form_kwargs())
        return self.submit(form, self.perform) or self.render_page(form=form, refusal=None)


# --- Notification and linked processes -------------------------------------------------------


class NotificationPage(ReviewPage):
    template_name = "cases/stages/notification.html"
    http_method_names = ["get", "head", "options"]
    review_related = ("notifying_agency",)

    def get(self, request, reference):
        return self.render_page()

    def page_context(self):
        return {"links": list(self.review.links.all())}


class LinkedReviewAddPage(FormPage):
    template_name = "cases/stages/linked_form.html"
    form_class = LinkedReviewForm
    manager_only = True
    success_url_name = "cases:notification"

    def perform(self, data):
        link = workflow.add_linked_review(self.review, by=self.request.user, **data)
        return f"{link.get_kind_display()} recorded as a linked process."


# --- Information gathering -------------------------------------------------------------------


def _visible_requests(review, user):
    """The information requests ``user`` may see: all for the manager and the chair, only their
    own agency's for an agency member."""
    requests = review.info_requests.select_related("agency", "recorded_by")
    if user.role == Role.AGENCY_MEMBER:
        return requests.filter(agency_id=user.agency_id)
    return requests


class RequestListPage(ReviewPage):
    template_name = "cases/stages/requests.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, reference):
        return self.render_page()

    def page_context(self):
        user, today = self.request.user, timezone.localdate()
        rows = [
            {
                "request": info_request,
                "overdue": info_request.is_open and info_request.due_on < today,
                "can_answer": not info_request.withdrawn
                and not self.review.is_closed
                and access.is_agency_member_of(user, info_request.agency_id),
                "can_withdraw": self.manages and info_request.is_open,
                "can_record": self.manages and info_request.is_open and not self.review.is_closed,
            }
            for info_request in _visible_requests(self.review, user)
        ]
        return {
            "rows": rows,
            "can_send": self.manages and self.review.stage in workflow.REQUEST_STAGES,
        }


class RequestNewPage(FormPage):
    template_name = "cases/stages/request_form.html"
    form_class = InformationRequestForm
    manager_only = True
    success_url_name = "cases:requests"

    def form_kwargs(self):
        return {"review": self.review}

    def perform(self, data):
        sent = workflow.send_information_request(self.review, by=self.request.user, **data)
        return f"The information request to {sent.agency} has been recorded."


class RequestRecordPage(FormPage):
    """A page about one information request of the review (a 404 for any other pk)."""

    success_url_name = "cases:requests"

    def load_objects(self, pk, **kwargs):
        self.info_request = get_object_or_404(
            self.review.info_requests.select_related("agency"), pk=pk
        )

    def page_context(self):
        return {"info_request": self.info_request}


class RequestAnswerPage(RequestRecordPage):
    """Only members of the agency asked may answer. Another agency's member cannot see the
    request at all (404); the manager and the chair see it but never answer it (403)."""

    template_name = "cases/stages/request_answer.html"
    form_class = AnswerRequestForm

    def load_objects(self, pk, **kwargs):
        visible = _visible_requests(self.review, self.request.user)
        self.info_request = get_object_or_404(visible, pk=pk)
        if not access.is_agency_member_of(self.request.user, self.info_request.agency_id):
            raise PermissionDenied("Only the agency asked answers its information request.")

    def may_submit(self):
        return True  # load_objects has let only the agency's members in

    def form_kwargs(self):
        if self.info_request.answered_at is None:
            return {"record": self.info_request}
        had_contact = "yes" if self.info_request.had_contact else "no"
        return {
            "record": self.info_request,
            "initial": {"had_contact": had_contact, "summary": self.info_request.summary},
        }

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, **self.form_kwargs())
        try:
            response = self.submit(form, lambda data: self.perform(data, form.last_seen))
        except EditConflict as conflict:
            return self._show_conflict(form, conflict)
        return response or self.render_page(form=form, refusal=None)

    def perform(self, data, last_seen=None):
        workflow.answer_information_request(
            self.info_request, by=self.request.user, last_seen=last_seen, **data
        )
        return "Your agency's answer has been sent to the review manager."

    def _show_conflict(self, form, conflict):
        """Another member of the agency saved first: the input stays in the form, beside the
        request as it is stored now."""
        self.info_request = conflict.current
        form.show_conflict(conflict, reader=self.request.user)
        stored = self.form_class(**self.form_kwargs())
        return self.render_page(
            form=form, refusal=None, current_values=current_values(conflict, stored)
        )


class RequestRecordAnswerPage(RequestRecordPage):
    """The review manager records the answer an agency sent by e-mail, letter, phone or in a
    meeting (for an agency with no users, most often), with the original attached. Members of
    the agency answer on the answer page instead (403 here)."""

    template_name = "cases/stages/request_record.html"
    form_class = RecordAnswerForm
    manager_only = True

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        form = None if refusal else self.form_class()
        return self.render_page(form=form, refusal=refusal)

    def refusal(self) -> str | None:
        if self.info_request.withdrawn:
            return "This request has been withdrawn: there is nothing to record."
        if self.info_request.answered_at:
            return "This request has already been answered."
        return None

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES)
        return self.submit(form, self.perform) or self.render_page(form=form, refusal=None)

    def perform(self, data):
        workflow.record_answer_for_agency(self.info_request, by=self.request.user, **data)
        return f"The answer of {self.info_request.agency} has been recorded."


def request_original(request, reference, pk):
    """The original e-mail or letter of an answer recorded for an agency, for those who may see
    the request (the manager, the chair, the agency's own members); 404 when there is none."""
    review = review_for(request, reference)
    info_request = get_object_or_404(_visible_requests(review, request.user), pk=pk)
    if not info_request.received_file.name:
        raise Http404("No original was attached.")
    return downloads.stored_file_response(
        request,
        info_request.received_file,
        filename=info_request.received_file_name,
        content_type=info_request.received_file_type,
        description=f"Original answer of {info_request.agency} to {review.reference}",
        object_type="information_request",
        object_id=info_request.pk,
        review_reference=review.reference,
    )


class RequestWithdrawPage(RequestRecordPage):
    """Confirmation page: GET asks, POST withdraws."""

    template_name = "cases/stages/request_withdraw.html"
    manager_only = True

    def get(self, request, *args, **kwargs):
        return self.render_page(refusal=None)

    def post(self, request, *args, **kwargs):
        try:
            workflow.withdraw_information_request(self.info_request, by=request.user)
        except workflow.TransitionRefused as refusal:
            return self.render_page(refusal=str(refusal))
        messages.success(
            request, f"The information request to {self.info_request.agency} has been withdrawn."
        )
        return redirect(self.success_url_name, reference=self.review.reference)


# --- Decision, Commissioner, closure ---------------------------------------------------------


class DecisionPage(FormPage):
    template_name = "cases/stages/decision.html"
    form_class = DecisionForm
    action_name = "record_decision"
    success_url_name = "cases:decision"

    def perform(self, data):
        review = workflow.record_decision(
            self.review,
            by=self.request.user,
            decision=data["decision"],
            decision_on=data["decision_on"],
            rationale=data["rationale"],
            decided_by=data["decided_by"],
            home_office_informed_on=data["home_office_informed_on"],
            referred_to=data["referred_to"],
        )
        return f"Decision recorded: {review.get_decision_display().lower()}."


class CommissionerPage(FormPage):
    template_name = "cases/stages/commissioner.html"
    form_class = CommissionerForm
    action_name = "send_to_commissioner"
    success_url_name = "cases:commissioner"

    def perform(self, data):
        workflow.send_to_commissioner(self.review, by=self.request.user, sent_on=data["sent_on"])
        return "Recorded: the report has been sent to the Domestic Abuse Commissioner."


class ClosePage(FormPage):
    template_name = "cases/stages/close.html"
    form_class = CloseForm
    action_name = "close"
    success_url_name = "cases:close"

    def perform(self, data):
        workflow.close(
            self.review, by=self.request.user, closed_on=data["closed_on"], reason=data["reason"]
        )
        return "The review has been closed."


# --- Publication -----------------------------------------------------------------------------


class PublicationPage(ReviewPage):
    """Two forms on one page, told apart by the name of the button that sent them: a link to
    the published report, and the date of publication."""

    template_name = "cases/stages/publication.html"
    success_url_name = "cases:publication"

    def page_context(self):
        return {"publication_links": list(self.review.publication_links.all())}

    def get(self, request, reference):
        return self.render_page(**self.forms())

    def post(self, request, reference):
        publishing = request.POST.get("form") == "publish"
        form = PublishForm(request.POST) if publishing else PublicationLinkForm(request.POST)
        response = self.submit(form, self.publish if publishing else self.add_link)
        if response:
            return response
        sent = {"publish_form": form} if publishing else {"link_form": form}
        # ``form`` is the one sent: the error summary and the page title read it.
        return self.render_page(form=form, **self.forms(**sent))

    def forms(self, link_form=None, publish_form=None) -> dict:
        """The forms this user is offered now, and why publication cannot be recorded yet."""
        if not self.manages:
            return {}
        publish_refusal = None
        if not self.review.published_on and publish_form is None:
            publish_refusal = workflow.refusal(
                workflow.ACTIONS["publish"], self.review, self.request.user
            )
            if publish_refusal is None:
                publish_form = PublishForm()
        if link_form is None and self.review.stage in workflow.PUBLICATION_LINK_STAGES:
            link_form = PublicationLinkForm()
        return {
            "link_form": link_form,
            "publish_form": publish_form,
            "publish_refusal": publish_refusal,
        }

    def add_link(self, data):
        link = workflow.add_publication_link(self.review, by=self.request.user, **data)
        return f"Link added: {link.title}."

    def publish(self, data):
        workflow.publish(self.review, by=self.request.user, published_on=data["published_on"])
        return "Publication recorded."


# --- Holds -----------------------------------------------------------------------------------


def _hold_rows(review) -> list[dict]:
    """Every hold of the review with the calendar days it lasted (so far, for an open one)."""
    now = timezone.now()
    return [
        {"hold": hold, "days": clocks.held_days(hold.started_at, hold.ended_at or now)}
        for hold in review.holds.select_related("started_by", "ended_by")
    ]


class HoldPage(FormPage):
    template_name = "cases/stages/hold.html"
    form_class = HoldForm
    action_name = "put_on_hold"

    def page_context(self):
        return {"hold_rows": _hold_rows(self.review)}

    def perform(self, data):
        workflow.put_on_hold(
            self.review, by=self.request.user, reason=data["reason"], details=data["details"]
        )
        return "The review is on hold. The statutory clocks are stopped."


class ResumePage(FormPage):
    template_name = "cases/stages/resume.html"
    form_class = ResumeForm
    action_name = "resume"
    manager_only = True

    def perform(self, data):
        workflow.resume(self.review, by=self.request.user, note=data["note"])
        return "The review has resumed. Running clocks have moved on by the days it was on hold."
