"""The national data set (``seed_demo --national``): 300 partnerships, 5,000 reviews, 20,000 users,
2,000,000 chronology entries at scale 1.0, repeatable from a seed.

Nothing here goes through the domain functions one row at a time (that would take hours): each
app's ``national.py`` plans its rows in Python from the shared random generator and writes them
with PostgreSQL's COPY (``copy_rows``) or set-based SQL, in the shapes the domain functions
would have left (grants, deadlines, stage changes, history rows). Each app's ``national.py``
registers its parts with ``register_part`` when ``generate`` imports it (``import_parts``); they
run in order, each timed, in one transaction.

Everything is invented: names are built from short word lists, e-mail addresses are at
example.org, and no real person, case or place beyond the names of public bodies appears.
"""

import importlib
import importlib.util
import io
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from dhr.accounts.roles import GROUP_NAMES, Role

# The same password as the small demo (hashed once, the hash reused for every national user).
from dhr.demo import DEMO_PASSWORD

# At scale 1.0 (a national service); every count is multiplied by the scale.
SIZES = {
    "partnerships": 300,
    "reviews": 5_000,
    "users": 20_000,
    "chronology_entries": 2_000_000,
    "recommendations": 40_000,
    "actions": 60_000,
    "chairs": 150,
    "regional_agencies": 120,
}
# Reviews with 20 agencies on the panel, each with a 2,000-entry chronology.
LARGE_REVIEWS = 5
LARGE_PANEL = 20
LARGE_CHRONOLOGY = 2_000
YEARS = 15
NATIONAL_CODE_PREFIX = "n"  # partnership codes n001..n300: how a national data set is recognised


@dataclass
class Context:
    """What the parts share: the scale, the random generator, the clock and the planned rows
    (ids and the facts later parts need, in ``data``)."""

    scale: float
    seed: int
    out: Callable[[str], None] = print
    rng: random.Random = field(init=False)
    now: datetime = field(init=False)
    today: date = field(init=False)
    password_hash: str = field(init=False)
    data: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 - invented data, not security
        # A fixed "now" so that the same seed gives the same rows on any day.
        self.today = date(2026, 6, 30)
        self.now = timezone.make_aware(datetime.combine(self.today, dtime(12)))
        # Hashed once with a salt from the seed: the same hash on every run, fast to load.
        self.password_hash = make_password(DEMO_PASSWORD, salt=f"national{self.seed:08d}")

    def count(self, name: str, minimum: int = 1) -> int:
        return max(minimum, round(SIZES[name] * self.scale))

    def at(self, day: date, hour: int = 12) -> datetime:
        return timezone.make_aware(datetime.combine(day, dtime(hour)))


# --- Writing rows ------------------------------------------------------------------------------


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date | dtime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "{" + ",".join(json.dumps(str(item)) for item in value) + "}"
    if isinstance(value, dict):
        value = json.dumps(value)
    text = str(value)
    if any(ch in text for ch in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _defaults(model, given: set[str], now) -> dict:
    """Values of the columns a part leaves out: the field's default, as Django would save."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.attname in given or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values[f.attname] = now
        elif f.has_default():
            value = f.get_default()
            values[f.attname] = now if isinstance(value, datetime) else value
        elif f.null:
            values[f.attname] = None
        else:
            values[f.attname] = f.get_default()  # "" for text fields
    return values


def reserve_ids(model, count: int) -> int:
    """Takes ``count`` ids from the table's sequence at once; returns the first."""
    if count <= 0:
        return 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, "
            "'id')) + %s - 1)",
            [table, table, count],
        )
        (last,) = cursor.fetchone()
    return last - count + 1


def copy_rows(model, columns: list[str], rows, ctx: Context, *, batch: int = 200_000) -> int:
    """Writes ``rows`` (tuples in the order of ``columns``, attnames) with COPY, the other
    columns getting their defaults; returns how many were written."""
    defaults = _defaults(model, set(columns), ctx.now)
    names = [*columns, *defaults]
    tail = "\t".join(_copy_text(v) for v in defaults.values())
    table = model._meta.db_table
    sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
    written = 0
    buffer = io.StringIO()
    pending = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg2 cursor under Django's wrapper
        for row in rows:
            line = "\t".join(_copy_text(v) for v in row)
            buffer.write(f"{line}\t{tail}\n" if defaults else f"{line}\n")
            pending += 1
            if pending >= batch:
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
                written += pending
                buffer, pending = io.StringIO(), 0
        if pending:
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
            written += pending
    return written


def execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def copy_history(
    model,
    *,
    first_id: int,
    last_id: int,
    date_sql: str = "created_at",
    user_sql: str = "NULL",
    reason: str = "Loaded with the national data set",
    extra_from: str = "",
) -> int:
    """One "created" history row for each row ``first_id..last_id`` of ``model``, set-based
    (``date_sql`` and ``user_sql`` are SQL over the row, aliased ``t``)."""
    if last_id < first_id:
        return 0
    history = model.history.model
    base = {f.attname for f in model._meta.concrete_fields}
    tracked = [
        f.attname
        for f in history._meta.concrete_fields
        if f.attname in base and not f.attname.startswith("history_")
    ]
    table, history_table = model._meta.db_table, history._meta.db_table
    cols = ", ".join(tracked)
    select = ", ".join(f"t.{name}" for name in tracked)
    return execute(
        f"INSERT INTO {history_table} ({cols}, history_date, history_change_reason, "  # noqa: S608
        f"history_type, history_user_id) SELECT {select}, {date_sql}, %s, '+', {user_sql} "
        f"FROM {table} t {extra_from} WHERE t.id BETWEEN %s AND %s ORDER BY t.id",
        [reason, first_id, last_id],
    )


# --- The parts ---------------------------------------------------------------------------------

_parts: list[tuple[int, str, Callable[[Context], None]]] = []


def register_part(order: int, name: str, part: Callable[[Context], None]) -> None:
    """Adds an app's part of the national data set (its ``national.py`` calls it on import)."""
    if all(existing is not part for _, _, existing in _parts):
        _parts.append((order, name, part))
        _parts.sort(key=lambda item: item[0])


def already_loaded() -> bool:
    from dhr.models import Partnership

    return Partnership.objects.filter(code__startswith=f"{NATIONAL_CODE_PREFIX}0").exists()


def import_parts() -> None:
    """Imports each project app's ``national.py``, which registers its part: here, when the data
    set is made, rather than when Django starts (as Celery finds each app's ``tasks.py``)."""
    from django.conf import settings

    for app in settings.PROJECT_APPS:
        if importlib.util.find_spec(f"{app}.national") is not None:
            importlib.import_module(f"{app}.national")


def generate(scale: float = 1.0, seed: int = 2026, out: Callable[[str], None] = print) -> Context:
    """Creates the national data set in one transaction and reports each part's time."""
    import_parts()
    ctx = Context(scale=scale, seed=seed, out=out)
    started = time.monotonic()
    with transaction.atomic():
        execute("SET LOCAL synchronous_commit TO OFF")
        for _, name, part in _parts:
            began = time.monotonic()
            part(ctx)
            seconds = time.monotonic() - began
            ctx.timings.append((name, seconds))
            out(f"  {name:<44} {seconds:8.1f} s")
        began = time.monotonic()
    # After the commit: ANALYZE, so the planner knows the new sizes at once, and VACUUM, so the
    # tables' visibility maps are set as autovacuum would have set them on a database that has
    # lived (without it an index-only scan still reads every row's page). VACUUM cannot run in
    # a transaction: inside one (a test's), statistics only.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    ctx.timings.append(("vacuum and analyze", time.monotonic() - began))
    out(f"  {'vacuum and analyze':<44} {ctx.timings[-1][1]:8.1f} s")
    ctx.timings.append(("total", time.monotonic() - started))
    out(f"  {'total':<44} {ctx.timings[-1][1]:8.1f} s")
    return ctx


# --- This app's part: partnerships, agencies, users, roles and groups -------------------------

PLACES = [
    "Ashbury",
    "Brookfield",
    "Carrowmere",
    "Dunmoor",
    "Eastwick",
    "Fallowfield",
    "Glenholt",
    "Harrowby",
    "Ivybridge Vale",
    "Kestrel Downs",
    "Larkhill",
    "Marshby",
    "Northam Reach",
    "Oakridge",
    "Pennington",
    "Queensmere",
    "Ravensworth",
    "Saltmarsh",
    "Thornbury Heath",
    "Upperton",
    "Westlake",
    "Yarrowdale",
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
]
GIVEN = [
    "Alex",
    "Bryony",
    "Callum",
    "Dena",
    "Elliot",
    "Frances",
    "Gideon",
    "Harriet",
    "Isaac",
    "Jolene",
    "Kieran",
    "Lorna",
    "Malik",
    "Nadia",
    "Owen",
    "Petra",
    "Quinn",
    "Rosa",
    "Samir",
    "Tamsin",
    "Umar",
    "Verity",
    "Wesley",
    "Yasmin",
    "Zara",
]
FAMILY = [
    "Abbot",
    "Birchall",
    "Cottam",
    "Dray",
    "Elmore",
    "Fensome",
    "Garside",
    "Holroyd",
    "Inchley",
    "Jeffcott",
    "Kettle",
    "Lowther",
    "Mossop",
    "Nuttall",
    "Ormerod",
    "Pickles",
    "Quarmby",
    "Ridsdale",
    "Scatcherd",
    "Tillotson",
    "Umpleby",
    "Varley",
    "Whitlam",
    "Yeadon",
]
LOCAL_AGENCIES = [
    ("Council Adult Social Care", "adult_services"),
    ("Council Children's Services", "children_services"),
    ("Council Housing", "housing"),
    ("Domestic Abuse Service", "specialist_da"),
    ("Drug and Alcohol Service", "other"),
    ("Community Health Services", "health_trust"),
]
REGIONAL_KINDS = [
    ("Police", "police"),
    ("NHS Foundation Trust", "health_trust"),
    ("Integrated Care Board", "gp_icb"),
    ("Probation Service", "probation"),
    ("Mental Health NHS Trust", "health_trust"),
]


def partnership_name(index: int) -> str:
    place = PLACES[index % len(PLACES)]
    return f"{place} {index + 1:03d} Community Safety Partnership"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def seed_organisations_and_users(ctx: Context) -> None:
    from django.contrib.auth.models import Group

    from dhr.models import Agency, Partnership, User

    rng = ctx.rng
    n_partnerships = ctx.count("partnerships")
    n_regional = ctx.count("regional_agencies", minimum=len(REGIONAL_KINDS))

    # Partnerships.
    first_p = reserve_ids(Partnership, n_partnerships)
    partnerships = []
    for i in range(n_partnerships):
        partnerships.append(
            (
                first_p + i,
                partnership_name(i),
                f"{NATIONAL_CODE_PREFIX}{i + 1:03d}",
                REGIONS[i % len(REGIONS)],
                ctx.now,
                ctx.now,
            )
        )
    copy_rows(
        Partnership, ["id", "name", "code", "region", "created_at", "updated_at"], partnerships, ctx
    )
    partnership_ids = [row[0] for row in partnerships]
    copy_history(Partnership, first_id=first_p, last_id=first_p + n_partnerships - 1)

    # Agencies: six local ones per partnership, and regional ones (police forces, trusts,
    # probation) shared by several partnerships; each with its group, as Agency.save() makes.
    agencies = []  # (name, kind, partnership index or None)
    for i in range(n_partnerships):
        place = PLACES[i % len(PLACES)]
        for label, kind in LOCAL_AGENCIES:
            agencies.append((f"{place} {i + 1:03d} {label}", kind, i))
    for j in range(n_regional):
        label, kind = REGIONAL_KINDS[j % len(REGIONAL_KINDS)]
        agencies.append((f"{REGIONS[j % len(REGIONS)]} Area {j + 1:03d} {label}", kind, None))
    first_g = reserve_ids(Group, len(agencies))
    first_a = reserve_ids(Agency, len(agencies))
    copy_rows(
        Group,
        ["id", "name"],
        ((first_g + k, f"Agency {first_a + k}") for k in range(len(agencies))),
        ctx,
    )
    copy_rows(
        Agency,
        ["id", "name", "kind", "group_id", "created_at", "updated_at"],
        (
            (first_a + k, name, kind, first_g + k, ctx.now, ctx.now)
            for k, (name, kind, _) in enumerate(agencies)
        ),
        ctx,
    )
    copy_history(Agency, first_id=first_a, last_id=first_a + len(agencies) - 1)
    agency_ids = [first_a + k for k in range(len(agencies))]
    agency_group = {first_a + k: first_g + k for k in range(len(agencies))}
    local = {i: [] for i in range(n_partnerships)}
    regional = []
    for k, (_, _, p_index) in enumerate(agencies):
        (regional if p_index is None else local[p_index]).append(first_a + k)
    # Each partnership works with its local agencies and five regional ones (one of each kind).
    pools = []
    for i in range(n_partnerships):
        base = (i * len(REGIONAL_KINDS)) % len(regional)
        mine = [regional[(base + j) % len(regional)] for j in range(len(REGIONAL_KINDS))]
        pools.append(local[i] + mine)

    # Users: two review managers per partnership (some also cover a neighbour), chairs, one
    # steering-group member per partnership, a few administrators, and agency members.
    n_users = ctx.count("users", minimum=10)
    n_chairs = ctx.count("chairs", minimum=2)
    n_admins = max(1, round(10 * ctx.scale))
    users = []  # (role, agency id, partnership indexes)
    for i in range(n_partnerships):
        users.append(
            (
                Role.REVIEW_MANAGER,
                None,
                (i, (i + 1) % n_partnerships) if i % 5 == 0 and n_partnerships > 1 else (i,),
            )
        )
        users.append((Role.REVIEW_MANAGER, None, (i,)))
    users += [(Role.CHAIR, None, ())] * n_chairs
    users += [(Role.STEERING_GROUP, None, (i,)) for i in range(n_partnerships)]
    users += [(Role.ADMINISTRATOR, None, ())] * n_admins
    members = max(len(agency_ids), n_users - len(users))
    # Every agency has at least one member; the rest go to agencies at random.
    member_agencies = agency_ids + [
        rng.choice(agency_ids) for _ in range(members - len(agency_ids))
    ]
    users += [(Role.AGENCY_MEMBER, a, ()) for a in member_agencies]

    first_u = reserve_ids(User, len(users))
    group_of_role = {
        role: Group.objects.get_or_create(name=GROUP_NAMES[role])[0].pk for role in Role
    }
    user_rows, user_groups, user_partnerships = [], [], []
    by_role: dict[str, list[int]] = {role: [] for role in Role}
    managers_of: dict[int, list[int]] = {pid: [] for pid in partnership_ids}
    members_of: dict[int, list[int]] = {aid: [] for aid in agency_ids}
    joined_start = ctx.today - timedelta(days=YEARS * 365)
    for k, (role, agency_id, p_indexes) in enumerate(users):
        uid = first_u + k
        name = person_name(rng)
        email = f"{role.value.replace('_', '.')}.{k + 1:05d}@national.example.org"
        joined = ctx.at(joined_start + timedelta(days=rng.randrange(YEARS * 365)), 9)
        user_rows.append(
            (
                uid,
                ctx.password_hash,
                email,
                name,
                agency_id,
                role.value,
                role == Role.ADMINISTRATOR,
                joined,
            )
        )
        user_groups.append((uid, group_of_role[role]))
        if agency_id:
            user_groups.append((uid, agency_group[agency_id]))
            members_of[agency_id].append(uid)
        for p in p_indexes:
            user_partnerships.append((uid, partnership_ids[p]))
            if role == Role.REVIEW_MANAGER:
                managers_of[partnership_ids[p]].append(uid)
        by_role[role].append(uid)
    copy_rows(
        User,
        ["id", "password", "email", "full_name", "agency_id", "role", "is_staff", "date_joined"],
        user_rows,
        ctx,
    )
    copy_rows(User.groups.through, ["user_id", "group_id"], user_groups, ctx)
    copy_rows(User.partnerships.through, ["user_id", "partnership_id"], user_partnerships, ctx)
    copy_history(User, first_id=first_u, last_id=first_u + len(users) - 1, date_sql="t.date_joined")
    ctx.data.update(
        partnership_ids=partnership_ids,
        agency_ids=agency_ids,
        agency_group=agency_group,
        agency_names={first_a + k: name for k, (name, _, _) in enumerate(agencies)},
        pools=pools,
        by_role=by_role,
        managers_of=managers_of,
        members_of=members_of,
        user_range=(first_u, first_u + len(users) - 1),
    )


register_part(10, "partnerships, agencies, users and roles", seed_organisations_and_users)


def summary(ctx: Context) -> list[str]:
    """Counts of the main tables and sign-ins a tester can use (the password is the demo's)."""
    from cases.models import Review
    from dhr.models import User

    by_role = ctx.data.get("by_role", {})
    lines = [f"reviews: {Review.objects.count()}, users: {User.objects.count()}"]
    busiest = ctx.data.get("busiest_manager")
    examples = [("review manager", busiest or (by_role.get("review_manager") or [None])[0])]
    examples.append(("chair", ctx.data.get("large_chair") or (by_role.get("chair") or [None])[0]))
    for role in ("agency_member", "steering_group", "administrator"):
        ids = by_role.get(role) or [None]
        examples.append((role.replace("_", " "), ids[0]))
    emails = dict(
        User.objects.filter(pk__in=[uid for _, uid in examples]).values_list("pk", "email")
    )
    for label, uid in examples:
        if uid in emails:
            lines.append(f"{label:<16} {emails[uid]:<48} {DEMO_PASSWORD}")
    if ctx.data.get("large_review"):
        lines.append(
            f"a review with {LARGE_PANEL} agencies' chronologies: {ctx.data['large_review']}"
        )
    return lines
