"""Family engagement pages: the family and friends, one person's record and contact log, and
the forms to add and change them. For the review manager and the chair only: anyone else who
may open the review gets a 403 (and the review itself is a 404 outside the user's scope).
Every page showing family data records the look in the access log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from cases.family import services as family
from cases.family.forms import FamilyContactForm, FamilyMemberForm
from cases.lifecycle.workflow import TransitionRefused
from cases.reviews.page import review_context, review_for
from dhr.files import access_log
from dhr.models import AccessLog


def _family_review(request, reference):
    review = review_for(request, reference)
    if not family.may_engage(request.user, review):
        raise PermissionDenied("Family records are for the review manager and the chair only.")
    return review


def _log_family_view(request, review, description: str, object_id="") -> None:
    """Family data is being shown: record who saw it."""
    access_log.record(
        request.user,
        AccessLog.Action.VIEW_RESTRICTED,
        description=description,
        object_type="family_member",
        object_id=object_id,
        review_reference=review.reference,
    )


def _render(request, review, template_name, **extra):
    context = review_context(request, review)
    context.update(extra)
    return render(request, template_name, context)


def family_list(request, reference):
    review = _family_review(request, reference)
    members = review.family_members.annotate(last_contact=Max("contacts__contacted_on"))
    if members:
        _log_family_view(request, review, f"Family members of {review.reference}")
    return _render(
        request,
        review,
        "cases/family/list.html",
        members=members,
        can_edit=not review.is_closed,
    )


def family_member(request, reference, pk):
    review = _family_review(request, reference)
    member = get_object_or_404(review.family_members, pk=pk)
    _log_family_view(request, review, f"Family member {pk} of {review.reference}", pk)
    return _render(
        request,
        review,
        "cases/family/detail.html",
        member=member,
        contacts=member.contacts.select_related("recorded_by"),
        can_edit=not review.is_closed,
    )


_MEMBER_FIELDS = sorted(family.MEMBER_FIELDS)


class MemberFormView(View):
    """Adds a family member or friend (no ``pk``), or changes their record."""

    def dispatch(self, request, reference, pk=None):
        self.review = _family_review(request, reference)
        self.member = get_object_or_404(self.review.family_members, pk=pk) if pk else None
        return super().dispatch(request)

    def get(self, request):
        initial = {}
        if self.member:
            _log_family_view(
                request, self.review, f"Family member {self.member.pk} (edit form)", self.member.pk
            )
            initial = {name: getattr(self.member, name) for name in _MEMBER_FIELDS}
        return self._render(FamilyMemberForm(initial=initial))

    def post(self, request):
        form = FamilyMemberForm(request.POST)
        if form.is_valid():
            try:
                if self.member is None:
                    member = family.add_member(self.review, by=request.user, **form.cleaned_data)
                else:
                    member = family.update_member(self.member, by=request.user, **form.cleaned_data)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"{member.name}'s record has been saved.")
                return redirect("cases:family_member", self.review.reference, member.pk)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request,
            self.review,
            "cases/family/member_form.html",
            form=form,
            member=self.member,
        )


class ContactCreateView(View):
    def dispatch(self, request, reference, pk):
        self.review = _family_review(request, reference)
        self.member = get_object_or_404(self.review.family_members, pk=pk)
        return super().dispatch(request)

    def get(self, request):
        return self._render(FamilyContactForm(initial={"made_by": request.user.full_name}))

    def post(self, request):
        form = FamilyContactForm(request.POST)
        if form.is_valid():
            try:
                family.log_contact(self.member, by=request.user, **form.cleaned_data)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The contact has been recorded.")
                return redirect("cases:family_member", self.review.reference, self.member.pk)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request,
            self.review,
            "cases/family/contact_form.html",
            form=form,
            member=self.member,
        )


class MemberDeleteView(View):
    """Asks for confirmation, then removes a family member recorded by mistake."""

    def dispatch(self, request, reference, pk):
        self.review = _family_review(request, reference)
        self.member = get_object_or_404(self.review.family_members, pk=pk)
        return super().dispatch(request)

    def get(self, request):
        return _render(request, self.review, "cases/family/delete.html", member=self.member)

    def post(self, request):
        try:
            family.remove_member(self.member, by=request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect("cases:family_member", self.review.reference, self.member.pk)
        messages.success(request, "The family member's record has been removed.")
        return redirect("cases:family", self.review.reference)
