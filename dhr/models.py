"""The core: partnerships, agencies and the people who use the system.

Roles are Django groups (see ``dhr.roles``); rights on a single review are object permissions
granted by the domain functions of the apps that own reviews.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dhr.roles import Role


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


class UserManager(BaseUserManager):
    """Users sign in with their e-mail address, stored in lower case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: by e-mail address, with one role (a group) and usually an agency."""

    email = models.EmailField("e-mail address", max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    partnerships = models.ManyToManyField(Partnership, blank=True, related_name="users")
    # The role is kept here as well as by group membership (``dhr.roles.set_role`` keeps the two
    # in step): the field makes role changes part of the user's history and lists cheap to filter.
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Deactivated users cannot sign in; their history is kept."
    )
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    # The password hash and last sign-in time are not audit material; keep them out of history.
    history = HistoricalRecords(
        excluded_fields=["password", "last_login"], m2m_fields=[partnerships]
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="dhr_user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AccessLog(models.Model):
    """Who looked at restricted data or downloaded a file, and when: append-only.

    Rows are only ever inserted (``dhr.access_log.record``); a database trigger refuses updates
    and deletes, so the log cannot be edited through the application or the admin site. It is
    itself the audit record, so it has no history table of its own.
    """

    class Action(models.TextChoices):
        VIEW_RESTRICTED = "view_restricted", "Viewed restricted data"
        DOWNLOAD = "download", "Downloaded a file"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(max_length=150, help_text="The name at the time, kept as read.")
    action = models.CharField(max_length=20, choices=Action.choices)
    review_reference = models.CharField(max_length=32, blank=True, db_index=True)
    description = models.CharField(max_length=300)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name}: {self.description}"


class Notification(models.Model):
    """A message to one user shown in the app (the header counts the unread ones).

    Written by background work such as deadline reminders, in the same transaction as the
    record that caused it; never holds restricted data (references and pseudonyms only).
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True, help_text="A page of this service.")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
