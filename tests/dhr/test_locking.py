"""Optimistic locking (``dhr.locking``): versions, the conflict and its message, the form mixin,
and the administrators' forms several of them edit: a user, and a chair's pool profile.

The review forms (a person, an information request's answer) are in tests/cases/test_locking.py.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.urls import reverse

from dhr.accounts import services as user_services
from dhr.accounts.forms import UserForm
from dhr.accounts.roles import Role
from dhr.locking import (
    NOT_CREATED,
    NOT_RECORDED,
    EditConflict,
    OptimisticLockFormMixin,
    check_unchanged,
    describe_time,
    field_text,
    version_of,
)
from dhr.models import Partnership, User
from panels.chairs import services
from panels.models import ChairProfile
from tests.dhr.factories import PartnershipFactory, UserFactory
from tests.locking_helpers import (
    CONFLICT_ADVICE,
    changed_by_message,
    client_for,
    last_seen_on,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def second_admin(db):
    return UserFactory(full_name="Priya Patel", role=Role.ADMINISTRATOR)


# --- Versions and conflicts ----------------------------------------------------------------------


def test_a_timestamped_record_is_at_its_updated_at(partnership):
    version = version_of(partnership)
    assert version == partnership.updated_at.astimezone(ZoneInfo("UTC")).isoformat(
        timespec="microseconds"
    )
    assert datetime.fromisoformat(version) == partnership.updated_at
    assert version_of(None) == version_of(Partnership()) == NOT_CREATED


def test_check_unchanged_passes_the_version_seen_and_refuses_any_other(partnership):
    seen = version_of(partnership)
    check_unchanged(partnership, seen)
    check_unchanged(partnership, None)  # not checked
    partnership.region = "Kent"
    partnership.save()
    with pytest.raises(EditConflict) as conflict:
        check_unchanged(Partnership.objects.get(pk=partnership.pk), seen)
    assert conflict.value.current == partnership
    check_unchanged(None, NOT_CREATED)
    with pytest.raises(EditConflict):
        check_unchanged(partnership, NOT_CREATED)  # created since the form was opened


def test_the_message_names_who_changed_the_record_and_when(partnership, administrator, chair):
    partnership._history_user = administrator
    partnership.save()
    conflict = EditConflict(partnership)
    when = describe_time(partnership.history.first().history_date)
    assert conflict.changed_by == administrator
    assert conflict.message_for(chair) == (
        f"Alex Admin changed this record at {when} after you opened it. {CONFLICT_ADVICE}"
    )
    assert conflict.message_for(administrator).startswith(
        f"You changed this record in another tab or window at {when} after you opened it."
    )
    partnership._history_user = None
    partnership.save()
    assert str(EditConflict(partnership)).startswith("Someone else changed this record at")


def test_times_are_local_with_the_date_when_not_today():
    moment = datetime(2026, 3, 3, 14, 32, tzinfo=LONDON)
    with time_machine.travel(datetime(2026, 3, 3, 18, 0, tzinfo=LONDON)):
        assert describe_time(moment) == "14:32"
    with time_machine.travel(datetime(2026, 3, 4, 9, 0, tzinfo=LONDON)):
        assert describe_time(moment) == "14:32 on 3 March 2026"
    summer = datetime(2026, 7, 1, 13, 32, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(datetime(2026, 7, 1, 18, 0, tzinfo=LONDON)):
        assert describe_time(summer) == "14:32"  # British Summer Time


def test_a_users_version_ignores_a_sign_in_but_not_an_edit(agency_member, partnership):
    seen = version_of(agency_member)
    client_for(agency_member)  # signing in saves last_login, and a history row
    agency_member.refresh_from_db()
    assert agency_member.last_login is not None
    assert version_of(agency_member) == seen

    agency_member.partnerships.add(partnership)
    assert version_of(agency_member) != seen


# --- The form mixin ------------------------------------------------------------------------------


class PartnershipRegionForm(OptimisticLockFormMixin, forms.Form):
    region = forms.CharField(required=False)


def test_the_form_carries_the_version_and_keeps_it_out_of_cleaned_data(partnership):
    opened = PartnershipRegionForm(record=partnership)
    assert opened["last_seen"].value() == version_of(partnership)
    assert opened["last_seen"].is_hidden

    sent = PartnershipRegionForm({"region": "Kent", "last_seen": "v1"})
    assert sent.is_valid()
    assert sent.cleaned_data == {"region": "Kent"}
    assert sent.last_seen == "v1"

    without = PartnershipRegionForm({"region": "Kent"})
    assert without.is_valid()
    assert without.last_seen is None  # a POST with no version is not checked


def test_show_conflict_keeps_the_input_and_renews_the_version(partnership):
    sent = PartnershipRegionForm({"region": "Kent", "last_seen": "v1"})
    assert sent.is_valid()
    sent.show_conflict(EditConflict(partnership), reader=None)
    assert sent["region"].value() == "Kent"
    assert sent["last_seen"].value() == version_of(partnership)
    assert sent.non_field_errors()[0].endswith(CONFLICT_ADVICE)


def test_field_text_shows_values_as_the_reader_knows_them(partnership):
    role = forms.ChoiceField(choices=Role.choices)
    assert field_text(role, Role.CHAIR) == "Independent chair"
    assert field_text(role, "") == NOT_RECORDED
    several = forms.MultipleChoiceField(choices=[("a", "Alcohol"), ("d", "Drugs")])
    assert field_text(several, ["a", "d"]) == "Alcohol, Drugs"
    agency = forms.ModelChoiceField(queryset=Partnership.objects.all(), empty_label="None")
    assert field_text(agency, partnership.pk) == "Swale"
    assert field_text(agency, None) == "None"
    closed = PartnershipFactory(name="Closed", code="CLO", is_active=False)
    active_only = forms.ModelChoiceField(queryset=Partnership.objects.filter(is_active=True))
    assert field_text(active_only, closed.pk) == "Closed"
    assert field_text(forms.DateField(), date(2026, 3, 3)) == "3 March 2026"
    assert field_text(forms.CharField(), "Kent") == "Kent"


# --- An administrator changes a user -------------------------------------------------------------


def user_data(user, last_seen, **overrides) -> dict:
    data = {
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "agency": user.agency_id or "",
        "partnerships": [p.pk for p in user.partnerships.all()],
        "last_seen": last_seen,
    }
    data.update(overrides)
    return data


def edit_user_url(user) -> str:
    return reverse("users:edit", args=[user.pk])


def test_the_second_administrator_to_save_a_user_is_told_and_loses_nothing(
    administrator, second_admin, agency_member
):
    alex, priya = client_for(administrator), client_for(second_admin)
    alex_seen = last_seen_on(alex.get(edit_user_url(agency_member)))
    priya_seen = last_seen_on(priya.get(edit_user_url(agency_member)))

    renamed = user_data(agency_member, alex_seen, full_name="Andrew Agency")
    assert alex.post(edit_user_url(agency_member), renamed).status_code == 302
    stored = User.objects.get(pk=agency_member.pk)
    history_before = stored.history.count()

    new_email = user_data(agency_member, priya_seen, email="andy.agency@kent.police.uk")
    refused = priya.post(edit_user_url(agency_member), new_email)
    assert refused.status_code == 200
    assert changed_by_message("Alex Admin", stored) in refused.text
    assert 'value="andy.agency@kent.police.uk"' in refused.text  # Priya's input is kept
    assert "What the record holds now" in refused.text
    assert "Andrew Agency" in refused.text  # the stored name is shown
    assert "Kent Police" in refused.text
    assert refused.text.count("<title>Error: ") == 1
    stored.refresh_from_db()
    assert (stored.full_name, stored.email) == ("Andrew Agency", agency_member.email)
    assert stored.history.count() == history_before

    merged = {**new_email, "full_name": "Andrew Agency", "last_seen": last_seen_on(refused)}
    assert priya.post(edit_user_url(agency_member), merged).status_code == 302
    stored.refresh_from_db()
    assert (stored.full_name, stored.email) == ("Andrew Agency", "andy.agency@kent.police.uk")


def test_a_sign_in_after_the_form_was_opened_is_no_conflict(administrator, agency_member):
    admin = client_for(administrator)
    seen = last_seen_on(admin.get(edit_user_url(agency_member)))
    client_for(agency_member)  # Andy signs in meanwhile
    data = user_data(agency_member, seen, full_name="Andrew Agency")
    assert admin.post(edit_user_url(agency_member), data).status_code == 302
    assert User.objects.get(pk=agency_member.pk).full_name == "Andrew Agency"


def test_the_conflict_names_the_last_editor_not_the_last_sign_in(
    administrator, second_admin, agency_member
):
    seen = version_of(agency_member)
    alex = client_for(administrator)
    alex.post(edit_user_url(agency_member), user_data(agency_member, seen, full_name="Andrew"))
    # A sign-in after Alex's change writes a history row too (with the user as stored: the
    # row copies the values of the instance saved, so a stale one would look like a change).
    client_for(User.objects.get(pk=agency_member.pk))

    priya = client_for(second_admin)
    refused = priya.post(edit_user_url(agency_member), user_data(agency_member, seen))
    assert "Alex Admin changed this record at" in refused.text


def test_update_user_refuses_a_stale_version_and_changes_nothing(agency_member, agency):
    stale = version_of(agency_member)
    fields = {
        "email": agency_member.email,
        "role": Role.AGENCY_MEMBER,
        "agency": agency,
        "partnerships": [],
    }
    user_services.update_user(agency_member, full_name="Andrew", **fields)  # not checked
    with pytest.raises(EditConflict):
        user_services.update_user(
            User.objects.get(pk=agency_member.pk), full_name="Andy", last_seen=stale, **fields
        )
    assert User.objects.get(pk=agency_member.pk).full_name == "Andrew"


def test_the_invite_form_carries_no_version_of_anyone():
    assert UserForm()["last_seen"].value() == NOT_CREATED


# --- An administrator changes a chair's pool profile ---------------------------------------------


def chair_url(chair) -> str:
    return reverse("panels:chair_edit", args=[chair.pk])


def profile_data(last_seen, *, available: bool, background: str) -> dict:
    return {
        "form": "profile",
        "is_available": str(available),
        "background": background,
        "last_seen": last_seen,
    }


def test_two_administrators_create_the_same_profile_and_the_second_is_told(
    administrator, second_admin, chair
):
    alex, priya = client_for(administrator), client_for(second_admin)
    alex_seen = last_seen_on(alex.get(chair_url(chair)))
    priya_seen = last_seen_on(priya.get(chair_url(chair)))
    assert alex_seen == priya_seen == NOT_CREATED

    alex_profile = profile_data(alex_seen, available=False, background="Retired police officer.")
    assert alex.post(chair_url(chair), alex_profile).status_code == 302
    profile = ChairProfile.objects.get(user=chair)

    priya_profile = profile_data(priya_seen, available=True, background="Former social worker.")
    refused = priya.post(chair_url(chair), priya_profile)
    assert refused.status_code == 200
    assert changed_by_message("Alex Admin", profile) in refused.text
    assert "Former social worker.</textarea>" in refused.text  # Priya's input is kept
    assert "Retired police officer." in refused.text  # the stored profile is shown
    assert "Declare a conflict" in refused.text  # the page is about the profile as it is now
    profile.refresh_from_db()
    assert (profile.is_available, profile.background) == (False, "Retired police officer.")
    assert profile.history.count() == 1

    priya_profile["last_seen"] = last_seen_on(refused)
    assert priya.post(chair_url(chair), priya_profile).status_code == 302
    profile.refresh_from_db()
    assert (profile.is_available, profile.background) == (True, "Former social worker.")


def test_one_administrator_in_two_tabs_is_told_it_was_them(administrator, chair):
    services.save_chair_profile(chair, by=administrator, is_available=True, background="")
    client = client_for(administrator)
    first_tab = last_seen_on(client.get(chair_url(chair)))
    second_tab = last_seen_on(client.get(chair_url(chair)))
    data = profile_data(first_tab, available=False, background="On leave until June.")
    assert client.post(chair_url(chair), data).status_code == 302

    refused = client.post(chair_url(chair), {**data, "last_seen": second_tab})
    assert "You changed this record in another tab or window at" in refused.text
    assert CONFLICT_ADVICE in refused.text


def test_declaring_a_conflict_of_interest_does_not_change_the_profiles_version(
    administrator, chair, agency
):
    profile = services.save_chair_profile(chair, by=administrator, is_available=True, background="")
    client = client_for(administrator)
    seen = last_seen_on(client.get(chair_url(chair)))
    declared = client.post(
        chair_url(chair),
        {
            "form": "conflict",
            "agency": agency.pk,
            "details": "Former employee.",
            "declared_on": "01/06/2025",
        },
    )
    assert declared.status_code == 302
    page = client.get(chair_url(chair))
    assert last_seen_on(page) == seen == version_of(ChairProfile.objects.get(pk=profile.pk))


def test_save_chair_profile_refuses_a_stale_version(administrator, chair):
    profile = services.save_chair_profile(chair, by=administrator, is_available=True, background="")
    stale = version_of(profile)
    services.save_chair_profile(chair, by=administrator, is_available=False, background="")
    with pytest.raises(EditConflict):
        services.save_chair_profile(
            chair, by=administrator, is_available=True, background="", last_seen=stale
        )
    assert ChairProfile.objects.get(pk=profile.pk).is_available is False
