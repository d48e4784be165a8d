"""The organisations: partnerships (Community Safety Partnerships) and agencies (police, health,
probation, council services, specialist services)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Base for the project's models: when a row was created and last changed.

    Who changed it, and how, is in the row's history (django-simple-history).
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Partnership(TimeStampedModel):
    """A Community Safety Partnership (CSP) area; every review belongs to one.

    Its statutory periods, where they differ from the defaults, are its own timescale rules
    (``cases.TimescaleRule``), edited by administrators on the timescales page.
    """

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(
        max_length=12,
        unique=True,
        help_text="Short code used in review references, for example SWALE.",
    )
    region = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(TimeStampedModel):
    """An organisation that may sit on a review panel or receive information requests."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        ADULT_SERVICES = "adult_services", "Council adult services"
        CHILDREN_SERVICES = "children_services", "Council children's services"
        HEALTH_TRUST = "health_trust", "Health trust"
        GP_ICB = "gp_icb", "GP / integrated care board"
        PROBATION = "probation", "Probation"
        SPECIALIST_DA = "specialist_da", "Specialist domestic abuse service"
        HOUSING = "housing", "Housing"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    is_active = models.BooleanField(default=True)
    # The agency's members are in this group; access to a review is granted to the group when
    # the agency joins its panel or is sent a request, and revoked when it leaves.
    group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["group"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.group_id is None:
            self.group = Group.objects.create(name=f"Agency {self.pk}")
            super().save(update_fields=["group"])
