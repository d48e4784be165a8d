"""Recording looks at restricted data and file downloads (DESIGN.md 6).

Call ``record`` from the view that shows or serves the data, after the permission check; the
row is written even if the rest of the request fails later, because the data has been seen.
"""

from dhr.models import AccessLog


def record(
    user, action: str, *, description: str, object_type: str, object_id="", review_reference=""
) -> AccessLog:
    """Appends one entry to the access log."""
    return AccessLog.objects.create(
        user=user,
        user_name=user.get_full_name() or user.email,
        action=action,
        review_reference=review_reference,
        description=description[:300],
        object_type=object_type,
        object_id=str(object_id),
    )
