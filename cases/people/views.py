"""The People tab: the review's subjects, and the review manager's pages to add and change them.

Identity (real name, date of birth, address) is shown to the review manager and the chair only;
``services.subject_rows`` leaves it out for everyone else, so no template can show it by mistake.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from cases.lifecycle.workflow import TransitionRefused
from cases.people import services
from cases.people.forms import SubjectForm
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.files import access_log
from dhr.locking import EditConflict, current_values
from dhr.models import AccessLog

TAB = "cases:subjects"


def _log_identity_view(request, review, description: str, object_id="") -> None:
    """Identity data is being shown: record who saw it (for manager and chair only)."""
    if access.can_see_restricted(request.user, review):
        access_log.record(
            request.user,
            AccessLog.Action.VIEW_RESTRICTED,
            description=description,
            object_type="subject",
            object_id=object_id,
            review_reference=review.reference,
        )


def subject_list(request, reference):
    review = review_for(request, reference)
    if review.subjects.exists():
        _log_identity_view(request, review, f"Identities of the people in {review.reference}")
    context = review_context(request, review, TAB)
    context.update(
        {
            "rows": services.subject_rows(review, request.user),
            "can_edit": access.manages(request.user, review) and not review.is_closed,
        }
    )
    return render(request, "cases/people/list.html", context)


class SubjectFormView(View):
    """Adds a person (no ``pk``) or changes one; for the review manager only."""

    template_name = "cases/people/form.html"

    def dispatch(self, request, reference, pk=None):
        self.review = review_for(request, reference)
        if not access.manages(request.user, self.review):
            raise PermissionDenied("Only the review manager records the people in a review.")
        self.subject = get_object_or_404(self.review.subjects, pk=pk) if pk else None
        return super().dispatch(request)

    def get(self, request):
        if self.subject is not None:
            _log_identity_view(
                request,
                self.review,
                f"Identity of {self.subject.pseudonym} in {self.review.reference} (edit form)",
                self.subject.pk,
            )
        return self._render(SubjectForm(review=self.review, subject=self.subject))

    def post(self, request):
        form = SubjectForm(request.POST, review=self.review, subject=self.subject)
        if form.is_valid():
            try:
                if self.subject is None:
                    subject = services.add_subject(
                        self.review, by=request.user, **form.cleaned_data
                    )
                    message = f"{subject.pseudonym} has been added."
                else:
                    subject = services.update_subject(
                        self.subject,
                        by=request.user,
                        last_seen=form.last_seen,
                        **form.cleaned_data,
                    )
                    message = f"{subject.pseudonym}'s details have been saved."
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            except EditConflict as conflict:
                return self._show_conflict(form, conflict)
            else:
                messages.success(request, message)
                return redirect(TAB, reference=self.review.reference)
        return self._render(form)

    def _show_conflict(self, form, conflict):
        """Another save of this person came first: the input stays in the form, beside what
        is stored now (which includes the identity, so the view is logged)."""
        self.subject = conflict.current
        form.show_conflict(conflict, reader=self.request.user)
        _log_identity_view(
            self.request,
            self.review,
            f"Identity of {self.subject.pseudonym} in {self.review.reference} (edit conflict)",
            self.subject.pk,
        )
        stored = SubjectForm(review=self.review, subject=self.subject)
        return self._render(form, current=current_values(conflict, stored))

    def _render(self, form, current=None):
        context = review_context(self.request, self.review, TAB)
        context.update({"form": form, "subject": self.subject, "current_values": current})
        return render(self.request, self.template_name, context)
