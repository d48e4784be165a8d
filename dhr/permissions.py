"""Permission helpers shared by every app's views.

Pages a role never has answer 403; objects outside a user's scope answer 404 (STYLE.md 2).
"""

from django.core.exceptions import PermissionDenied

from dhr.accounts.roles import Role, has_role


class RoleRequiredMixin:
    """Class-based views open only to the listed roles; everyone else gets 403."""

    allowed_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied("Your role does not give access to this page.")
        return super().dispatch(request, *args, **kwargs)


class AdministratorRequiredMixin(RoleRequiredMixin):
    allowed_roles = (Role.ADMINISTRATOR,)
