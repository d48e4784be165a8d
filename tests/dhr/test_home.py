"""The home page of the roles the core serves itself: administrators and the steering group;
and the users export that the administrator's home offers."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dhr.accounts.roles import Role
from dhr.models import AccessLog
from tests.dhr.factories import UserFactory

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.text


def test_the_administrator_starts_from_users_administration_and_exports(client, administrator):
    UserFactory(full_name="Never Signed", role=Role.CHAIR)
    UserFactory(full_name="Gone Away", role=Role.CHAIR, is_active=False)
    page = home(client, administrator)
    assert 'id="home-users"' in page
    for name in (
        "users:list",
        "users:invite",
        "users:export",
        "panels:chairs",
        "deadlines:timescales",
        "audit:search",
        "admin:index",
    ):
        assert f'href="{reverse(name)}' in page, name
    assert "for emergencies only" in page
    assert "Your open reviews" not in page


def test_the_administrators_counts(client, administrator):
    UserFactory(role=Role.CHAIR)  # active, never signed in
    UserFactory(role=Role.CHAIR, is_active=False)
    client.force_login(administrator)
    section = next(
        item["context"]
        for item in client.get(reverse("home")).context["sections"]
        if item["template"] == "dhr/home/administrator.html"
    )
    # The administrator has signed in (force_login sets last_login).
    assert section == {"active": 2, "inactive": 1, "never_signed_in": 1, "without_role": 0}


def test_the_steering_group_starts_at_the_dashboard(client, steering_member):
    page = home(client, steering_member)
    assert f'href="{reverse("dhr:dashboard")}"' in page
    assert "Open the dashboard" in page
    assert 'id="no-dashboard"' not in page
    assert "Manage users" not in page


def test_a_user_without_a_role_is_told_what_to_do(client):
    page = home(client, UserFactory(role=""))
    assert "You have no role yet" in page


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.STEERING_GROUP])
def test_the_home_page_queries_do_not_grow_with_users(
    client, users_by_role, role, django_assert_max_num_queries
):
    user = users_by_role[role]
    client.force_login(user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for number in range(10):
        UserFactory(role=Role.AGENCY_MEMBER, full_name=f"Member {number}")
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("home"))


def test_the_users_export_lists_everyone_and_is_logged(admin_client, agency):
    UserFactory(full_name="Zara Member", role=Role.AGENCY_MEMBER, agency=agency)
    UserFactory(full_name="=HYPERLINK(1)", role=Role.CHAIR)
    response = admin_client.get(reverse("users:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="users-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    headings = rows.index(
        ["Name", "E-mail address", "Role", "Agency", "Partnerships", "Status", "Last signed in"]
    )
    names = [row[0] for row in rows[headings + 1 :]]
    assert "Zara Member" in names
    assert "Alex Admin" in names
    assert "=HYPERLINK(1)" not in names  # neutralised: no live formula
    assert AccessLog.objects.filter(description="Users export").count() == 1


def test_the_users_export_is_for_administrators_only(client, review_manager):
    client.force_login(review_manager)
    assert client.get(reverse("users:export")).status_code == 403
