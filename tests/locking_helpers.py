"""What the optimistic-locking tests share: two users' clients and the form's version field."""

import re

from django.test import Client

from dhr.locking import describe_time

CONFLICT_ADVICE = "Your changes are below: check them against the current values and save again."
LAST_SEEN = re.compile(r'name="last_seen" value="([^"]*)"')


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def last_seen_on(response) -> str:
    """The version the page's form was opened on (its hidden ``last_seen`` field)."""
    found = LAST_SEEN.findall(response.text)
    assert len(found) == 1, "the form must carry exactly one last_seen field"
    return found[0]


def changed_by_message(who: str, record) -> str:
    when = describe_time(record.history.first().history_date)
    return f"{who} changed this record at {when} after you opened it. {CONFLICT_ADVICE}"
