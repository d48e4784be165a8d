"""The administrators' audit search: the history of one review, or everything one user did,
with the access log beside it. Restricted identity fields are never shown here."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from cases.audit.history import describer, review_history
from cases.models import Review
from dhr.audit import entries_by_user
from dhr.forms import GovUKFormMixin
from dhr.models import AccessLog, User
from dhr.permissions import AdministratorRequiredMixin

PAGE_SIZE = 50


class AuditSearchForm(GovUKFormMixin, forms.Form):
    reference = forms.CharField(
        label="Review reference",
        required=False,
        max_length=32,
        help_text="For example, DHR-SWA-2026-001",
    )
    user = forms.ModelChoiceField(
        label="Or a user",
        required=False,
        queryset=User.objects.order_by("full_name"),
        empty_label="Choose a user",
    )

    def clean(self):
        cleaned = super().clean()
        reference, user = cleaned.get("reference", "").strip(), cleaned.get("user")
        if not reference and not user:
            raise forms.ValidationError("Enter a review reference or choose a user")
        if reference and user:
            raise forms.ValidationError("Search by a review or by a user, not both")
        if reference:
            review = Review.objects.filter(reference__iexact=reference).first()
            if review is None:
                self.add_error("reference", "There is no review with this reference")
            cleaned["review"] = review
        return cleaned


class AuditSearchView(AdministratorRequiredMixin, View):
    def get(self, request):
        form = AuditSearchForm(request.GET or None)
        context = {"form": form if request.GET else AuditSearchForm()}
        if request.GET and form.is_valid():
            review, user = form.cleaned_data.get("review"), form.cleaned_data.get("user")
            if review:
                entries = review_history(review, request.user)
                log = AccessLog.objects.filter(review_reference=review.reference)
                context["subject"] = f"Review {review.reference} (Case {review.pseudonym})"
            else:
                entries = entries_by_user(user, describer=describer)
                log = AccessLog.objects.filter(user=user)
                context["subject"] = f"{user.full_name} ({user.email})"
            query = request.GET.copy()
            query.pop("page", None)
            context.update(
                {
                    "entries": entries,
                    "log_page": Paginator(log, PAGE_SIZE).get_page(request.GET.get("page")),
                    "query": query.urlencode(),
                }
            )
        return render(request, "cases/audit.html", context)
