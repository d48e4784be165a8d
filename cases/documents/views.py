"""The Documents tab and the two document-heavy stages: terms of reference and Home Office QA.

Files are served only by ``document_download``, which starts from the review the user may open
and the documents they may see (``services.documents_for``): anything else is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from cases.documents import services
from cases.documents.forms import (
    DocumentForm,
    QAOutcomeForm,
    QASubmitForm,
    TermsAgreeForm,
    TermsForm,
    WithdrawDocumentForm,
    terms_initial,
)
from cases.lifecycle import workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.files import downloads

# --- Documents ---------------------------------------------------------------------------------


def document_list(request, reference):
    """The documents this user may see; the manager and the chair can upload here (POST)."""
    review = review_for(request, reference)
    can_upload = services.can_upload(request.user, review) and not review.is_closed
    form = None
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied("Only the review manager or the chair can add documents.")
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = services.upload_document(
                    review,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"“{document.title}” has been uploaded.")
                return redirect("cases:documents", reference=review.reference)
    elif can_upload:
        form = DocumentForm()
    context = review_context(request, review, "cases:documents")
    context.update(
        {
            "documents": services.documents_for(request.user, review),
            "form": form,
            "can_withdraw": services.can_withdraw(request.user, review),
        }
    )
    return render(request, "cases/documents/list.html", context)


def document_download(request, reference, pk):
    """The file as an attachment, never rendered by the browser (a withdrawn one only for the
    manager and the chair)."""
    review = review_for(request, reference)
    document = get_object_or_404(services.downloadable_documents_for(request.user, review), pk=pk)
    withdrawn = " (withdrawn)" if document.is_withdrawn else ""
    return downloads.stored_file_response(
        request,
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
        description=f"{document.get_kind_display()} “{document.title}”{withdrawn} of "
        f"{review.reference}",
        object_type="document",
        object_id=document.pk,
        review_reference=review.reference,
    )


class DocumentWithdrawView(View):
    """Asks for the reason, then withdraws a document; for the review manager. The file and
    its history are kept."""

    template_name = "cases/documents/withdraw.html"

    def dispatch(self, request, reference, pk):
        self.review = review_for(request, reference)
        # Found among the documents the user may see first: no hint of a restricted one.
        self.document = get_object_or_404(services.documents_for(request.user, self.review), pk=pk)
        if not access.manages(request.user, self.review):
            raise PermissionDenied("Only the review manager can withdraw a document.")
        return super().dispatch(request)

    def get(self, request):
        return self._render(WithdrawDocumentForm())

    def post(self, request):
        form = WithdrawDocumentForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw_document(
                    self.document, by=request.user, reason=form.cleaned_data["reason"]
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"“{self.document.title}” has been withdrawn.")
                return redirect("cases:documents", reference=self.review.reference)
        return self._render(form)

    def _render(self, form):
        context = review_context(self.request, self.review, "cases:documents")
        refusal = None
        if self.document.is_withdrawn:
            refusal = "This document has already been withdrawn."
        elif self.review.is_closed:
            refusal = "The review is closed: its documents can no longer be changed."
        context.update(
            {"form": form, "document": self.document, "refusal": None if form.is_bound else refusal}
        )
        return render(self.request, self.template_name, context)


# --- Terms of reference ------------------------------------------------------------------------


def terms_list(request, reference):
    """Every version, newest first, with its documents; the latest unagreed one can be agreed."""
    review = review_for(request, reference)
    visible = services.documents_for(request.user, review)
    versions = list(
        review.terms_versions.select_related("created_by").prefetch_related(
            Prefetch("documents", queryset=visible, to_attr="visible_documents")
        )
    )
    context = review_context(request, review)
    context.update(
        {
            "versions": versions,
            "latest": versions[0] if versions else None,
            "can_add": workflow.terms_refusal(review, request.user) is None,
            "can_agree": access.manages(request.user, review),
        }
    )
    return render(request, "cases/terms/list.html", context)


class TermsCreateView(View):
    """A new version of the terms, prefilled from the latest; for the manager and the chair."""

    template_name = "cases/terms/form.html"

    def dispatch(self, request, reference):
        self.review = review_for(request, reference)
        if not services.can_upload(request.user, self.review):
            raise PermissionDenied("Only the review manager or the chair can change the terms.")
        self.latest = self.review.terms_versions.order_by("-version").first()
        return super().dispatch(request)

    def get(self, request):
        return self._render(TermsForm(initial=terms_initial(self.latest)))

    def post(self, request):
        form = TermsForm(request.POST, request.FILES)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            try:
                terms = services.save_terms(self.review, by=request.user, **fields)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"Version {terms.version} of the terms has been saved.")
                return redirect("cases:terms", reference=self.review.reference)
        return self._render(form)

    def _render(self, form):
        context = review_context(self.request, self.review)
        context.update(
            {
                "form": form,
                "latest": self.latest,
                # Said before the form is filled in; after a post, the refusal is the
                # form's error and the form stays, with what was typed.
                "refusal": None
                if form.is_bound
                else workflow.terms_refusal(self.review, self.request.user),
            }
        )
        return render(self.request, self.template_name, context)


class TermsAgreeView(View):
    """Records the date the latest version was agreed; for the review manager."""

    template_name = "cases/terms/agree.html"

    def dispatch(self, request, reference, pk):
        self.review = review_for(request, reference)
        if not access.manages(request.user, self.review):
            raise PermissionDenied("Only the review manager records that the terms were agreed.")
        self.terms = get_object_or_404(self.review.terms_versions, pk=pk)
        return super().dispatch(request)

    def get(self, request):
        return self._render(TermsAgreeForm(initial={"agreed_on": self.terms.agreed_on}))

    def post(self, request):
        form = TermsAgreeForm(request.POST)
        if form.is_valid():
            try:
                workflow.agree_terms_of_reference(
                    self.terms, by=request.user, agreed_on=form.cleaned_data["agreed_on"]
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, f"Version {self.terms.version} of the terms is recorded as agreed."
                )
                return redirect("cases:terms", reference=self.review.reference)
        return self._render(form)

    def _render(self, form):
        latest = self.review.terms_versions.order_by("-version").first()
        context = review_context(self.request, self.review)
        context.update(
            {
                "form": form,
                "terms": self.terms,
                "refusal": None
                if form.is_bound or latest.pk == self.terms.pk
                else "Only the latest version of the terms can be agreed.",
            }
        )
        return render(self.request, self.template_name, context)


# --- Home Office QA ------------------------------------------------------------------------------


def qa_list(request, reference):
    """The QA rounds with their outcome and feedback letters, and what can be done next."""
    review = review_for(request, reference)
    visible = services.documents_for(request.user, review)
    rounds = review.qa_rounds.prefetch_related(
        Prefetch("documents", queryset=visible, to_attr="visible_documents")
    )
    offers = []
    if access.manages(request.user, review):
        for action in (services.qa_submit_action(review), workflow.ACTIONS["record_qa_outcome"]):
            offer = _offer(action, review, request.user)
            if offer:
                offers.append(offer)
    context = review_context(request, review)
    context.update({"rounds": list(rounds), "offers": offers})
    return render(request, "cases/qa/list.html", context)


def _offer(action, review, user) -> dict | None:
    """An action the page offers when the review is at one of its stages: label, link, refusal."""
    if review.stage not in action.from_stages:
        return None
    return {"action": action, "refusal": workflow.refusal(action, review, user)}


class QAActionView(View):
    """Base of the two QA forms: manager only; says on the page why the action is refused."""

    template_name = ""
    form_class = None
    success_message = ""

    def dispatch(self, request, reference):
        self.review = review_for(request, reference)
        if not access.manages(request.user, self.review):
            raise PermissionDenied("Only the review manager records QA submissions and outcomes.")
        return super().dispatch(request)

    def action(self) -> workflow.Action:
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def get(self, request):
        return self._render(self.form_class())

    def post(self, request):
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.perform(form)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, self.success_message)
                return redirect("cases:qa", reference=self.review.reference)
        return self._render(form)

    def _render(self, form):
        context = review_context(self.request, self.review)
        context.update(
            {
                "form": form,
                "action": self.action(),
                "refusal": None
                if form.is_bound
                else workflow.refusal(self.action(), self.review, self.request.user),
                "current_round": self.review.qa_rounds.order_by("-number").first(),
            }
        )
        return render(self.request, self.template_name, context)


class QASubmitView(QAActionView):
    """Submits the report to QA, or resubmits it after amendments (a new round)."""

    template_name = "cases/qa/submit.html"
    form_class = QASubmitForm
    success_message = "The submission to Home Office QA has been recorded."

    def action(self):
        return services.qa_submit_action(self.review)

    def perform(self, form):
        workflow.submit_to_qa(
            self.review, by=self.request.user, submitted_on=form.cleaned_data["submitted_on"]
        )


class QAOutcomeView(QAActionView):
    """Records the QA panel's outcome, with its feedback letter if there is one."""

    template_name = "cases/qa/outcome.html"
    form_class = QAOutcomeForm
    success_message = "The QA panel's outcome has been recorded."

    def action(self):
        return workflow.ACTIONS["record_qa_outcome"]

    def perform(self, form):
        services.record_qa_outcome(self.review, by=self.request.user, **form.cleaned_data)
