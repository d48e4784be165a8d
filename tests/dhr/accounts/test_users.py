"""The administrators' user-management pages."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dhr.accounts.roles import Role
from dhr.models import User
from tests.dhr.factories import UserFactory

USER_PAGES = [
    ("users:list", False),
    ("users:invite", False),
    ("users:detail", True),
    ("users:edit", True),
    ("users:deactivate", True),
    ("users:reactivate", True),
    ("users:history", True),
]


@pytest.mark.parametrize(("url_name", "takes_pk"), USER_PAGES)
@pytest.mark.parametrize(
    "role", [Role.REVIEW_MANAGER, Role.CHAIR, Role.AGENCY_MEMBER, Role.STEERING_GROUP]
)
def test_only_administrators_reach_user_pages(client, users_by_role, url_name, takes_pk, role):
    target = users_by_role[Role.CHAIR]
    url = reverse(url_name, args=[target.pk] if takes_pk else [])
    client.force_login(users_by_role[role])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(users_by_role[Role.ADMINISTRATOR])
    assert client.get(url).status_code == 200


def test_unknown_user_is_404(admin_client):
    assert admin_client.get(reverse("users:detail", args=[999999])).status_code == 404


def test_list_filters_and_searches(admin_client, agency_member, chair):
    response = admin_client.get(reverse("users:list"), {"role": Role.CHAIR})
    assert chair.full_name in response.text
    assert agency_member.full_name not in response.text

    response = admin_client.get(reverse("users:list"), {"q": "andy"})
    assert agency_member.full_name in response.text
    assert chair.full_name not in response.text

    response = admin_client.get(reverse("users:list"), {"q": "nobody-matches-this"})
    assert "No users match your filters." in response.text


def test_list_uses_a_constant_number_of_queries(admin_client, partnership, agency):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse("users:list")).status_code == 200
        return len(queries)

    UserFactory.create_batch(3, agency=agency, partnerships=[partnership], role=Role.AGENCY_MEMBER)
    few = count_queries()
    UserFactory.create_batch(20, agency=agency, partnerships=[partnership], role=Role.AGENCY_MEMBER)
    assert count_queries() == few


def test_list_is_paginated(admin_client):
    UserFactory.create_batch(30)
    first = admin_client.get(reverse("users:list"))
    assert 'aria-label="Pagination"' in first.text
    assert admin_client.get(reverse("users:list"), {"page": 2}).status_code == 200


def _invite_data(**overrides):
    data = {
        "full_name": "Nina New",
        "email": "Nina.New@Example.org",
        "role": Role.AGENCY_MEMBER,
        "agency": "",
        "partnerships": [],
    }
    data.update(overrides)
    return data


def test_invite_sends_a_link_that_lets_the_user_choose_a_password(
    admin_client, client, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("users:invite"), _invite_data(agency=agency.pk))
    user = User.objects.get(email="nina.new@example.org")
    assert response.status_code == 302
    assert user.role == Role.AGENCY_MEMBER
    assert user.groups.filter(name="Agency member").exists()
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina.new@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)

    client.logout()
    page = client.get(link, follow=True)
    assert "Choose a password" in page.text
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done.status_code == 302
    assert client.login(
        request=HttpRequest(), username="nina.new@example.org", password="a-brand-new-passphrase"
    )


def test_invite_errors_are_shown_and_input_is_kept(admin_client, administrator):
    response = admin_client.post(
        reverse("users:invite"),
        _invite_data(email="ADMIN@example.org", full_name="Kept Name"),
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "A user with this e-mail address already exists" in response.text
    assert "Select the agency this agency member works for" in response.text
    assert 'value="Kept Name"' in response.text
    assert response.text.count("<title>Error: ") == 1
    assert not User.objects.filter(full_name="Kept Name").exists()


def test_review_manager_needs_a_partnership(admin_client):
    response = admin_client.post(reverse("users:invite"), _invite_data(role=Role.REVIEW_MANAGER))
    assert "Select at least one partnership for this role" in response.text


def test_changing_role_and_agency(admin_client, agency_member, partnership):
    response = admin_client.post(
        reverse("users:edit", args=[agency_member.pk]),
        {
            "full_name": "Andy Agency",
            "email": agency_member.email,
            "role": Role.REVIEW_MANAGER,
            "agency": "",
            "partnerships": [partnership.pk],
        },
    )
    assert response.status_code == 302
    agency_member.refresh_from_db()
    assert agency_member.role == Role.REVIEW_MANAGER
    assert list(agency_member.groups.values_list("name", flat=True)) == ["Review manager"]
    assert agency_member.agency is None


def test_deactivation_asks_first_then_stops_sign_in(admin_client, client, chair):
    url = reverse("users:deactivate", args=[chair.pk])
    confirm = admin_client.get(url)
    assert "Deactivate Chris Chair" in confirm.text
    chair.refresh_from_db()
    assert chair.is_active  # nothing happens on GET

    assert admin_client.post(url).status_code == 302
    chair.refresh_from_db()
    assert not chair.is_active
    assert not client.login(
        request=HttpRequest(), username=chair.email, password="test-password-123"
    )

    admin_client.post(reverse("users:reactivate", args=[chair.pk]))
    chair.refresh_from_db()
    assert chair.is_active


def test_deactivated_user_is_signed_out(client, chair):
    client.force_login(chair)
    assert client.get(reverse("home")).status_code == 200
    chair.is_active = False
    chair.save()
    assert client.get(reverse("home")).status_code == 302


def test_administrator_cannot_deactivate_themselves(admin_client, administrator):
    response = admin_client.post(reverse("users:deactivate", args=[administrator.pk]), follow=True)
    administrator.refresh_from_db()
    assert administrator.is_active
    assert "You cannot deactivate your own account." in response.text
