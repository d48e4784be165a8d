"""Family engagement pages: for the review manager and the chair only, every look logged, the
history hiding all of it from everyone else."""

import html
import re
from datetime import date

from django.urls import reverse

from cases.audit.history import review_history
from cases.family import services as family
from cases.models import FamilyContact, FamilyMember
from dhr.models import AccessLog


def url(panel, name, *args):
    return reverse(name, args=[panel.review.reference, *args])


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


MARY = {
    "name": "Mary Smith",
    "relationship": "Mother",
    "phone": "07700 900123",
    "email": "mary@example.org",
    "address": "1 High Street",
    "contact_notes": "Evenings",
    "participation": "meet",
    "pseudonym_choice": "Diana",
    "wants_draft": "yes",
    "advocate_referred_on": "01/04/2026",
    "advocate_organisation": "AAFDA",
    "advocate_name": "Sam Advocate",
}


def test_the_manager_records_a_family_member(panel, client):
    client.force_login(panel.manager)
    assert "No family member or friend has been recorded yet." in text(
        client.get(url(panel, "cases:family"))
    )
    new_url = url(panel, "cases:family_member_new")
    assert client.get(new_url).status_code == 200

    wrong = client.post(new_url, {**MARY, "name": "", "advocate_referred_on": "", "email": "x"})
    assert "Enter their name" in text(wrong)
    assert "Enter the date they were referred" in text(wrong)
    assert "Enter an e-mail address like name@example.com" in text(wrong)
    assert "07700 900123" in wrong.content.decode()  # input kept
    assert not FamilyMember.objects.exists()

    saved = client.post(new_url, MARY, follow=True)
    member = FamilyMember.objects.get()
    assert "Mary Smith's record has been saved." in text(saved)
    page = text(saved)
    for shown in (
        "07700 900123",
        "mary@example.org",
        "Meet the chair or the panel",
        "AAFDA",
        "Sam Advocate",
    ):
        assert shown in page
    assert member.advocate_referred_on == date(2026, 4, 1)
    assert member.wants_draft == "yes"

    edit = client.post(
        url(panel, "cases:family_member_edit", member.pk), {**MARY, "wants_draft": "no"}
    )
    assert edit.status_code == 302
    member.refresh_from_db()
    assert member.wants_draft == "no"


def test_the_chair_logs_contacts(panel, client):
    member = family.add_member(
        panel.review, by=panel.manager, name="Mary Smith", relationship="Mother"
    )
    client.force_login(panel.chair)
    contact_url = url(panel, "cases:family_contact_new", member.pk)
    form = client.get(contact_url)
    assert 'value="Chris Chair"' in form.content.decode()  # who made it, by default

    future = client.post(
        contact_url,
        {"contacted_on": "01/01/2099", "method": "phone", "summary": "Call", "made_by": "Chair"},
    )
    assert "Date of the contact must be today or in the past" in text(future)
    assert not FamilyContact.objects.exists()

    client.post(
        contact_url,
        {
            "contacted_on": "03/04/2026",
            "method": "in_person",
            "summary": "Met at home",
            "made_by": "Chair",
        },
    )
    contact = FamilyContact.objects.get()
    assert (contact.recorded_by, contact.method) == (panel.chair, "in_person")
    page = text(client.get(url(panel, "cases:family_member", member.pk)))
    assert "3 Apr 2026 In person Met at home" in page
    listing = text(client.get(url(panel, "cases:family")))
    assert "3 Apr 2026" in listing


def test_removing_asks_first(panel, client):
    member = family.add_member(
        panel.review, by=panel.manager, name="Mary Smith", relationship="Mother"
    )
    client.force_login(panel.manager)
    delete_url = url(panel, "cases:family_member_delete", member.pk)
    assert "Remove Mary Smith's record?" in text(client.get(delete_url))
    assert FamilyMember.objects.exists()
    client.post(delete_url)
    assert not FamilyMember.objects.exists()


def test_agency_members_get_a_403_and_nothing_is_logged(panel, client):
    member = family.add_member(
        panel.review, by=panel.manager, name="Mary Smith", relationship="Mother"
    )
    for user in (panel.police_member, panel.health_member):
        client.force_login(user)
        for name, args in (
            ("cases:family", ()),
            ("cases:family_member", (member.pk,)),
            ("cases:family_member_new", ()),
        ):
            response = client.get(url(panel, name, *args))
            assert response.status_code == 403
            assert b"Mary Smith" not in response.content
        assert client.post(url(panel, "cases:family_member_new"), MARY).status_code == 403
    assert FamilyMember.objects.count() == 1
    assert not AccessLog.objects.filter(object_type="family_member").exists()


def test_the_history_hides_family_data_from_the_panel(panel):
    member = family.add_member(
        panel.review, by=panel.manager, name="Mary Smith", relationship="Mother"
    )
    family.update_member(member, by=panel.manager, name="Mary Smith-Jones", relationship="Mother")
    chair_view = review_history(panel.review, panel.chair)
    changed = [entry for entry in chair_view if entry.record == "Family member" and entry.changes]
    assert changed[0].changes[0].new == "Mary Smith-Jones"
    police_view = review_history(panel.review, panel.police_member)
    assert not [entry for entry in police_view if entry.record.startswith("Family")]
