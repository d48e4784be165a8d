"""The people who use the system.

Roles are Django groups (see ``dhr.accounts.roles``); rights on a single review are object
permissions granted by the domain functions of the apps that own reviews.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.db.models.signals import m2m_changed
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dhr.accounts.roles import Role
from dhr.kept_queries import KeptQuery
from dhr.organisations.models import Agency, Partnership


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
    # The role is kept here as well as by group membership (``dhr.accounts.roles.set_role`` keeps
    # the two in step): the field makes role changes part of the user's history and lists cheap to
    # filter.
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

    @property
    def partnership_ids(self) -> frozenset:
        """The pks of the user's partnerships, read once for this object. A review page asks
        whether its user manages the review four times (header, people, chronology, its
        links), a query each before. A request has a user object of its own, so a change made
        by someone else shows on the user's next request; one made through this object
        (``user.partnerships.add``) is seen at once (``_forget_partnership_ids``)."""
        ids = self.__dict__.get("_partnership_ids")
        if ids is None:
            ids = frozenset(row[0] for row in _PARTNERSHIP_IDS.rows(self.pk))
            self.__dict__["_partnership_ids"] = ids
        return ids

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_partnership_ids", None)
        super().refresh_from_db(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def _forget_partnership_ids(sender, instance, **kwargs):
    """A user's partnerships changed through the user: ``partnership_ids`` reads them again."""
    if isinstance(instance, User):
        instance.__dict__.pop("_partnership_ids", None)


m2m_changed.connect(
    _forget_partnership_ids, sender=User.partnerships.through, dispatch_uid="dhr-user-partnerships"
)

# Read on every page of a review manager (``reviews_for``): compiled once (dhr.kept_queries).
_PARTNERSHIP_IDS = KeptQuery(
    lambda user_id: User.partnerships.through.objects.filter(user_id=user_id).values_list(
        "partnership_id"
    )
)
