"""dhr.kept_queries: a query compiled once gives, for any ids, the rows the ORM gives; it reads
the data as it is at each call; its columns are converted as the ORM converts them; and it is
compiled again only when what it varies with changes."""

import pytest
from django.db.models import Count, Q
from django.db.models.functions import JSONObject

from dhr.kept_queries import KeptQuery
from dhr.models import Partnership


@pytest.fixture
def areas(db):
    Partnership.objects.bulk_create(
        Partnership(name=f"Area {number}", code=f"area-{number}", region=region)
        for number, region in enumerate(["South East", "South East", "London"])
    )
    return list(Partnership.objects.filter(code__startswith="area-").order_by("pk"))


def _same_region(first_id, second_id):
    """Two ids, one of them in the SQL twice (in the filter and in the annotation)."""
    return (
        Partnership.objects.filter(Q(pk=first_id) | Q(pk=second_id))
        .annotate(is_first=Q(pk=first_id))
        .order_by("pk")
        .values_list("name", "is_first")
    )


def test_the_rows_are_the_orms_for_any_ids_and_the_data_as_it_is_now(areas):
    built = []
    kept = KeptQuery(lambda *ids: built.append(ids) or _same_region(*ids))
    one, two, three = areas
    for first, second in [(one, two), (three, one), (two, three)]:
        assert kept.rows(first.pk, second.pk) == list(_same_region(first.pk, second.pk))
    assert len(built) == 1  # compiled once
    Partnership.objects.filter(pk=one.pk).update(name="Renamed")
    assert kept.rows(one.pk, two.pk)[0] == ("Renamed", True)


def test_columns_are_converted_as_the_orm_converts_them(areas):
    def regions(code_start):
        return (
            Partnership.objects.filter(pk__gte=code_start)
            .order_by()
            .values("region")
            .annotate(figures=JSONObject(areas=Count("pk")))
            .order_by("region")
            .values_list("region", "figures")
        )

    kept = KeptQuery(regions)
    assert kept.rows(areas[0].pk) == [("London", {"areas": 1}), ("South East", {"areas": 2})]


def test_it_is_compiled_again_for_each_value_of_what_it_varies_with(areas):
    built, region = [], ["London"]
    kept = KeptQuery(
        lambda first_id: (
            built.append(region[0])
            or Partnership.objects.filter(pk__gte=first_id, region=region[0]).values_list("code")
        ),
        varies_with=lambda: region[0],
    )
    assert kept.rows(areas[0].pk) == [("area-2",)]
    region[0] = "South East"
    assert sorted(kept.rows(areas[0].pk)) == [("area-0",), ("area-1",)]
    assert built == ["London", "South East"]


def test_an_id_the_sql_does_not_carry_is_refused(db):
    kept = KeptQuery(lambda unused_id: Partnership.objects.values_list("pk"))
    with pytest.raises(ValueError, match="not among its SQL's parameters"):
        kept.rows(1)
