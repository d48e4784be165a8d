"""Factories for the core models. Users get their role through ``dhr.accounts.roles.set_role``."""

import factory
from django.contrib.auth import get_user_model

from dhr.accounts.roles import Role, set_role
from dhr.models import Agency, Partnership

PASSWORD = "test-password-123"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Area {n}")
    code = factory.Sequence(lambda n: f"A{n}")
    region = "South East"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.POLICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            set_role(user, Role(extracted))

    @factory.post_generation
    def partnerships(user, create, extracted, **kwargs):
        if create and extracted:
            user.partnerships.set(extracted)
