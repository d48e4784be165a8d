"""Functions named by their dotted path and imported when first called.

The apps fill each other's registries (the home page, the demo, the lifecycle's guards...) from
``AppConfig.ready()`` (ADR 0004). Importing every module whose function they register made every
process, a one-off command included, import the project's demos, dashboards and services when
Django started. A registry stores ``lazy("app.module.function")`` instead: the module is
imported the first time the function is called, and calling it is calling that function.
``tests/dhr/test_lazy.py`` imports every one created, so a wrong path fails there, not in use.
"""

import threading

from django.utils.module_loading import import_string

_created: list["Lazy"] = []


class Lazy:
    __slots__ = ("_function", "_lock", "path")

    def __init__(self, path: str):
        self.path = path
        self._function = None
        self._lock = threading.Lock()
        _created.append(self)

    def resolve(self):
        if self._function is None:
            with self._lock:
                if self._function is None:
                    self._function = import_string(self.path)
        return self._function

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)

    # A registry that refuses the same function twice refuses the same path twice.
    def __eq__(self, other):
        return isinstance(other, Lazy) and other.path == self.path

    def __hash__(self):
        return hash(self.path)

    def __repr__(self):
        return f"lazy({self.path!r})"

    @property
    def __name__(self):
        return self.path.rsplit(".", 1)[-1]


def lazy(path: str) -> Lazy:
    """The function at ``path`` (``"package.module.function"``), imported on its first call."""
    return Lazy(path)


def created() -> list[Lazy]:
    return list(_created)
