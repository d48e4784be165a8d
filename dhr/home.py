"""What each role's home page offers: sections (a template and its context) and links.

The home page belongs to the core app, but most of what it shows (reviews, deadlines, requests)
belongs to later apps. They add it here from ``AppConfig.ready()`` (ADR 0004), so the core
imports none of them:

- ``register_section(template, roles, context)``: a block of the page; ``context(request)``
  returns the template's context, or None to leave the block out. Keep it to a fixed number
  of queries: the home page is the most visited page and its query count is tested per role.
- ``register_link(group, label, url_names, roles, hint)``: a link in a list under a heading
  ("Administration", "Exports"). ``url_names`` may name several candidates: the first that
  resolves is used and a link whose page does not exist (yet) is left out, so an app can offer
  a link to a page another branch is still building.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from dhr.accounts.roles import Role


@dataclass(frozen=True)
class Section:
    template: str
    roles: frozenset
    context: Callable
    order: int


@dataclass(frozen=True)
class Link:
    group: str
    label: str
    url_names: tuple[str, ...]
    roles: frozenset
    hint: str
    order: int


_sections: list[Section] = []
_links: list[Link] = []


def register_section(
    template: str, roles: Sequence, context: Callable | None = None, order: int = 100
) -> None:
    section = Section(
        template, frozenset(Role(r) for r in roles), context or (lambda request: {}), order
    )
    if not any(s.template == template for s in _sections):
        _sections.append(section)


def register_link(
    group: str,
    label: str,
    url_names: str | Sequence[str],
    roles: Sequence,
    hint: str = "",
    order: int = 100,
) -> None:
    names = (url_names,) if isinstance(url_names, str) else tuple(url_names)
    link = Link(group, label, names, frozenset(Role(r) for r in roles), hint, order)
    if not any(existing.label == label and existing.group == group for existing in _links):
        _links.append(link)


def first_url(*names: str) -> str | None:
    """The address of the first of ``names`` that resolves, or None."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def sections_for(request) -> list[dict]:
    """The sections the user's role gets, in order, each with its context."""
    role = getattr(request.user, "role", None)
    shown = []
    for section in sorted(_sections, key=lambda s: (s.order, s.template)):
        if role not in section.roles:
            continue
        context = section.context(request)
        if context is not None:
            shown.append({"template": section.template, "context": context})
    return shown


def links_for(user) -> list[dict]:
    """The link groups the user's role gets: [{"heading", "links": [{label, url, hint}]}]."""
    groups: dict[str, list[dict]] = {}
    for link in sorted(_links, key=lambda li: (li.order, li.label)):
        if user.role not in link.roles:
            continue
        url = first_url(*link.url_names)
        if url is not None:
            groups.setdefault(link.group, []).append(
                {"label": link.label, "url": url, "hint": link.hint}
            )
    return [{"heading": heading, "links": links} for heading, links in groups.items()]
