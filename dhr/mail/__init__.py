"""The outbox: every e-mail the service sends is a row first, then sent by a Celery task."""
