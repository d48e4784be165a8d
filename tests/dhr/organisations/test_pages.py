"""The administrators' pages for partnerships and agencies, in the service's own style."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dhr.accounts.forms import UserForm
from dhr.locking import version_of
from dhr.models import Agency, Partnership
from tests.dhr.factories import AgencyFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_agency_list_is_paginated_and_filtered(admin_client):
    for number in range(30):
        AgencyFactory(name=f"Trust {number:02}")
    AgencyFactory(name="Closed Service", is_active=False)
    first = admin_client.get(reverse("organisations:agency_list")).text
    assert "31 agencies" in first
    assert "Trust 00" in first
    assert "Trust 29" not in first  # on page 2
    assert 'aria-label="Page 2"' in first
    second = admin_client.get(reverse("organisations:agency_list"), {"page": 2}).text
    assert "Trust 29" in second
    inactive = admin_client.get(reverse("organisations:agency_list"), {"status": "inactive"}).text
    assert "Closed Service" in inactive
    assert "Trust 00" not in inactive
    search = admin_client.get(reverse("organisations:agency_list"), {"q": "trust 1"}).text
    assert "10 agencies matching your filters" in search


@pytest.mark.parametrize("kind", ["agency", "partnership"])
def test_the_lists_take_as_many_queries_for_many_as_for_few(
    admin_client, kind, django_assert_max_num_queries
):
    factory = AgencyFactory if kind == "agency" else PartnershipFactory

    def add(count, start):
        for number in range(start, start + count):
            record = factory(
                name=f"Org {number}", **({"code": f"C{number}"} if kind != "agency" else {})
            )
            UserFactory(agency=record) if kind == "agency" else UserFactory(partnerships=[record])

    url = reverse(f"organisations:{kind}_list")
    add(1, 0)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    add(20, 1)
    with django_assert_max_num_queries(len(few)):
        assert admin_client.get(url).status_code == 200


def test_an_administrator_adds_an_agency_and_the_history_says_who(admin_client, administrator):
    response = admin_client.post(
        reverse("organisations:agency_new"), {"name": "Medway Foodbank", "kind": "other"}
    )
    agency = Agency.objects.get(name="Medway Foodbank")
    assert response.url == reverse("organisations:agency", args=[agency.pk])
    assert agency.is_active
    assert agency.group_id  # its members' group, as for every agency
    assert {row.history_user for row in agency.history.all()} == {administrator}
    history = admin_client.get(reverse("organisations:agency_history", args=[agency.pk])).text
    assert "Alex Admin" in history


def test_a_wrong_agency_form_keeps_the_input_and_says_what_to_fix(admin_client, agency):
    page = admin_client.post(
        reverse("organisations:agency_new"), {"name": "kent  police", "kind": ""}
    ).text
    assert "govuk-error-summary" in page
    assert "There is already an agency with this name" in page
    assert "Select the kind of agency" in page
    assert 'value="kent  police"' in page


def test_a_name_that_is_too_long_is_refused_not_cut(admin_client):
    page = admin_client.post(
        reverse("organisations:partnership_new"), {"name": "S" * 121, "code": "LONG"}
    ).text
    assert "The name must be 120 characters or fewer" in page
    assert not Partnership.objects.filter(code="LONG").exists()


def test_partnership_codes_are_upper_case_and_unique(admin_client, partnership):
    page = admin_client.post(
        reverse("organisations:partnership_new"), {"name": "Other", "code": "swa"}
    ).text
    assert "There is already a partnership with this code" in page
    admin_client.post(reverse("organisations:partnership_new"), {"name": "Thanet", "code": "tha"})
    assert Partnership.objects.get(name="Thanet").code == "THA"


def test_a_partnership_with_reviews_keeps_its_code(admin_client, review_manager, partnership):
    from tests.cases.factories import walk_to

    walk_to("notified", manager=review_manager)
    url = reverse("organisations:partnership_edit", args=[partnership.pk])
    assert "cannot be changed" in admin_client.get(url).text
    admin_client.post(url, {"name": "Swale CSP", "code": "XYZ", "region": "Kent"})
    partnership.refresh_from_db()
    assert (partnership.name, partnership.code) == ("Swale CSP", "SWA")


def test_an_edit_after_someone_elses_is_not_lost_silently(admin_client, agency):
    opened_on = version_of(agency)
    Agency.objects.filter(pk=agency.pk).update(name="Kent Police (renamed)")
    agency.refresh_from_db()
    agency.save()  # a new version
    url = reverse("organisations:agency_edit", args=[agency.pk])
    page = admin_client.post(
        url, {"name": "Kent Constabulary", "kind": "police", "last_seen": opened_on}
    ).text
    assert "govuk-error-summary" in page
    agency.refresh_from_db()
    assert agency.name == "Kent Police (renamed)"


def test_deactivating_asks_first_then_stops_offering_the_agency(admin_client, agency):
    UserFactory(agency=agency)
    confirm = admin_client.get(reverse("organisations:agency_deactivate", args=[agency.pk]))
    assert "Deactivate Kent Police?" in confirm.text
    assert "Its 1 active user keeps" in confirm.text
    agency.refresh_from_db()
    assert agency.is_active  # nothing changes on GET
    response = admin_client.post(
        reverse("organisations:agency_deactivate", args=[agency.pk]), {"reason": "Merged"}
    )
    assert response.url == reverse("organisations:agency", args=[agency.pk])
    agency.refresh_from_db()
    assert not agency.is_active
    assert agency.history.first().history_change_reason == "Merged"
    assert agency not in UserForm().fields["agency"].queryset
    admin_client.post(reverse("organisations:agency_reactivate", args=[agency.pk]))
    agency.refresh_from_db()
    assert agency.is_active


def test_the_django_admin_is_still_there_for_emergencies(admin_client, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    assert admin_client.get("/admin/dhr/agency/").status_code == 200


def test_administrators_find_the_pages_from_home_and_the_menu(admin_client):
    page = admin_client.get(reverse("home")).text
    assert f'href="{reverse("organisations:agency_list")}"' in page
    assert f'href="{reverse("organisations:partnership_list")}"' in page
