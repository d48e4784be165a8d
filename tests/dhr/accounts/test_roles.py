from django.contrib.auth.models import Group

from dhr.accounts.roles import GROUP_NAMES, ROLE_MODEL_PERMISSIONS, Role


def test_every_role_group_has_exactly_its_permissions(db):
    for role in Role:
        group = Group.objects.get(name=GROUP_NAMES[role])
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(ROLE_MODEL_PERMISSIONS.get(role, [])), role
