"""The people a review is about, pseudonymised. Identity fields are restricted (DESIGN.md 5)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from simple_history.models import HistoricalRecords

from cases.reviews.models import Review
from dhr.models import TimeStampedModel

# Identity fields: shown only to the review manager and the chair (cases.reviews.access).
RESTRICTED_SUBJECT_FIELDS = ("real_name", "date_of_birth", "address")
# The Home Office data collection form's fields about a person.
HOME_OFFICE_SUBJECT_FIELDS = (
    "age_band",
    "sex",
    "sexual_orientation",
    "religion",
    "ethnicity",
    "relationship_to_victim",
    "previous_offending",
    "caring_responsibilities",
    "mental_health",
    "vulnerabilities",
    "court_outcome",
    "died_by_suicide",
)


class Subject(TimeStampedModel):
    """A victim, a perpetrator or another significant person, with the Home Office data fields."""

    class Role(models.TextChoices):
        VICTIM = "victim", "Victim"
        PERPETRATOR = "perpetrator", "Perpetrator"
        OTHER = "other", "Other significant person"

    class AgeBand(models.TextChoices):
        A16_19 = "16-19", "16 to 19"
        A20_24 = "20-24", "20 to 24"
        A25_34 = "25-34", "25 to 34"
        A35_44 = "35-44", "35 to 44"
        A45_54 = "45-54", "45 to 54"
        A55_64 = "55-64", "55 to 64"
        A65 = "65+", "65 or over"
        UNKNOWN = "unknown", "Not known"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "unknown", "Not known"

    class MentalHealth(models.TextChoices):
        DEPRESSION = "depression", "Depression"
        ANXIETY = "anxiety", "Anxiety"
        PTSD = "ptsd", "Post-traumatic stress disorder"
        PSYCHOSIS = "psychosis", "Psychosis"
        SELF_HARM = "self_harm", "Self-harm"
        SUICIDAL_THOUGHTS = "suicidal_thoughts", "Suicidal thoughts"
        OTHER = "other", "Other"

    class Vulnerability(models.TextChoices):
        ALCOHOL = "alcohol", "Alcohol"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
        HOUSING = "housing", "Housing"
        DISABILITY = "disability", "Disability"
        NEURODIVERSITY = "neurodiversity", "Neurodiversity"
        PREGNANCY = "pregnancy", "Pregnancy"
        OTHER = "other", "Other"

    class CourtOutcome(models.TextChoices):
        MURDER = "murder", "Murder"
        MANSLAUGHTER = "manslaughter", "Manslaughter"
        DIMINISHED = "manslaughter_dr", "Manslaughter (diminished responsibility)"
        NOT_GUILTY = "not_guilty", "Not guilty"
        PENDING = "pending", "Proceedings not finished"
        OTHER = "other", "Other"
        UNKNOWN = "unknown", "Not known"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="subjects")
    role = models.CharField(max_length=16, choices=Role.choices)
    pseudonym = models.CharField(max_length=60)

    # Restricted identity
    real_name = models.CharField(max_length=150, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)

    # Home Office data collection form
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    sexual_orientation = models.CharField(max_length=60, blank=True)
    religion = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=80, blank=True)
    relationship_to_victim = models.CharField(
        max_length=100, blank=True, help_text="For example: husband, son, ex-partner."
    )
    previous_offending = models.BooleanField(null=True, blank=True)
    caring_responsibilities = models.BooleanField(null=True, blank=True)
    mental_health = ArrayField(
        models.CharField(max_length=24, choices=MentalHealth.choices), default=list, blank=True
    )
    vulnerabilities = ArrayField(
        models.CharField(max_length=24, choices=Vulnerability.choices), default=list, blank=True
    )
    court_outcome = models.CharField(max_length=20, choices=CourtOutcome.choices, blank=True)
    died_by_suicide = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords()
    # Hidden from every history and audit view of readers without restricted access.
    RESTRICTED_FIELDS = RESTRICTED_SUBJECT_FIELDS

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "pseudonym"], name="subject_pseudonym_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.get_role_display().lower()})"
