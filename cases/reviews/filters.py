"""Filters, search and sorting of the review list (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from cases.models import Review, Stage
from dhr.models import Partnership

SORTS = {
    "notified": ("-notified_on", "Newest notification first"),
    "notified_oldest": ("notified_on", "Oldest notification first"),
    "reference": ("reference", "Reference"),
    "stage": ("stage", "Stage"),
    "decision_due": ("decision_due_on", "Decision due"),
    "completion_due": ("completion_due_on", "Completion due"),
}


def overdue_q(today) -> Q:
    """Reviews with a statutory clock past due, not met, not paused, not closed."""
    decision = Q(decision_due_on__lt=today, decision_on__isnull=True)
    completion = Q(completion_due_on__lt=today, first_qa_submitted_on__isnull=True)
    return (decision | completion) & Q(is_on_hold=False) & ~Q(stage=Stage.CLOSED)


def year_choices():
    return [(str(year), str(year)) for year in range(timezone.localdate().year, 2010, -1)]


class ReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference or pseudonym")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any stage")
    partnership = django_filters.ModelChoiceFilter(
        queryset=Partnership.objects.none(), label="Area", empty_label="Any area"
    )
    relationship_category = django_filters.ChoiceFilter(
        choices=Review.Relationship.choices, label="Relationship", empty_label="Any relationship"
    )
    # The dashboard's drill-down carries its year and review type here.
    year = django_filters.ChoiceFilter(
        field_name="notified_on",
        lookup_expr="year",
        label="Year notified",
        empty_label="Any year",
        choices=year_choices,
    )
    review_type = django_filters.ChoiceFilter(
        choices=Review.ReviewType.choices, label="Review type", empty_label="Any review type"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput
    )
    on_hold = django_filters.BooleanFilter(
        field_name="is_on_hold",
        label="On hold only",
        widget=forms.CheckboxInput,
        method="filter_on_hold",
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (_, label) in SORTS.items()],
        method="sort_by",
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        model = Review
        fields = [
            "q",
            "stage",
            "partnership",
            "relationship_category",
            "year",
            "review_type",
            "overdue",
            "on_hold",
        ]

    def __init__(self, *args, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        # ``is None``, not ``or``: the truth of a queryset is a query of every row it holds.
        self.filters["partnership"].queryset = (
            Partnership.objects.none() if partnerships is None else partnerships
        )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(reference__icontains=value) | Q(pseudonym__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value else queryset

    def filter_on_hold(self, queryset, name, value):
        return queryset.filter(is_on_hold=True) if value else queryset

    def sort_by(self, queryset, name, value):
        order, _ = SORTS.get(value, SORTS["notified"])
        return queryset.order_by(order, "reference")
