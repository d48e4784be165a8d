"""Signing in and out, resetting and changing a password."""

import re

from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from tests.dhr.factories import PASSWORD


def test_sign_in_with_email_in_any_case(client, chair):
    response = client.post(
        reverse("login"), {"username": chair.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert "Signed in as" in home.text
    assert chair.full_name in home.text


def test_wrong_password_is_explained_and_email_kept(client, chair):
    response = client.post(reverse("login"), {"username": chair.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct e-mail address and password." in response.text
    assert f'value="{chair.email}"' in response.text
    assert "<title>Error: Sign in" in response.text


def test_empty_sign_in_lists_each_missing_field(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert "Enter your e-mail address" in response.text
    assert "Enter your password" in response.text


def test_sign_out_needs_post_and_ends_the_session(client, chair):
    client.force_login(chair)
    assert client.post(reverse("logout")).status_code in (200, 302)
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_by_email(client, chair):
    response = client.post(reverse("password_reset"), {"email": chair.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "new-secret-phrase-9", "new_password2": "new-secret-phrase-9"},
    )
    assert client.login(request=HttpRequest(), username=chair.email, password="new-secret-phrase-9")


def test_password_reset_does_not_reveal_unknown_addresses(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_password_change_applies_the_rules(client, chair):
    client.force_login(chair)
    url = reverse("password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert "This password is too short" in weak.text
    strong = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-phrase",
            "new_password2": "a-much-longer-phrase",
        },
    )
    assert strong.status_code == 302
    chair.refresh_from_db()
    assert chair.check_password("a-much-longer-phrase")


def test_navigation_depends_on_role(client, administrator, chair):
    client.force_login(chair)
    assert 'href="/users/"' not in client.get(reverse("home")).text
    client.force_login(administrator)
    assert 'href="/users/"' in client.get(reverse("home")).text


def test_security_headers(client, chair):
    client.force_login(chair)
    response = client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.text  # no inline scripts anywhere in the layout
