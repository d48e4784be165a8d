"""The review itself: its record, who may open it (``access.reviews_for``, the permission
boundary), its reference, the review list, the overview page and its task list."""
