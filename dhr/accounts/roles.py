"""Roles are Django groups with fixed names; a user has at most one.

The model permissions of each role (what the Django admin and the app's pages allow) are set by
``sync_role_groups``, which runs after every migrate, so every environment has the same groups.
Rights on an individual review are object permissions, never role permissions.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction


class Role(models.TextChoices):
    REVIEW_MANAGER = "review_manager", "Review manager"
    CHAIR = "chair", "Independent chair"
    AGENCY_MEMBER = "agency_member", "Agency member"
    STEERING_GROUP = "steering_group", "Steering group"
    ADMINISTRATOR = "administrator", "Administrator"


# Group names as people read them in the admin site; the value is the stable key used in code.
GROUP_NAMES = {role: role.label for role in Role}

# Model permissions per role ("app_label.codename"). Administrators manage people and
# organisations; nobody gets blanket rights over reviews.
ROLE_MODEL_PERMISSIONS = {
    Role.ADMINISTRATOR: [
        "dhr.view_user",
        "dhr.add_user",
        "dhr.change_user",
        "dhr.view_agency",
        "dhr.add_agency",
        "dhr.change_agency",
        "dhr.view_partnership",
        "dhr.add_partnership",
        "dhr.change_partnership",
        "panels.view_chairprofile",
        "panels.add_chairprofile",
        "panels.change_chairprofile",
        "panels.view_chairconflict",
        "panels.add_chairconflict",
        "panels.change_chairconflict",
        "panels.delete_chairconflict",
        "panels.view_panelmember",
    ],
}


def has_role(user, *roles: Role) -> bool:
    """True when the signed-in, active ``user`` holds one of ``roles``."""
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def group_for(role: Role) -> Group:
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role(role)])
    return group


def wanted_groups(user, role: Role | None) -> set[int]:
    """The ids of the groups ``user`` should be in: the role's, and the agency's for members."""
    wanted = {group_for(role).pk} if role else set()
    if role == Role.AGENCY_MEMBER and user.agency_id:
        wanted.add(user.agency.group_id)
    return wanted


@transaction.atomic
def set_role(user, role: Role | str | None) -> None:
    """Gives a saved ``user`` exactly one role (or none), with its groups and admin-site access.

    Agency members also join their agency's group, which carries the agency's review access.
    The caller's changes to other fields (the agency, say) are saved too, in one history row.
    """
    role = Role(role) if role else None
    user.role = role or ""
    user.is_staff = role == Role.ADMINISTRATOR or user.is_superuser
    user.save()
    user.groups.set(wanted_groups(user, role))


def sync_role_groups(**kwargs) -> None:
    """Creates the role groups and sets their model permissions (post_migrate receiver).

    It runs after each app's migrations; permissions of apps not yet migrated are added on a
    later run, so after a full ``migrate`` every role has exactly its listed permissions.
    """
    for role in Role:
        group = group_for(role)
        wanted = ROLE_MODEL_PERMISSIONS.get(role, [])
        by_name = {
            f"{p.content_type.app_label}.{p.codename}": p
            for p in Permission.objects.select_related("content_type").filter(
                codename__in=[name.split(".", 1)[1] for name in wanted]
            )
        }
        group.permissions.set([by_name[name] for name in wanted if name in by_name])
