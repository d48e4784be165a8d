"""The chair pool (administrators), appointing a review's chair and forming its panel.

Thin views: they parse the form, call ``panels.chairs.services`` (the pool) or
``panels.chairs.workflow`` (the review's actions), show a refusal on the page with the input kept,
and redirect on success.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from cases.lifecycle.workflow import ACTIONS, TransitionRefused, refusal
from cases.models import Review, Stage
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.accounts.roles import Role
from dhr.locking import EditConflict, current_values
from dhr.models import User
from dhr.permissions import AdministratorRequiredMixin
from panels.chairs import services, workflow
from panels.chairs.forms import (
    AppointChairForm,
    ChairProfileForm,
    ChangeChairForm,
    ConflictForm,
    PanelMemberForm,
)
from panels.models import ChairConflict, ChairProfile, PanelMember

# --- The chair pool (administrators) ---------------------------------------------------------


def _chair_user(user_id: int) -> User:
    """A user with the chair role, or a 404."""
    return get_object_or_404(User, pk=user_id, role=Role.CHAIR)


def _profile_of(user: User) -> ChairProfile | None:
    return ChairProfile.objects.filter(user=user).first()


class ChairPoolView(AdministratorRequiredMixin, View):
    """Every chair-role user and their place in the pool; reviews appear as counts only."""

    def get(self, request):
        chairs = (
            User.objects.filter(role=Role.CHAIR)
            .select_related("chair_profile")
            .annotate(
                conflict_count=Count("chair_profile__conflicts", distinct=True),
                chaired_count=Count(
                    "chaired_reviews",
                    filter=~Q(chaired_reviews__stage=Stage.CLOSED),
                    distinct=True,
                ),
            )
            .order_by("full_name", "email")
        )
        rows = [
            {"user": chair, "profile": getattr(chair, "chair_profile", None)} for chair in chairs
        ]
        return render(request, "panels/chair_pool.html", {"rows": rows})


class ChairEditView(AdministratorRequiredMixin, View):
    """A chair's profile in the pool, their declared conflicts and a form to declare one.

    The page holds two forms; the submit button's ``form`` value says which one was sent.
    """

    template_name = "panels/chair_edit.html"

    def get(self, request, user_id):
        chair = _chair_user(user_id)
        profile = _profile_of(chair)
        return self._render(request, chair, profile, _stored_profile_form(profile))

    def post(self, request, user_id):
        chair = _chair_user(user_id)
        profile = _profile_of(chair)
        if request.POST.get("form") == "conflict" and profile:
            return self._declare_conflict(request, chair, profile)
        form = ChairProfileForm(request.POST)
        if form.is_valid():
            try:
                services.save_chair_profile(
                    chair, by=request.user, last_seen=form.last_seen, **form.cleaned_data
                )
            except services.PoolChangeRefused as refused:
                form.add_error(None, str(refused))
            except EditConflict as edit_conflict:
                # Another administrator saved first: the input stays, beside what is stored now.
                form.show_conflict(edit_conflict, reader=request.user)
                current = edit_conflict.current
                stored = current_values(edit_conflict, _stored_profile_form(current))
                return self._render(request, chair, current, form, current=stored)
            else:
                messages.success(request, f"{chair.full_name}'s profile has been saved.")
                return redirect("panels:chair_edit", user_id=chair.pk)
        return self._render(request, chair, profile, form)

    def _declare_conflict(self, request, chair, profile):
        conflict_form = ConflictForm(request.POST, profile=profile)
        if conflict_form.is_valid():
            try:
                conflict = services.declare_conflict(
                    profile, by=request.user, **conflict_form.cleaned_data
                )
            except services.PoolChangeRefused as refused:
                conflict_form.add_error(None, str(refused))
            else:
                messages.success(request, f"The conflict with {conflict.agency} has been recorded.")
                self._warn_about_current_reviews(request, profile, conflict.agency)
                return redirect("panels:chair_edit", user_id=chair.pk)
        return self._render(request, chair, profile, _stored_profile_form(profile), conflict_form)

    @staticmethod
    def _warn_about_current_reviews(request, profile, agency):
        # A declaration is a fact and is always recorded; if the chair already chairs a review
        # with this agency on the panel, the administrator must tell its review manager.
        clashes = services.chaired_reviews_with_agency_on_panel(profile, agency)
        if clashes:
            messages.warning(
                request,
                f"{profile} already chairs {clashes} open review{'s' if clashes > 1 else ''} "
                f"with {agency} on the panel. Tell the review manager.",
            )

    def _render(self, request, chair, profile, form, conflict_form=None, current=None):
        if profile and conflict_form is None:
            conflict_form = ConflictForm(profile=profile)
        context = {
            "chair": chair,
            "profile": profile,
            "form": form,
            "current_values": current,
            "conflict_form": conflict_form,
            "conflicts": list(profile.conflicts.select_related("agency")) if profile else [],
            "chaired_count": services.open_reviews_chaired(chair).count(),
        }
        return render(request, self.template_name, context)


def _stored_profile_form(profile: ChairProfile | None) -> ChairProfileForm:
    """The profile form opened on ``profile`` as stored now (None: the chair has none yet)."""
    initial = (
        {"is_available": profile.is_available, "background": profile.background}
        if profile
        else {"is_available": True}
    )
    return ChairProfileForm(initial=initial, record=profile)


class ConflictRemoveView(AdministratorRequiredMixin, View):
    """Asks for confirmation, then removes a declared conflict."""

    def _conflict(self, user_id, pk) -> ChairConflict:
        chair = _chair_user(user_id)
        return get_object_or_404(
            ChairConflict.objects.select_related("agency", "chair__user"),
            pk=pk,
            chair__user=chair,
        )

    def get(self, request, user_id, pk):
        conflict = self._conflict(user_id, pk)
        return render(request, "panels/conflict_remove.html", {"conflict": conflict})

    def post(self, request, user_id, pk):
        conflict = self._conflict(user_id, pk)
        services.remove_conflict(conflict, by=request.user)
        messages.success(request, f"The conflict with {conflict.agency} has been removed.")
        return redirect("panels:chair_edit", user_id=user_id)


# --- The review's chair ---------------------------------------------------------------------


class AppointChairView(View):
    """Who chairs the review; the review manager appoints one from the pool when the stage
    allows it, and later changes the chair, saying why. Everyone else who may open the review
    sees the chair only."""

    template_name = "panels/appoint_chair.html"

    def get(self, request, reference):
        review = review_for(request, reference, "chair")
        form = _chair_form(review) if _chair_refusal(request, review) is None else None
        return self._render(request, review, form)

    def post(self, request, reference):
        review = review_for(request, reference)
        if not access.manages(request.user, review):
            raise PermissionDenied("Only the review manager appoints the chair.")
        refused = _chair_refusal(request, review)
        if refused:
            messages.error(request, refused)
            return redirect("panels:appoint_chair", reference=review.reference)
        form = _chair_form(review, request.POST)
        if form.is_valid():
            try:
                _take_chair_action(request, review, form.cleaned_data)
            except TransitionRefused as refused_now:
                form.add_error(None, str(refused_now))
            else:
                return redirect("cases:detail", reference=review.reference)
        return self._render(request, review, form)

    def _render(self, request, review, form):
        context = review_context(request, review)
        context.update(
            {
                "form": form,
                "cannot_appoint": _chair_refusal(request, review)
                if access.manages(request.user, review)
                else None,
            }
        )
        return render(request, self.template_name, context)


def _chair_action(review: Review) -> str:
    """The chair page appoints the first chair, then changes it."""
    return "change_chair" if review.chair_id else "appoint_chair"


def _chair_refusal(request, review: Review) -> str | None:
    return refusal(ACTIONS[_chair_action(review)], review, request.user)


def _chair_form(review: Review, data=None) -> AppointChairForm:
    form_class = ChangeChairForm if review.chair_id else AppointChairForm
    return form_class(data, review=review)


def _take_chair_action(request, review: Review, cleaned_data: dict) -> None:
    """Appoints or changes the chair from the form's data and tells the user; raises
    ``TransitionRefused`` as the domain does."""
    if _chair_action(review) == "change_chair":
        workflow.change_chair(review, by=request.user, **cleaned_data)
        messages.success(request, f"{review.chair} is now the chair.")
    else:
        workflow.appoint_chair(review, by=request.user, **cleaned_data)
        messages.success(request, f"{review.chair} has been appointed as the chair.")


# --- The review's panel ---------------------------------------------------------------------


def _may_change_panel(user, review: Review) -> bool:
    return access.manages(user, review) and review.stage in workflow.PANEL_STAGES


class PanelView(View):
    """The panel's members; the review manager adds agencies while the panel is being formed."""

    template_name = "panels/panel.html"

    def get(self, request, reference):
        review = review_for(request, reference)
        form = PanelMemberForm(review=review) if _may_change_panel(request.user, review) else None
        return self._render(request, review, form)

    def post(self, request, reference):
        review = review_for(request, reference)
        if not access.manages(request.user, review):
            raise PermissionDenied("Only the review manager changes the panel.")
        form = PanelMemberForm(request.POST, review=review)
        if form.is_valid():
            try:
                member = workflow.add_panel_member(review, by=request.user, **form.cleaned_data)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"{member.agency} has been added to the panel.")
                return redirect("panels:panel", reference=review.reference)
        return self._render(request, review, form)

    def _render(self, request, review, form):
        context = review_context(request, review)
        context.update(
            {
                "form": form,
                "members": review.panel_members.select_related("agency"),
                "may_change": _may_change_panel(request.user, review),
            }
        )
        return render(request, self.template_name, context)


class PanelRemoveView(View):
    """Asks for confirmation, then takes an agency off the panel."""

    def _member(self, request, reference, pk) -> PanelMember:
        review = review_for(request, reference)
        if not access.manages(request.user, review):
            raise PermissionDenied("Only the review manager changes the panel.")
        return get_object_or_404(review.panel_members.select_related("agency"), pk=pk)

    def get(self, request, reference, pk):
        member = self._member(request, reference, pk)
        context = review_context(request, member.review)
        context["member"] = member
        return render(request, "panels/panel_remove.html", context)

    def post(self, request, reference, pk):
        member = self._member(request, reference, pk)
        try:
            workflow.remove_panel_member(member, by=request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            message = f"{member.agency} has been removed from the panel."
            if member.review.info_requests.filter(agency=member.agency, withdrawn=False).exists():
                message += " Its members can still open the review: it has an information request."
            messages.success(request, message)
        return redirect("panels:panel", reference=reference)
