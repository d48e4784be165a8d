"""Family engagement: the victim's family and friends, their advocate, the contact log and
what they want from the review (domain.md: "Family engagement").

Everything here is restricted (DESIGN.md 5): only the review manager and the chair see it, on
pages only they may open. ``RESTRICTED_FIELDS`` lists every field that holds family data, so
history and audit views hide them from everyone else too.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.reviews.models import Review
from dhr.models import TimeStampedModel


class YesNoUndecided(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNDECIDED = "undecided", "Not decided yet"


class FamilyMember(TimeStampedModel):
    """A relative or friend of the victim who may take part in the review."""

    class Participation(models.TextChoices):
        MEET = "meet", "Meet the chair or the panel"
        WRITTEN = "written", "A written contribution"
        ADVOCATE = "advocate", "Through their advocate"
        INFORMED = "informed", "Be kept informed only"
        DECLINED = "declined", "Does not wish to take part"
        UNDECIDED = "undecided", "Not decided yet"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=150)
    relationship = models.CharField(
        max_length=100, help_text="To the victim: for example mother, sister, friend."
    )
    phone = models.CharField("telephone", max_length=40, blank=True)
    email = models.EmailField("e-mail address", blank=True)
    address = models.TextField(blank=True)
    contact_notes = models.TextField(
        "how to contact them", blank=True, help_text="Best times, language, accessibility."
    )
    # How they wish to take part
    participation = models.CharField(
        "how they wish to take part",
        max_length=10,
        choices=Participation.choices,
        default=Participation.UNDECIDED,
    )
    pseudonym_choice = models.CharField(
        "pseudonym they chose or suggested", max_length=60, blank=True
    )
    wants_draft = models.CharField(
        "wants to see the draft report",
        max_length=10,
        choices=YesNoUndecided.choices,
        default=YesNoUndecided.UNDECIDED,
    )
    # Referral to an advocate (often AAFDA)
    advocate_referred_on = models.DateField("referred to an advocate on", null=True, blank=True)
    advocate_organisation = models.CharField(max_length=150, blank=True)
    advocate_name = models.CharField(max_length=150, blank=True)

    history = HistoricalRecords()
    # All of it is family data: hidden from every history and audit view of other readers.
    RESTRICTED_FIELDS = (
        "name",
        "relationship",
        "phone",
        "email",
        "address",
        "contact_notes",
        "participation",
        "pseudonym_choice",
        "wants_draft",
        "advocate_referred_on",
        "advocate_organisation",
        "advocate_name",
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class FamilyContact(models.Model):
    """One contact with a family member: when, how, what was said, and who made it."""

    class Method(models.TextChoices):
        PHONE = "phone", "Telephone"
        EMAIL = "email", "E-mail"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        ADVOCATE = "advocate", "Through their advocate"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="family_contacts")
    member = models.ForeignKey(FamilyMember, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField()
    method = models.CharField(max_length=10, choices=Method.choices)
    summary = models.TextField()
    made_by = models.CharField(
        "contact made by", max_length=150, help_text="Name and role, for example the chair."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    history = HistoricalRecords()
    RESTRICTED_FIELDS = ("member", "contacted_on", "method", "summary", "made_by")

    class Meta:
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"Contact on {self.contacted_on:%d/%m/%Y}"
