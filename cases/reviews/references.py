"""Review references such as DHR-SWA-2026-007, allocated without races."""

from django.db import connection

from cases.models import ReferenceCounter


def next_reference(partnership, year: int, review_type: str) -> str:
    """Allocates the next number for the partnership and year, atomically.

    One statement increments (or creates) the counter row and returns the new value; concurrent
    callers queue on the row lock, so each gets a different number even before either commits.
    """
    table = ReferenceCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (partnership_id, year, last_number) VALUES (%s, %s, 1)
            ON CONFLICT (partnership_id, year)
            DO UPDATE SET last_number = {table}.last_number + 1
            RETURNING last_number
            """,  # noqa: S608 - the table name is the model's, never input
            [partnership.pk, year],
        )
        (number,) = cursor.fetchone()
    return f"{review_type.upper()}-{partnership.code.upper()}-{year}-{number:03d}"
