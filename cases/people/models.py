"""The people a review is about, pseudonymised. Identity fields are restricted (DESIGN.md 5)."""

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db import models
from simple_history.models import HistoricalRecords

from cases.reviews.models import Review
from dhr.models import TimeStampedModel

# Identity fields: shown only to the review manager and the chair (cases.reviews.access).
RESTRICTED_SUBJECT_FIELDS = ("real_name", "date_of_birth", "address")
# The Home Office data collection form's fields about a person, all coded: each question, its
# label and section are listed once in ``publications.homeoffice.fields``.
HOME_OFFICE_SUBJECT_FIELDS = (
    "age_band",
    "sex",
    "sexual_orientation",
    "religion",
    "ethnicity",
    "relationship_to_other",
    "previous_offending",
    "caring_responsibilities",
    "carer_for_victim",
    "mental_health",
    "vulnerabilities",
    "court_outcome",
    "died_by_suicide",
)

# "Not known" is an answer; "" is no answer yet. Every coded question offers UNKNOWN.
UNKNOWN = "unknown"


class YesNoUnknown(models.TextChoices):
    """A yes / no / not known answer of the Home Office form ("" = not answered yet)."""

    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = UNKNOWN, "Not known"


class Subject(TimeStampedModel):
    """A victim, a perpetrator or another significant person, with the Home Office data fields."""

    class Role(models.TextChoices):
        VICTIM = "victim", "Victim"
        PERPETRATOR = "perpetrator", "Perpetrator"
        OTHER = "other", "Other significant person"

    class AgeBand(models.TextChoices):
        UNDER_16 = "under-16", "Under 16"
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

    class SexualOrientation(models.TextChoices):
        HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
        GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
        BISEXUAL = "bisexual", "Bisexual"
        OTHER = "other", "Other sexual orientation"
        UNKNOWN = UNKNOWN, "Not known"

    class Religion(models.TextChoices):
        CHRISTIAN = "christian", "Christian"
        BUDDHIST = "buddhist", "Buddhist"
        HINDU = "hindu", "Hindu"
        JEWISH = "jewish", "Jewish"
        MUSLIM = "muslim", "Muslim"
        SIKH = "sikh", "Sikh"
        NONE = "none", "No religion"
        OTHER = "other", "Other religion"
        UNKNOWN = UNKNOWN, "Not known"

    class Ethnicity(models.TextChoices):
        """The ethnic groups of the 2021 Census of England and Wales (ONS), coded."""

        ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
        ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
        ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
        ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
        ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
        BLACK_AFRICAN = "black_african", "Black, Black British, Caribbean or African: African"
        BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean"
        BLACK_OTHER = (
            "black_other",
            "Black, Black British, Caribbean or African: any other Black background",
        )
        MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed or multiple: White and Asian"
        MIXED_WHITE_BLACK_AFRICAN = (
            "mixed_white_black_african",
            "Mixed or multiple: White and Black African",
        )
        MIXED_WHITE_BLACK_CARIBBEAN = (
            "mixed_white_black_caribbean",
            "Mixed or multiple: White and Black Caribbean",
        )
        MIXED_OTHER = "mixed_other", "Mixed or multiple: any other mixed background"
        WHITE_BRITISH = (
            "white_british",
            "White: English, Welsh, Scottish, Northern Irish or British",
        )
        WHITE_IRISH = "white_irish", "White: Irish"
        WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
        WHITE_ROMA = "white_roma", "White: Roma"
        WHITE_OTHER = "white_other", "White: any other White background"
        OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
        OTHER_ANY = "other_any", "Other ethnic group: any other ethnic group"
        UNKNOWN = UNKNOWN, "Not known"

    class Relationship(models.TextChoices):
        """What this person was to the other (the perpetrator to the victim, or the victim to
        the perpetrator), as the national DHR library codes it."""

        SPOUSE = "spouse", "Spouse or civil partner"
        COMMON_LAW_SPOUSE = "common_law_spouse", "Common-law spouse"
        PARTNER = "partner", "Boyfriend or girlfriend"
        EX_SPOUSE = "ex_spouse", "Ex-spouse or ex-civil partner"
        EX_PARTNER = "ex_partner", "Ex-boyfriend or ex-girlfriend"
        COHABITANT = "cohabitant", "Cohabitant"
        PARENT = "parent", "Parent"
        STEP_PARENT = "step_parent", "Step-parent"
        GRANDPARENT = "grandparent", "Grandparent"
        CHILD = "child", "Son or daughter"
        SIBLING = "sibling", "Brother or sister"
        OTHER_RELATIVE = "other_relative", "Other relative"
        OTHER = "other", "Other (not a relative)"
        UNKNOWN = UNKNOWN, "Not known"

    class MentalHealth(models.TextChoices):
        DEPRESSION = "depression", "Depression"
        ANXIETY = "anxiety", "Anxiety"
        PTSD = "ptsd", "Post-traumatic stress disorder"
        PSYCHOSIS = "psychosis", "Psychosis"
        SELF_HARM = "self_harm", "Self-harm"
        SUICIDAL_THOUGHTS = "suicidal_thoughts", "Suicidal thoughts"
        OTHER = "other", "Other"
        NONE = "none", "None known to agencies"
        UNKNOWN = UNKNOWN, "Not known"

    class Vulnerability(models.TextChoices):
        ALCOHOL = "alcohol", "Alcohol"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
        HOUSING = "housing", "Housing"
        DISABILITY = "disability", "Disability"
        NEURODIVERSITY = "neurodiversity", "Neurodiversity"
        PREGNANCY = "pregnancy", "Pregnancy"
        OTHER = "other", "Other"
        NONE = "none", "None known to agencies"
        UNKNOWN = UNKNOWN, "Not known"

    class CourtOutcome(models.TextChoices):
        MURDER = "murder", "Murder"
        MANSLAUGHTER = "manslaughter", "Manslaughter"
        DIMINISHED = "manslaughter_dr", "Manslaughter (diminished responsibility)"
        NOT_GUILTY = "not_guilty", "Not guilty"
        PENDING = "pending", "Proceedings not finished"
        NO_PROCEEDINGS = "no_proceedings", "No criminal proceedings"
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
    # Free text until 2026 (hence the lengths): coded since, by migration cases 0008.
    sexual_orientation = models.CharField(
        max_length=60, choices=SexualOrientation.choices, blank=True
    )
    religion = models.CharField(max_length=60, choices=Religion.choices, blank=True)
    ethnicity = models.CharField(max_length=80, choices=Ethnicity.choices, blank=True)
    relationship_to_other = models.CharField(
        max_length=100, choices=Relationship.choices, blank=True
    )
    previous_offending = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    caring_responsibilities = models.CharField(
        max_length=8, choices=YesNoUnknown.choices, blank=True
    )
    carer_for_victim = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    mental_health = ArrayField(
        models.CharField(max_length=24, choices=MentalHealth.choices), default=list, blank=True
    )
    vulnerabilities = ArrayField(
        models.CharField(max_length=24, choices=Vulnerability.choices), default=list, blank=True
    )
    court_outcome = models.CharField(max_length=20, choices=CourtOutcome.choices, blank=True)
    died_by_suicide = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    # Answers recorded as free text before the form was coded that the data migration could
    # not code: {field name: the text as typed}. Each is shown on the Home Office form until a
    # person chooses the coded answer, which removes it.
    home_office_to_check = models.JSONField(default=dict, blank=True)

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

    def age_band_at(self, day: date) -> str:
        """The age band on ``day`` worked out from the date of birth ("" when it is not
        recorded): the Home Office form takes it from here rather than asking again."""
        if self.date_of_birth is None:
            return ""
        born = self.date_of_birth
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        for upper, band in _AGE_BANDS:
            if age <= upper:
                return band
        return self.AgeBand.A65


# The oldest age in each band, in order (65 and over is the last band).
_AGE_BANDS = (
    (15, Subject.AgeBand.UNDER_16),
    (19, Subject.AgeBand.A16_19),
    (24, Subject.AgeBand.A20_24),
    (34, Subject.AgeBand.A25_34),
    (44, Subject.AgeBand.A35_44),
    (54, Subject.AgeBand.A45_54),
    (64, Subject.AgeBand.A55_64),
)
