"""Fictional demo data: partnerships, agencies and users of every role.

Everything here is invented except the names of places and public bodies. Seeding is idempotent:
a second run changes nothing (no new rows, no new history). Later apps add their own demo data
(reviews, for example) by registering a seeder with ``register_seeder`` in ``AppConfig.ready()``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from dhr.accounts.roles import Role, set_role, wanted_groups
from dhr.models import Agency, Partnership, User

# The one password of every demo account (meets the password rules; never used in production).
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105

# Kent's twelve district CSP areas and Medway.
PARTNERSHIPS = [
    ("Ashford", "ASH"),
    ("Canterbury", "CAN"),
    ("Dartford", "DAR"),
    ("Dover", "DOV"),
    ("Folkestone and Hythe", "FOL"),
    ("Gravesham", "GRA"),
    ("Maidstone", "MAI"),
    ("Medway", "MED"),
    ("Sevenoaks", "SEV"),
    ("Swale", "SWA"),
    ("Thanet", "THA"),
    ("Tonbridge and Malling", "TON"),
    ("Tunbridge Wells", "TUN"),
]

K = Agency.Kind
AGENCIES = [
    ("Kent Police", K.POLICE),
    ("Kent County Council Adult Social Care", K.ADULT_SERVICES),
    ("Kent County Council Children's Social Care", K.CHILDREN_SERVICES),
    ("Medway Council Adult Services", K.ADULT_SERVICES),
    ("Medway Council Children's Services", K.CHILDREN_SERVICES),
    ("Kent and Medway Mental Health NHS Trust", K.HEALTH_TRUST),
    ("North Kent Hospitals NHS Trust", K.HEALTH_TRUST),
    ("East Kent Hospitals NHS Trust", K.HEALTH_TRUST),
    ("Kent and Medway Integrated Care Board", K.GP_ICB),
    ("Probation Service Kent", K.PROBATION),
    ("Harbour Domestic Abuse Service", K.SPECIALIST_DA),
    ("Safe Steps Kent IDVA Service", K.SPECIALIST_DA),
    ("Swale Borough Council Housing", K.HOUSING),
    ("Castle Homes Housing Association", K.HOUSING),
    ("Kent Drug and Alcohol Recovery Service", K.OTHER),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    agency: str | None = None
    partnerships: tuple[str, ...] = field(default_factory=tuple)


ALL_AREAS = tuple(code for _, code in PARTNERSHIPS)

USERS = [
    DemoUser("admin@example.org", "Alex Morgan", Role.ADMINISTRATOR),
    DemoUser(
        "manager.north@example.org",
        "Sarah Whitfield",
        Role.REVIEW_MANAGER,
        None,
        ("SWA", "MED", "MAI", "GRA", "DAR", "SEV", "TON"),
    ),
    DemoUser(
        "manager.east@example.org",
        "Daniel Okafor",
        Role.REVIEW_MANAGER,
        None,
        ("THA", "CAN", "DOV", "FOL", "ASH", "TUN"),
    ),
    DemoUser("chair.ellison@example.org", "Margaret Ellison", Role.CHAIR),
    DemoUser("chair.hargreaves@example.org", "Tom Hargreaves", Role.CHAIR),
    DemoUser("police@example.org", "Priya Patel", Role.AGENCY_MEMBER, "Kent Police"),
    DemoUser(
        "health@example.org",
        "Helen Brooks",
        Role.AGENCY_MEMBER,
        "Kent and Medway Mental Health NHS Trust",
    ),
    DemoUser("probation@example.org", "Marcus Reid", Role.AGENCY_MEMBER, "Probation Service Kent"),
    DemoUser("idva@example.org", "Jo Carter", Role.AGENCY_MEMBER, "Harbour Domestic Abuse Service"),
    DemoUser(
        "adults@example.org",
        "Fiona Lane",
        Role.AGENCY_MEMBER,
        "Kent County Council Adult Social Care",
    ),
    DemoUser(
        "housing@example.org", "Ben Ashworth", Role.AGENCY_MEMBER, "Swale Borough Council Housing"
    ),
    DemoUser("steering@example.org", "Graham Holt", Role.STEERING_GROUP, None, ALL_AREAS),
]


def _upsert(model, lookup: dict, values: dict):
    """Gets or creates the row and saves it only when a value differs (no needless history)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not created and changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def seed_organisations() -> None:
    for name, code in PARTNERSHIPS:
        _upsert(Partnership, {"code": code}, {"name": name, "region": "South East"})
    for name, kind in AGENCIES:
        _upsert(Agency, {"name": name}, {"kind": kind})


def seed_users() -> None:
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    partnerships = {p.code: p for p in Partnership.objects.all()}
    for demo in USERS:
        agency = agencies[demo.agency] if demo.agency else None
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                email=demo.email, password=DEMO_PASSWORD, full_name=demo.full_name, agency=agency
            )
        elif user.full_name != demo.full_name or user.agency_id != getattr(agency, "pk", None):
            user.full_name, user.agency = demo.full_name, agency
            user.save()
        wanted = {partnerships[code].pk for code in demo.partnerships}
        if set(user.partnerships.values_list("pk", flat=True)) != wanted:
            user.partnerships.set(wanted)
        in_groups = set(user.groups.values_list("pk", flat=True))
        if user.role != demo.role or in_groups != wanted_groups(user, demo.role):
            set_role(user, demo.role)


# Seeders of later apps: each takes (options) and returns nothing; manifest parts come separately.
_seeders: list[Callable] = []
_manifest_contributors: list[Callable] = []


def register_seeder(seeder: Callable, manifest: Callable | None = None) -> None:
    """Adds an app's demo data; ``manifest(users)`` returns review entries for the manifest."""
    if seeder not in _seeders:
        _seeders.append(seeder)
        if manifest:
            _manifest_contributors.append(manifest)


@transaction.atomic
def seed(generated_reviews: int = 0) -> None:
    """All demo data, in one transaction: nothing half-seeded if anything fails."""
    seed_organisations()
    seed_users()
    for seeder in _seeders:
        seeder(generated_reviews=generated_reviews)


def manifest() -> dict:
    """What a tester needs: each demo sign-in, and each review with who can open it."""
    users = User.objects.filter(email__in=[u.email for u in USERS]).select_related("agency")
    by_email = {user.email: user for user in users}
    entries = [
        {
            "username": demo.email,
            "password": DEMO_PASSWORD,
            "role": demo.role.value,
            "agency": demo.agency,
        }
        for demo in USERS
    ]
    reviews = []
    for contributor in _manifest_contributors:
        reviews.extend(contributor(list(by_email.values())))
    return {"users": entries, "reviews": reviews}
