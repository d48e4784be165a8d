"""Published learning briefings on the public register (``/published/`` and its feed), through
the register's own registry (``publications.register.services.register_public_entries``)."""

from django.urls import reverse

from publications.briefings.services import published_briefings
from publications.register.services import PublicDocument, PublicEntry


def briefing_entries() -> list[PublicEntry]:
    """One entry a published briefing: its title, the themes as its summary, and its PDF."""
    entries = []
    for briefing in published_briefings():
        page = reverse("publications:public_briefing", args=[briefing.pk])
        pdf = reverse("publications:public_briefing_pdf", args=[briefing.pk])
        themes = ", ".join(theme.name for theme in briefing.themes.all())
        entries.append(
            PublicEntry(
                title=briefing.title,
                published_on=briefing.published_on,
                summary=f"Themes: {themes}." if themes else "A 7-minute learning briefing.",
                kind="Learning briefing",
                documents=(PublicDocument(f"{briefing.title} (PDF)", pdf),),
                url=page,
                key=f"briefing-{briefing.pk}",
            )
        )
    return entries
