"""Who may open a review, and what they may see and do in it (DESIGN.md section 5).

``reviews_for`` is the permission boundary: every list, page, search, count and file view starts
from it, and anything outside it is a 404. Chairs and agencies are let in by object permissions
(django-guardian, direct foreign-key tables) granted and revoked by the domain functions only.
"""

from guardian.shortcuts import assign_perm, remove_perm

from cases.models import Review, ReviewGroupObjectPermission, ReviewUserObjectPermission
from dhr.accounts.roles import Role

VIEW_REVIEW = "view_review"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def reviews_for(user, queryset=None):
    """The reviews ``user`` may open."""
    queryset = Review.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if user.role == Role.REVIEW_MANAGER:
        # The partnerships' ids as values, read once a request (``User.partnership_ids``): as a
        # subquery, joined into every query that starts here, PostgreSQL spent longer planning
        # a manager's deadlines than running them.
        return queryset.filter(partnership__in=user.partnership_ids)
    if user.role in (Role.CHAIR, Role.AGENCY_MEMBER):
        return queryset.filter(pk__in=_granted_review_ids(user))
    # Steering group and administrators see aggregates and manage users, not reviews.
    return queryset.none()


def _granted_review_ids(user):
    """The ids of the reviews ``user`` holds ``view_review`` on, directly or through a group,
    as one ``UNION`` subquery. Not ``EXISTS(user grant) OR EXISTS(group grant)``: PostgreSQL
    cannot turn an ``OR`` of subqueries into a join, and ran it as a scan of every review with
    two hashed subplans; one ``IN (... UNION ...)`` is a semi-join driven by the grant tables'
    user and group indexes, proportional to the user's grants (docs/performance.md)."""
    user_grants = ReviewUserObjectPermission.objects.filter(
        user=user, permission__codename=VIEW_REVIEW
    ).values("content_object_id")
    group_grants = ReviewGroupObjectPermission.objects.filter(
        group__in=user.groups.values("pk"), permission__codename=VIEW_REVIEW
    ).values("content_object_id")
    return user_grants.union(group_grants)


def manages(user, review: Review) -> bool:
    """A review manager of the review's partnership: runs every stage."""
    return (
        _active(user)
        and user.role == Role.REVIEW_MANAGER
        and review.partnership_id in user.partnership_ids
    )


def chairs(user, review: Review) -> bool:
    """The review's appointed independent chair."""
    return _active(user) and user.role == Role.CHAIR and review.chair_id == user.pk


def can_see_restricted(user, review: Review) -> bool:
    """Subjects' identity and family contacts: the review manager and the chair only."""
    return manages(user, review) or chairs(user, review)


def is_agency_member_of(user, agency_id) -> bool:
    return _active(user) and user.role == Role.AGENCY_MEMBER and user.agency_id == agency_id


# Grants: called by the domain functions (panel changes, requests, chair appointment) only.


def grant_agency(review: Review, agency) -> None:
    assign_perm(VIEW_REVIEW, agency.group, review)


# Later apps' records that also keep an agency involved in a review (``panels``: its requests
# for contributions), as ``check(review, agency) -> bool``; registered in ``AppConfig.ready()``.
_involvement_checks: list = []


def register_involvement(check) -> None:
    if check not in _involvement_checks:
        _involvement_checks.append(check)


def revoke_agency_unless_involved(review: Review, agency) -> None:
    """Removes the agency's access unless it still sits on the panel or has a live request."""
    still_involved = (
        review.panel_members.filter(agency=agency).exists()
        or review.info_requests.filter(agency=agency, withdrawn=False).exists()
        or any(check(review, agency) for check in _involvement_checks)
    )
    if not still_involved:
        remove_perm(VIEW_REVIEW, agency.group, review)


def grant_chair(review: Review, user) -> None:
    assign_perm(VIEW_REVIEW, user, review)


def revoke_chair(review: Review, user) -> None:
    remove_perm(VIEW_REVIEW, user, review)
