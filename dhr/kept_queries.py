"""Queries of a fixed shape that pages run on every request, compiled by the ORM once and kept.

Building and compiling a queryset costs Django 0.3 to 1.5 ms (more with a join or a subquery),
often more than PostgreSQL takes to plan and run it (0.1 to 0.3 ms). For the few queries a page
runs every time with only ids changing (the header's unread count, a manager's partnerships,
the combined chronology's current versions, the overview's facts), ``KeptQuery`` has the ORM
compile the SQL once, with a marker in the place of each id, and keeps it with where the
markers sit among its parameters; each use sends the kept SQL with the ids in their places, and
turns the columns into Python values as the ORM would (its converters: JSON decoded, say).

The queryset is written as usual, by a function of the ids. It must not depend on anything else
that changes (a setting, the time) unless ``varies_with`` names it: the statement is then kept
for each of its values (the day, for a fact that compares dates with today), the last few.
"""

import functools
from collections.abc import Callable, Hashable

from django.db import connection
from django.db.models import QuerySet

# Ids no row has, standing in for the real ones while the statement is compiled.
_MARKER = -7_340_021


class KeptQuery:
    """``KeptQuery(lambda review_id: Model.objects.filter(...).values_list(...))``;
    ``.rows(review.pk)`` gives the rows as ``values_list`` would."""

    def __init__(
        self, build: Callable[..., QuerySet], varies_with: Callable[[], Hashable] | None = None
    ):
        self._build = build
        self._varies_with = varies_with or (lambda: None)
        self._compiled = functools.lru_cache(maxsize=4)(self._compile)

    def rows(self, *ids: int) -> list[tuple]:
        sql, params, positions, compiler, converters = self._compiled(len(ids), self._varies_with())
        params = list(params)
        for places, value in zip(positions, ids, strict=True):
            for place in places:
                params[place] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def _compile(self, count: int, _varies) -> tuple:
        markers = [_MARKER - number for number in range(count)]
        queryset = self._build(*markers)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        positions = [[i for i, param in enumerate(params) if param == m] for m in markers]
        if not all(positions):
            raise ValueError("An id of a kept query is not among its SQL's parameters.")
        columns = [column for column, _sql, _alias in compiler.select]
        return sql, tuple(params), positions, compiler, compiler.get_converters(columns)
