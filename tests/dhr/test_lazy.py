"""The functions that the apps' ``ready()`` hooks register by path (``dhr.lazy``) exist: a wrong
path would otherwise fail only when the function is first called."""

from datetime import date

from dhr import lazy as lazy_module
from dhr.lazy import lazy


def test_every_function_registered_by_path_exists():
    created = lazy_module.created()
    assert len(created) > 20  # the ready() hooks registered their functions by path
    for function in created:
        assert callable(function.resolve()), function.path


def test_a_lazy_function_is_imported_on_its_first_call_and_is_the_same_function():
    function = lazy("dhr.formats.readable_date")
    from dhr.formats import readable_date

    assert function == lazy("dhr.formats.readable_date")
    assert len({function, lazy("dhr.formats.readable_date")}) == 1
    assert function.resolve() is readable_date
    assert function(date(2026, 12, 3)) == readable_date(date(2026, 12, 3))
