"""``options``: the filter forms' selects (``includes/select_field.html``) draw a model choice
field's options from one query, the same options in the same order as the field's own."""

import django_filters
from django import forms

from dhr.models import Agency, User
from dhr.templatetags.govuk import options
from tests.dhr.factories import AgencyFactory


def _as_text(choices) -> list:
    return [(str(value), str(label)) for value, label, *_selected in choices]


class AgencyForm(forms.Form):
    agency = forms.ModelChoiceField(Agency.objects.order_by("name"), empty_label="All agencies")
    kind = forms.ChoiceField(choices=Agency.Kind.choices)


def test_a_model_choice_fields_options_are_its_choices_read_in_one_query(
    db, django_assert_num_queries
):
    AgencyFactory(name="Kent Police"), AgencyFactory(name="Ashford GP")
    form = AgencyForm()
    with django_assert_num_queries(1):
        drawn = options(form["agency"])
    assert _as_text(drawn) == _as_text(form.fields["agency"].choices)
    assert [label for _, label, _ in drawn][:3] == ["All agencies", "Ashford GP", "Kent Police"]
    assert _as_text(options(form["kind"])) == _as_text(Agency.Kind.choices)


def test_django_filters_null_option_comes_after_the_empty_one(db):
    AgencyFactory(name="Kent Police")

    class AgencyFilter(django_filters.FilterSet):
        agency = django_filters.ModelChoiceFilter(
            field_name="agency", queryset=Agency.objects.all(), null_label="No agency"
        )

    field = AgencyFilter(queryset=User.objects.none()).form["agency"]
    assert _as_text(options(field)) == _as_text(field.field.choices)
    assert [label for _, label, _ in options(field)][:2] == ["---------", "No agency"]


def test_the_option_of_the_fields_value_is_the_selected_one(db):
    kent = AgencyFactory(name="Kent Police")
    AgencyFactory(name="Ashford GP")
    chosen = options(AgencyForm({"agency": str(kent.pk), "kind": "police"})["agency"])
    assert [str(label) for _, label, selected in chosen if selected] == ["Kent Police"]
    kinds = options(AgencyForm({"kind": "police"})["kind"])
    assert [value for value, _, selected in kinds if selected] == ["police"]
    # Unbound, nothing is selected: the browser shows the first option.
    assert not any(selected for _, _, selected in options(AgencyForm()["agency"]))
