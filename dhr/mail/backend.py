"""The e-mail backend of the service (``EMAIL_BACKEND``): it writes rows, it sends nothing.

Every message Django is asked to send (``send_mail``, password resets, invitations, reminders)
becomes an ``OutboundEmail`` row in the caller's transaction; the row is handed to the send task
once that transaction commits. The real transport is ``DHR_EMAIL_TRANSPORT``.
"""

from django.core.mail.backends.base import BaseEmailBackend

from dhr.mail import services


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        return len(services.store(email_messages))
