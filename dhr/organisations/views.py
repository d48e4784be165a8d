"""The administrators' pages for partnerships and agencies, in the service's own style: list
(search, status, pagination), add, details, change, deactivate or reactivate after a
confirmation, history. The Django admin stays for emergencies.

One set of views serves both kinds of organisation; ``KINDS`` says what differs."""

from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from dhr.audit import history_entries
from dhr.forms import GovUKFormMixin
from dhr.locking import EditConflict, current_values
from dhr.organisations import services
from dhr.organisations.forms import ActivationForm, AgencyForm, PartnershipForm
from dhr.organisations.models import Agency, Partnership
from dhr.permissions import AdministratorRequiredMixin

PAGE_SIZE = 25


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    singular: str  # "agency"
    plural: str  # "agencies"
    url_prefix: str  # "agency": the URL names are organisations:agency, agency_edit...

    def url(self, view: str = "") -> str:
        base = f"organisations:{self.url_prefix}"
        return f"{base}_{view}" if view else base

    def list_queryset(self):
        """The list's rows with what the list shows of each, in one query."""
        if self.model is Agency:
            return Agency.objects.annotate(
                active_members=Count("members", filter=Q(members__is_active=True))
            )
        return Partnership.objects.annotate(
            review_count=Count("reviews", distinct=True),
            active_members=Count("users", filter=Q(users__is_active=True), distinct=True),
        )


KINDS = {
    "partnership": Kind(Partnership, PartnershipForm, "partnership", "partnerships", "partnership"),
    "agency": Kind(Agency, AgencyForm, "agency", "agencies", "agency"),
}


class FilterForm(GovUKFormMixin, django_forms.Form):
    q = django_forms.CharField(label="Search by name", required=False, max_length=100)
    status = django_forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and deactivated"), ("active", "Active"), ("inactive", "Deactivated")],
    )


class OrganisationMixin(AdministratorRequiredMixin):
    kind_name = ""

    @property
    def kind(self) -> Kind:
        return KINDS[self.kind_name]

    def get_record(self, pk):
        return get_object_or_404(self.kind.model, pk=pk)

    def context(self, **extra) -> dict:
        return {"kind": self.kind, **extra}


class OrganisationListView(OrganisationMixin, View):
    def get(self, request):
        form = FilterForm(request.GET or None)
        records = self.kind.list_queryset()
        if form.is_valid():
            if form.cleaned_data["q"]:
                records = records.filter(name__icontains=form.cleaned_data["q"])
            if form.cleaned_data["status"]:
                records = records.filter(is_active=form.cleaned_data["status"] == "active")
        page = Paginator(records.order_by("name", "pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "dhr/organisations/list.html",
            self.context(
                form=form,
                page=page,
                query=query.urlencode(),
                filtered=any(v for k, v in request.GET.items() if k != "page"),
            ),
        )


class OrganisationCreateView(OrganisationMixin, View):
    template_name = "dhr/organisations/form.html"

    def get(self, request):
        return render(request, self.template_name, self.context(form=self.kind.form()))

    def post(self, request):
        form = self.kind.form(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form))
        record = services.create(self.kind.model, **form.cleaned_data)
        messages.success(request, f"{record} has been added.")
        return redirect(self.kind.url(), pk=record.pk)


class OrganisationDetailView(OrganisationMixin, View):
    def get(self, request, pk):
        record = self.get_record(pk)
        counts = {"active_members": record_members(record).filter(is_active=True).count()}
        if isinstance(record, Partnership):
            counts["reviews"] = record.reviews.count()
            counts["open_reviews"] = record.reviews.exclude(stage="closed").count()
        return render(
            request, "dhr/organisations/detail.html", self.context(record=record, **counts)
        )


def record_members(record):
    return record.members.all() if isinstance(record, Agency) else record.users.all()


class OrganisationEditView(OrganisationMixin, View):
    template_name = "dhr/organisations/form.html"

    def get(self, request, pk):
        record = self.get_record(pk)
        form = self.kind.form(instance=record)
        return render(request, self.template_name, self.context(form=form, record=record))

    def post(self, request, pk):
        record = self.get_record(pk)
        form = self.kind.form(request.POST, instance=record)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form, record=record))
        try:
            services.update(record, last_seen=form.last_seen, **form.cleaned_data)
        except EditConflict as conflict:
            form.show_conflict(conflict, reader=request.user)
            stored = current_values(conflict, self.kind.form(instance=conflict.current))
            context = self.context(form=form, record=conflict.current, current_values=stored)
            return render(request, self.template_name, context)
        messages.success(request, f"The changes to {record.name} have been saved.")
        return redirect(self.kind.url(), pk=record.pk)


class OrganisationActivationView(OrganisationMixin, View):
    """Asks for confirmation (and why), then deactivates or reactivates."""

    active = False  # what the organisation becomes
    template_name = "dhr/organisations/confirm_activation.html"

    def page(self, request, record, form):
        context = self.context(record=record, form=form, active=self.active)
        context["active_members"] = record_members(record).filter(is_active=True).count()
        if isinstance(record, Partnership):
            context["open_reviews"] = record.reviews.exclude(stage="closed").count()
        return render(request, self.template_name, context)

    def get(self, request, pk):
        return self.page(request, self.get_record(pk), ActivationForm())

    def post(self, request, pk):
        record = self.get_record(pk)
        form = ActivationForm(request.POST)
        if not form.is_valid():
            return self.page(request, record, form)
        services.set_active(record, active=self.active, reason=form.cleaned_data["reason"])
        done = "reactivated" if self.active else "deactivated"
        messages.success(request, f"{record.name} has been {done}.")
        return redirect(self.kind.url(), pk=record.pk)


class OrganisationHistoryView(OrganisationMixin, View):
    def get(self, request, pk):
        record = self.get_record(pk)
        return render(
            request,
            "dhr/organisations/history.html",
            self.context(record=record, entries=history_entries(record)),
        )
