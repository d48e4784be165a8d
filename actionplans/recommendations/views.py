"""The action plan pages: the review's recommendations and actions, progress updates and
sign-off, repeats, import and exports; "Our actions" for agency members; the partnership's
themes and repeats report.

Scope first: a review outside ``review_for`` is a 404, and so is a recommendation or action
outside ``services.recommendations_for`` / ``services.actions_for`` (another agency's action
does not exist for an agency member). Then role: a page the user's role never has in this
review is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from actionplans.models import (
    Evidence,
    Milestone,
    PlanAction,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
    Theme,
)
from actionplans.recommendations import export, importer, repeats, services
from actionplans.recommendations.forms import (
    ActionForm,
    CloseActionForm,
    ImportConfirmForm,
    ImportForm,
    LinkForm,
    MilestoneEditForm,
    MilestoneForm,
    RecommendationForm,
    SignOffForm,
    ThemeForm,
    UpdateForm,
    WithdrawForm,
)
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from cases.reviews.page import review_context, review_for
from dhr.accounts.roles import Role, has_role
from dhr.files import downloads
from dhr.files.forms import ColumnsForm
from dhr.models import Partnership
from dhr.permissions import RoleRequiredMixin

TAB = "actionplans:plan"


def _context(request, review, **extra) -> dict:
    context = review_context(request, review, TAB)
    context.update(
        {
            "may_draft": services.may_draft(request.user, review),
            "may_manage": services.may_manage(request.user, review),
            "working": review.stage in services.WORKING_STAGES,
        }
    )
    context.update(extra)
    return context


def _recommendation(request, review, pk) -> Recommendation:
    return get_object_or_404(
        services.recommendations_for(request.user, review).select_related("source_agency"),
        pk=pk,
    )


def _action(request, review, pk) -> PlanAction:
    return get_object_or_404(
        services.actions_for(request.user, review).select_related(
            "recommendation", "lead_agency", "deadline", "review"
        ),
        pk=pk,
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- The plan --------------------------------------------------------------------------------


def plan(request, reference):
    """The review's recommendations, each with its actions and their RAG ratings."""
    review = review_for(request, reference)
    recommendations = services.plan_for(request.user, review)
    refusal = None
    if services.may_manage(request.user, review):
        refusal = services.qa_guard(review) or services.close_guard(review)
    return render(
        request,
        "actionplans/recommendations/plan.html",
        _context(
            request,
            review,
            recommendations=recommendations,
            reads_whole_plan=services.reads_whole_plan(request.user, review),
            plan_refusal=refusal,
        ),
    )


class RecommendationFormView(View):
    """Writing a recommendation (new, or changing one). "Check for similar recommendations"
    shows earlier ones that say much the same before saving; the writer may mark one as
    repeated (or built on), which is recorded with the recommendation."""

    def dispatch(self, request, reference, pk=None):
        self.review = review_for(request, reference)
        self.recommendation = None
        if pk is not None:
            self.recommendation = _recommendation(request, self.review, pk)
            _require(
                services.may_edit(request.user, self.recommendation),
                "Only the review manager can change an agreed recommendation.",
            )
        else:
            _require(
                services.may_draft(request.user, self.review),
                "Only the chair or the review manager can write recommendations.",
            )
        return super().dispatch(request, reference)

    def form(self, data=None):
        initial = {}
        if self.recommendation is not None:
            rec = self.recommendation
            initial = {
                "text": rec.text,
                "level": rec.level,
                "addressed_agencies": list(rec.addressed_agencies.all()),
                "addressed_to": rec.addressed_to,
                "source": rec.source,
                "source_agency": rec.source_agency,
                "themes": list(rec.themes.all()),
            }
        themes = services.themes_for(self.review.partnership)
        if self.recommendation is not None:
            # A theme no longer offered stays on the recommendations tagged with it.
            themes = (
                services.themes_for(self.review.partnership, active_only=False)
                .filter(Q(is_active=True) | Q(recommendations=self.recommendation))
                .distinct()
            )
        return RecommendationForm(data, initial=initial, themes=themes)

    def render_page(self, form, suggestions=None, checked=False):
        return render(
            self.request,
            "actionplans/recommendations/recommendation_form.html",
            _context(
                self.request,
                self.review,
                form=form,
                recommendation=self.recommendation,
                suggestions=suggestions or [],
                checked=checked,
                relations=RecommendationLink.Relation.choices,
            ),
        )

    def get(self, request, reference, pk=None):
        return self.render_page(self.form())

    def post(self, request, reference, pk=None):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        data = form.cleaned_data
        suggestions = repeats.suggestions_for_text(
            data["text"], review=self.review, user=request.user
        )
        if "check" in request.POST:
            return self.render_page(form, suggestions, checked=True)
        try:
            if self.recommendation is None:
                saved = services.draft_recommendation(self.review, by=request.user, **data)
            else:
                saved = services.update_recommendation(self.recommendation, by=request.user, **data)
            by_pk = {suggestion.recommendation.pk: suggestion for suggestion in suggestions}
            for pk_text in request.POST.getlist("link"):
                relation = request.POST.get(f"relation_{pk_text}", "repeats")
                suggestion = by_pk.get(int(pk_text)) if pk_text.isdigit() else None
                if suggestion is not None:
                    services.link_recommendations(
                        saved,
                        by=request.user,
                        earlier=suggestion.recommendation,
                        relation=relation,
                        score=suggestion.score,
                    )
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
            return self.render_page(form, suggestions, checked=True)
        messages.success(request, f"Recommendation {saved.number} is saved.")
        return redirect("actionplans:plan_recommendation", self.review.reference, saved.pk)


def recommendation_detail(request, reference, pk):
    """One recommendation: its actions, the repeats confirmed, and the earlier
    recommendations that say much the same (for those who write recommendations)."""
    review = review_for(request, reference)
    recommendation = _recommendation(request, review, pk)
    actions = list(
        services.actions_for(request.user, review)
        .filter(recommendation=recommendation)
        .select_related("lead_agency", "deadline", "review")
        .order_by("number")
    )
    today = timezone.localdate()
    for action in actions:
        action.rag = services.rag(action, today)
    may_draft = services.may_draft(request.user, review)
    suggestions = []
    if may_draft:
        suggestions = repeats.suggestions_for_review(review, user=request.user).get(
            recommendation.pk, []
        )
    links = recommendation.links.select_related("earlier__review", "confirmed_by")
    return render(
        request,
        "actionplans/recommendations/recommendation.html",
        _context(
            request,
            review,
            recommendation=recommendation,
            actions=actions,
            suggestions=suggestions,
            links=list(links) if may_draft else [],
            may_edit=services.may_edit(request.user, recommendation),
            relations=RecommendationLink.Relation.choices,
        ),
    )


def link_recommendation(request, reference, pk):
    """POST: confirms that the recommendation repeats (or builds on) a suggested one."""
    review = review_for(request, reference)
    recommendation = _recommendation(request, review, pk)
    _require(services.may_draft(request.user, review), "Only the chair or the manager can.")
    if request.method != "POST":
        return redirect("actionplans:plan_recommendation", review.reference, recommendation.pk)
    form = LinkForm(request.POST)
    back = redirect("actionplans:plan_recommendation", review.reference, recommendation.pk)
    if not form.is_valid():
        messages.error(request, "Choose the earlier recommendation and how they relate.")
        return back
    earlier = Recommendation.objects.filter(pk=form.cleaned_data["earlier"]).first()
    if earlier is None:
        messages.error(request, "That recommendation is not one you can open.")
        return back
    try:
        services.link_recommendations(
            recommendation,
            by=request.user,
            earlier=earlier,
            relation=form.cleaned_data["relation"],
            score=form.cleaned_data["score"],
        )
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The link to the earlier recommendation is recorded.")
    return back


class RecommendationDecisionView(View):
    """Agreeing (a confirmation) or withdrawing (with a reason) a recommendation."""

    withdraw = False

    def dispatch(self, request, reference, pk):
        self.review = review_for(request, reference)
        self.recommendation = _recommendation(request, self.review, pk)
        _require(services.may_manage(request.user, self.review), "Only the review manager can.")
        return super().dispatch(request, reference, pk)

    def render_page(self, form=None):
        return render(
            self.request,
            "actionplans/recommendations/decision.html",
            _context(
                self.request,
                self.review,
                recommendation=self.recommendation,
                form=form,
                withdraw=self.withdraw,
            ),
        )

    def get(self, request, reference, pk):
        return self.render_page(WithdrawForm() if self.withdraw else None)

    def post(self, request, reference, pk):
        form = WithdrawForm(request.POST) if self.withdraw else None
        if form is not None and not form.is_valid():
            return self.render_page(form)
        try:
            if self.withdraw:
                services.withdraw_recommendation(
                    self.recommendation, by=request.user, reason=form.cleaned_data["reason"]
                )
                message = f"Recommendation {self.recommendation.number} is withdrawn."
            else:
                services.agree_recommendation(self.recommendation, by=request.user)
                message = f"Recommendation {self.recommendation.number} is agreed."
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, message)
        return redirect("actionplans:plan", self.review.reference)


# --- Actions -----------------------------------------------------------------------------------


class ActionFormView(View):
    """The review manager adds an action to a recommendation, or changes one."""

    def dispatch(self, request, reference, pk):
        self.review = review_for(request, reference)
        if self.editing:
            self.action = _action(request, self.review, pk)
            self.recommendation = self.action.recommendation
        else:
            self.action = None
            self.recommendation = _recommendation(request, self.review, pk)
        _require(services.may_manage(request.user, self.review), "Only the review manager can.")
        return super().dispatch(request, reference, pk)

    editing = False

    def render_page(self, form):
        return render(
            self.request,
            "actionplans/recommendations/action_form.html",
            _context(
                self.request,
                self.review,
                form=form,
                recommendation=self.recommendation,
                action=self.action,
            ),
        )

    def get(self, request, reference, pk):
        initial = {}
        if self.action is not None:
            initial = {
                "description": self.action.description,
                "lead_agency": self.action.lead_agency,
                "owner_name": self.action.owner_name,
                "target_date": self.action.target_date,
            }
        return self.render_page(ActionForm(initial=initial))

    def post(self, request, reference, pk):
        form = ActionForm(request.POST)
        if form.is_valid():
            try:
                if self.action is None:
                    saved = services.add_action(
                        self.recommendation, by=request.user, **form.cleaned_data
                    )
                else:
                    saved = services.update_action(
                        self.action, by=request.user, **form.cleaned_data
                    )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"Action {saved.label} is saved.")
                if "another" in request.POST:
                    return redirect(
                        "actionplans:plan_action_new", self.review.reference, self.recommendation.pk
                    )
                return redirect("actionplans:plan", self.review.reference)
        return self.render_page(form)


def action_detail(request, reference, pk):
    """One action: its RAG rating, milestones and progress updates with their evidence."""
    review = review_for(request, reference)
    action = _action(request, review, pk)
    action.rag = services.rag(action)
    updates = list(
        action.updates.select_related("posted_by", "decided_by").prefetch_related("evidence")
    )
    return render(
        request,
        "actionplans/recommendations/action.html",
        _context(
            request,
            review,
            action=action,
            updates=updates,
            milestones=list(action.milestones.all()),
            pending=services.pending_update(action),
            may_update=services.may_update(request.user, action),
        ),
    )


class CloseActionView(View):
    """The review manager records an action as not completed (with why) or superseded."""

    def dispatch(self, request, reference, pk):
        self.review = review_for(request, reference)
        self.action = _action(request, self.review, pk)
        _require(services.may_manage(request.user, self.review), "Only the review manager can.")
        return super().dispatch(request, reference, pk)

    def render_page(self, form):
        return render(
            self.request,
            "actionplans/recommendations/action_close.html",
            _context(self.request, self.review, form=form, action=self.action),
        )

    def get(self, request, reference, pk):
        return self.render_page(CloseActionForm())

    def post(self, request, reference, pk):
        form = CloseActionForm(request.POST)
        if form.is_valid():
            try:
                services.close_action(self.action, by=request.user, **form.cleaned_data)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"Action {self.action.label} is closed.")
                return redirect("actionplans:plan_action", self.review.reference, self.action.pk)
        return self.render_page(form)


class UpdateView(View):
    """The lead agency posts progress: a note, evidence files and the status it proposes."""

    def dispatch(self, request, reference, pk):
        self.review = review_for(request, reference)
        self.action = _action(request, self.review, pk)
        _require(
            services.may_update(request.user, self.action),
            "Only a member of the lead agency can update this action.",
        )
        return super().dispatch(request, reference, pk)

    def render_page(self, form):
        return render(
            self.request,
            "actionplans/recommendations/update_form.html",
            _context(
                self.request,
                self.review,
                form=form,
                action=self.action,
                pending=services.pending_update(self.action),
            ),
        )

    def get(self, request, reference, pk):
        return self.render_page(UpdateForm())

    def post(self, request, reference, pk):
        form = UpdateForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = services.post_update(
                    self.action,
                    by=request.user,
                    note=data["note"],
                    proposed_status=data["proposed_status"],
                    reason=data["reason"],
                    files=data["evidence"],
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                if update.decision == ProgressUpdate.Decision.PENDING:
                    messages.success(
                        request, "Your update is sent to the review manager for sign-off."
                    )
                else:
                    messages.success(request, "Your update is recorded.")
                return redirect("actionplans:plan_action", self.review.reference, self.action.pk)
        return self.render_page(form)


class SignOffView(View):
    """The review manager signs off a proposed completion, or sends it back with a reason."""

    def dispatch(self, request, reference, pk):
        self.review = review_for(request, reference)
        self.action = _action(request, self.review, pk)
        _require(services.may_manage(request.user, self.review), "Only the review manager can.")
        self.update = services.pending_update(self.action)
        return super().dispatch(request, reference, pk)

    def render_page(self, form):
        evidence = Evidence.objects.filter(update__action=self.action).exclude(
            update__decision=ProgressUpdate.Decision.REFUSED
        )
        return render(
            self.request,
            "actionplans/recommendations/sign_off.html",
            _context(
                self.request,
                self.review,
                form=form,
                action=self.action,
                update=self.update,
                evidence=list(evidence.select_related("update")),
            ),
        )

    def get(self, request, reference, pk):
        return self.render_page(SignOffForm())

    def post(self, request, reference, pk):
        form = SignOffForm(request.POST)
        if self.update is None:
            messages.error(request, "No update of this action is waiting for sign-off.")
            return redirect("actionplans:plan_action", self.review.reference, self.action.pk)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "sign_off":
                    services.sign_off(self.update, by=request.user)
                    message = f"Action {self.action.label} is signed off."
                else:
                    services.refuse(
                        self.update, by=request.user, reason=form.cleaned_data["refusal_reason"]
                    )
                    message = "The update is sent back to the lead agency with your reason."
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, message)
                return redirect("actionplans:plan_action", self.review.reference, self.action.pk)
        return self.render_page(form)


class MilestoneView(View):
    """Adds a milestone to an action, or changes one (the review manager or the lead
    agency)."""

    def dispatch(self, request, reference, pk, milestone_pk=None):
        self.review = review_for(request, reference)
        self.action = _action(request, self.review, pk)
        _require(
            services.may_manage(request.user, self.review)
            or services.may_update(request.user, self.action),
            "Only the review manager or the lead agency can add milestones.",
        )
        self.milestone = None
        if milestone_pk is not None:
            self.milestone = get_object_or_404(Milestone, action=self.action, pk=milestone_pk)
            self.milestone.action = self.action
        return super().dispatch(request, reference, pk)

    def render_page(self, form):
        return render(
            self.request,
            "actionplans/recommendations/milestone_form.html",
            _context(
                self.request, self.review, form=form, action=self.action, milestone=self.milestone
            ),
        )

    def form(self, data=None):
        if self.milestone is None:
            return MilestoneForm(data)
        initial = {
            "title": self.milestone.title,
            "due_on": self.milestone.due_on,
            "done_on": self.milestone.done_on,
        }
        return MilestoneEditForm(data, initial=initial)

    def get(self, request, reference, pk):
        return self.render_page(self.form())

    def post(self, request, reference, pk):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                if self.milestone is None:
                    services.add_milestone(self.action, by=request.user, **form.cleaned_data)
                else:
                    services.change_milestone(self.milestone, by=request.user, **form.cleaned_data)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    "The milestone is added."
                    if self.milestone is None
                    else "The milestone is saved.",
                )
                return redirect("actionplans:plan_action", self.review.reference, self.action.pk)
        return self.render_page(form)


class MilestoneDeleteView(View):
    """Asks for confirmation, then deletes a milestone (kept in the history)."""

    def dispatch(self, request, reference, pk, milestone_pk):
        self.review = review_for(request, reference)
        self.action = _action(request, self.review, pk)
        _require(
            services.may_manage(request.user, self.review)
            or services.may_update(request.user, self.action),
            "Only the review manager or the lead agency can delete milestones.",
        )
        self.milestone = get_object_or_404(Milestone, action=self.action, pk=milestone_pk)
        self.milestone.action = self.action
        return super().dispatch(request, reference, pk)

    def get(self, request, reference, pk):
        return render(
            request,
            "actionplans/recommendations/milestone_delete.html",
            _context(request, self.review, action=self.action, milestone=self.milestone),
        )

    def post(self, request, reference, pk):
        try:
            services.delete_milestone(self.milestone, by=request.user)
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"The milestone “{self.milestone.title}” is deleted.")
        return redirect("actionplans:plan_action", self.review.reference, self.action.pk)


def milestone_done(request, reference, pk, milestone_pk):
    """POST: marks a milestone as reached."""
    review = review_for(request, reference)
    action = _action(request, review, pk)
    milestone = get_object_or_404(Milestone, action=action, pk=milestone_pk)
    _require(
        services.may_manage(request.user, review) or services.may_update(request.user, action),
        "Only the review manager or the lead agency can do this.",
    )
    if request.method == "POST":
        try:
            services.complete_milestone(milestone, by=request.user)
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "The milestone is marked as reached.")
    return redirect("actionplans:plan_action", review.reference, action.pk)


def evidence_download(request, reference, pk):
    """An evidence file, for those who may read its action (an attachment, logged)."""
    review = review_for(request, reference)
    evidence = get_object_or_404(
        Evidence.objects.select_related("update__action").filter(
            update__action__in=services.actions_for(request.user, review)
        ),
        pk=pk,
    )
    return downloads.stored_file_response(
        request,
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
        description=f"Evidence for action {evidence.update.action_id} of {review.reference}",
        object_type="action_evidence",
        object_id=evidence.pk,
        review_reference=review.reference,
    )


# --- Exports and import -------------------------------------------------------------------------


def _log_export(request, review, what: str) -> None:
    downloads.log_download(
        request,
        description=f"Action plan of {review.reference} ({what})",
        object_type="action_plan",
        object_id=review.pk,
        review_reference=review.reference,
    )


def plan_xlsx(request, reference):
    """The action plan as a workbook: one row per action the user may read."""
    review = review_for(request, reference)
    content = export.action_plan_xlsx(review, user=request.user)
    _log_export(request, review, "Excel")
    return downloads.attachment(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{review.reference}-action-plan.xlsx",
    )


def plan_pdf(request, reference):
    """The action plan as a printable PDF, with what the user may read."""
    review = review_for(request, reference)
    content = export.action_plan_pdf(review, user=request.user)
    _log_export(request, review, "PDF")
    return downloads.attachment(content, "application/pdf", f"{review.reference}-action-plan.pdf")


MAX_IMPORT_BYTES = 2 * 1024 * 1024
PREVIEW_ISSUES_SHOWN = 200


def _importer_review(request, reference):
    review = review_for(request, reference)
    _require(services.may_manage(request.user, review), "Only the review manager can.")
    return review


def _staged_plan(request, reference, staged_pk):
    """The review and the file its manager staged: another person's staged file is a 404."""
    review = _importer_review(request, reference)
    staged = get_object_or_404(importer.staged_for(request.user, review), pk=staged_pk)
    staged.review = review
    return review, staged


class ImportView(View):
    """Imports an existing plan from XLSX or CSV, as the chronology import does: the file is
    uploaded once and its cells kept on the server (``StagedActionPlan``); its columns are
    matched when its headings are not ours (the choice is remembered for the partnership);
    the preview shows every error and warning by the spreadsheet's row; then all of it is
    imported or nothing."""

    def dispatch(self, request, reference):
        self.review = _importer_review(request, reference)
        return super().dispatch(request, reference)

    def render_page(self, form):
        return render(
            self.request,
            "actionplans/recommendations/import.html",
            _context(self.request, self.review, form=form),
        )

    def get(self, request, reference):
        return self.render_page(ImportForm())

    def post(self, request, reference):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        checked = form.cleaned_data["upload"]
        if checked.size > MAX_IMPORT_BYTES:
            form.add_error("upload", "The file is too big for an action plan: 2 MB at most")
            return self.render_page(form)
        checked.file.seek(0)
        try:
            staged = importer.stage_plan(
                self.review,
                by=request.user,
                content=checked.file.read(),
                extension=checked.extension,
                name=checked.original_name,
                sha256=checked.sha256,
            )
        except importer.reader.UnreadableFile as unreadable:
            form.add_error("upload", str(unreadable))
            return self.render_page(form)
        return redirect("actionplans:plan_import_preview", self.review.reference, staged.pk)


class ImportColumnsView(View):
    """Matches the file's columns to ours (remembered for the partnership once imported)."""

    def dispatch(self, request, reference, staged_pk):
        self.review, self.staged = _staged_plan(request, reference, staged_pk)
        self.result = importer.preview_staged(self.staged)
        if self.result.header is None:
            messages.error(request, str(self.result.errors[0]))
            return redirect("actionplans:plan_import_preview", reference, staged_pk)
        return super().dispatch(request, reference, staged_pk)

    def form(self, data=None):
        return ColumnsForm(
            data,
            labels=self.result.header.labels,
            columns=importer.COLUMNS,
            initial_columns=self.result.chosen_labels,
        )

    def get(self, request, reference, staged_pk):
        return self.render_page(self.form())

    def post(self, request, reference, staged_pk):
        form = self.form(request.POST)
        if form.is_valid():
            importer.choose_columns(self.staged, by=request.user, chosen=form.cleaned_data)
            return redirect("actionplans:plan_import_preview", reference, self.staged.pk)
        return self.render_page(form)

    def render_page(self, form):
        return render(
            self.request,
            "actionplans/recommendations/import_columns.html",
            _context(
                self.request,
                self.review,
                form=form,
                staged=self.staged,
                header=self.result.header,
            ),
        )


class ImportPreviewView(View):
    """What the import would do, row by row, before anything is saved; POST confirms."""

    def dispatch(self, request, reference, staged_pk):
        self.review, self.staged = _staged_plan(request, reference, staged_pk)
        return super().dispatch(request, reference, staged_pk)

    def get(self, request, reference, staged_pk):
        result = importer.preview_staged(self.staged)
        if result.needs_mapping:
            return redirect("actionplans:plan_import_columns", reference, self.staged.pk)
        return self.render_page(result, ImportConfirmForm())

    def post(self, request, reference, staged_pk):
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            try:
                counts = importer.confirm_staged(
                    self.staged, by=request.user, replace=form.cleaned_data["replace"]
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"Imported {counts}.")
                return redirect("actionplans:plan", self.review.reference)
        fresh = importer.staged_for(request.user, self.review).filter(pk=self.staged.pk).first()
        if fresh is None:
            return redirect("actionplans:plan_import", self.review.reference)
        fresh.review = self.review
        return self.render_page(importer.preview_staged(fresh), form)

    def render_page(self, result, form):
        return render(
            self.request,
            "actionplans/recommendations/import_preview.html",
            _context(
                self.request,
                self.review,
                form=form,
                result=result,
                staged=self.staged,
                errors=result.errors[:PREVIEW_ISSUES_SHOWN],
                warnings=result.warnings[:PREVIEW_ISSUES_SHOWN],
            ),
        )


class ImportDiscardView(View):
    """Asks for confirmation, then drops the staged file."""

    def dispatch(self, request, reference, staged_pk):
        self.review, self.staged = _staged_plan(request, reference, staged_pk)
        return super().dispatch(request, reference, staged_pk)

    def get(self, request, reference, staged_pk):
        return render(
            request,
            "includes/discard_staged.html",
            _context(
                request,
                self.review,
                staged=self.staged,
                preview_url=reverse(
                    "actionplans:plan_import_preview", args=[reference, self.staged.pk]
                ),
            ),
        )

    def post(self, request, reference, staged_pk):
        importer.discard_staged(self.staged)
        messages.success(request, f"“{self.staged.original_name}” has been discarded.")
        return redirect("actionplans:plan", self.review.reference)


# --- Across reviews ------------------------------------------------------------------------------


class OurActionsView(RoleRequiredMixin, View):
    """An agency member's actions across every review they may open, soonest first."""

    allowed_roles = (Role.AGENCY_MEMBER,)

    def get(self, request):
        actions = (
            services.agency_actions(request.user)
            .select_related("review", "recommendation", "deadline", "lead_agency")
            .prefetch_related(
                Prefetch(
                    "updates",
                    ProgressUpdate.objects.filter(decision=ProgressUpdate.Decision.PENDING),
                    to_attr="pending",
                )
            )
            .order_by("status", "target_date", "pk")
        )
        show = request.GET.get("show", "open")
        if show != "all":
            actions = actions.exclude(status__in=PlanAction.CLOSED_STATUSES)
        page = Paginator(actions, 50).get_page(request.GET.get("page"))
        today = timezone.localdate()
        for action in page:
            action.rag = services.rag(action, today)
        return render(
            request,
            "actionplans/recommendations/our_actions.html",
            {"page_obj": page, "actions": list(page), "show": show},
        )


def _partnerships_of(user):
    if has_role(user, Role.ADMINISTRATOR):
        return Partnership.objects.filter(is_active=True)
    if has_role(user, Role.REVIEW_MANAGER, Role.STEERING_GROUP):
        return user.partnerships.filter(is_active=True)
    return Partnership.objects.none()


class ThemesView(RoleRequiredMixin, View):
    """The partnerships' recommendation themes; administrators and review managers add more."""

    allowed_roles = (Role.ADMINISTRATOR, Role.REVIEW_MANAGER)

    def render_page(self, form):
        partnerships = list(_partnerships_of(self.request.user).order_by("name"))
        themes = services.themes_by_partnership(partnerships)
        blocks = [
            {"partnership": partnership, "themes": themes[partnership.pk]}
            for partnership in partnerships
        ]
        return render(
            self.request,
            "actionplans/recommendations/themes.html",
            {"form": form, "blocks": blocks},
        )

    def form(self, data=None):
        return ThemeForm(data, partnerships=_partnerships_of(self.request.user))

    def get(self, request):
        return self.render_page(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                theme = services.add_theme(by=request.user, **form.cleaned_data)
            except TransitionRefused as refusal:
                form.add_error("name", str(refusal))
            else:
                messages.success(request, f"“{theme.name}” is added to {theme.partnership}.")
                return redirect("actionplans:plan_themes")
        return self.render_page(form)


def theme_offered(request, pk):
    """POST: stops offering a theme for new recommendations, or offers it again ("offered":
    "1"). A theme outside the user's partnerships does not exist for them."""
    _require(
        has_role(request.user, Role.ADMINISTRATOR, Role.REVIEW_MANAGER),
        "Only administrators and review managers manage the themes.",
    )
    theme = get_object_or_404(
        Theme.objects.select_related("partnership"),
        pk=pk,
        partnership__in=_partnerships_of(request.user),
    )
    if request.method == "POST":
        offered = request.POST.get("offered") == "1"
        try:
            services.set_theme_offered(theme, by=request.user, offered=offered)
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                f"“{theme.name}” is offered again."
                if offered
                else f"“{theme.name}” is no longer offered for new recommendations.",
            )
    return redirect("actionplans:plan_themes")


REPEATS_PAGE_SIZE = 50


class RepeatsReportView(RoleRequiredMixin, View):
    """A partnership's repeated recommendations: confirmed by a person, and suggested."""

    allowed_roles = (Role.REVIEW_MANAGER, Role.STEERING_GROUP)

    def get(self, request):
        partnerships = list(_partnerships_of(request.user).order_by("name"))
        chosen = request.GET.get("partnership")
        partnership = next((p for p in partnerships if p.code == chosen), None)
        if partnership is None and partnerships:
            partnership = partnerships[0]
        rows = repeats.partnership_report(partnership) if partnership else []
        readable = set(Review.objects.for_user(request.user).values_list("pk", flat=True))
        # One list, confirmed first (the report's order), cut into pages; each page shows its
        # confirmed and suggested rows under their headings, with the totals of the whole list.
        page = Paginator(rows, REPEATS_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "actionplans/recommendations/repeats.html",
            {
                "partnerships": partnerships,
                "partnership": partnership,
                "confirmed": [row for row in page if row["confirmed"]],
                "suggested": [row for row in page if not row["confirmed"]],
                "confirmed_total": sum(1 for row in rows if row["confirmed"]),
                "suggested_total": sum(1 for row in rows if not row["confirmed"]),
                "page": page,
                "query": f"partnership={partnership.code}" if partnership else "",
                "readable": readable,
            },
        )
