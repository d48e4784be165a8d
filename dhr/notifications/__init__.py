"""In-app notifications: the header's unread count and the notifications page."""
