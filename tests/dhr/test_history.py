"""History rows name the person who made the change; the history page reads like prose."""

from django.urls import reverse

from dhr.accounts.roles import Role
from dhr.audit import BLANK, history_entries


def test_history_rows_carry_the_acting_user(
    admin_client, administrator, chair, agency, partnership
):
    admin_client.post(
        reverse("users:edit", args=[chair.pk]),
        {
            "full_name": "Chris Chair",
            "email": chair.email,
            "role": Role.AGENCY_MEMBER,
            "agency": agency.pk,
            "partnerships": [partnership.pk],
        },
    )
    latest = chair.history.latest()
    assert latest.history_user == administrator
    assert latest.role == Role.AGENCY_MEMBER


def test_history_page_shows_names_not_ids(admin_client, administrator, chair, agency, partnership):
    admin_client.post(
        reverse("users:edit", args=[chair.pk]),
        {
            "full_name": "Chris Chair",
            "email": chair.email,
            "role": Role.AGENCY_MEMBER,
            "agency": agency.pk,
            "partnerships": [partnership.pk],
        },
    )
    entries = history_entries(chair)
    newest = entries[0]
    assert newest.who == "Alex Admin"
    changes = {change.label: (change.old, change.new) for change in newest.changes}
    assert changes["Agency"] == (BLANK, "Kent Police")
    assert changes["Role"] == ("Independent chair", "Agency member")
    assert changes["Partnerships"] == (BLANK, "Swale")

    page = admin_client.get(reverse("users:history", args=[chair.pk]))
    assert "Changed by Alex Admin" in page.text
    assert "Kent Police" in page.text
    assert "Created by" in page.text


def test_history_excludes_the_password_hash(chair):
    chair.set_password("another-password-456")
    chair.save()
    assert not hasattr(chair.history.latest(), "password")
