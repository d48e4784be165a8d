"""The models of the core app, from its features: importing them here registers them with the
app, so that they share one app label and one migrations folder (DESIGN.md 2)."""

from dhr.accounts.models import User, UserManager
from dhr.files.models import AccessLog
from dhr.mail.models import OutboundEmail
from dhr.notifications.models import Notification
from dhr.organisations.models import Agency, Partnership, TimeStampedModel

__all__ = [
    "AccessLog",
    "Agency",
    "Notification",
    "OutboundEmail",
    "Partnership",
    "TimeStampedModel",
    "User",
    "UserManager",
]
