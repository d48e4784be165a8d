"""E-mail transports for tests of the outbox: one that is always down."""

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """The mail server is down: every attempt fails as a refused connection does."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server down")
