"""The header's navigation, by role.

Each app adds its own entries in ``AppConfig.ready()`` through ``register``; the core does not
import the later apps (DESIGN.md section 2).
"""

from dataclasses import dataclass

from dhr.accounts.roles import Role
from dhr.links import fixed_url


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # roles that see the entry; empty means every signed-in user
    order: int = 100


_items: list[NavItem] = []


def register(label: str, url_name: str, roles=(), order: int = 100) -> None:
    item = NavItem(label, url_name, frozenset(Role(r) for r in roles), order)
    if item not in _items:
        _items.append(item)


def items_for(user, current_path: str) -> list[dict]:
    """The entries ``user`` may follow, the one containing ``current_path`` marked active."""
    if not user.is_authenticated:
        return []
    visible = []
    for item in sorted(_items, key=lambda i: (i.order, i.label)):
        if item.roles and user.role not in item.roles:
            continue
        url = fixed_url(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        visible.append({"label": item.label, "url": url, "active": active})
    return visible


register("Home", "home", order=0)
register("Users", "users:list", roles=[Role.ADMINISTRATOR], order=80)
register("E-mails not sent", "mail:failed", roles=[Role.ADMINISTRATOR], order=85)
register("Agencies", "organisations:agency_list", roles=[Role.ADMINISTRATOR], order=82)
register("Partnerships", "organisations:partnership_list", roles=[Role.ADMINISTRATOR], order=84)
