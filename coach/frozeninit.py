"""A faster ``__init__`` for the frozen dataclasses made for every draft.

``@dataclass(frozen=True)`` writes an ``__init__`` that sets each field with
``__dataclass_builtins_object__.__setattr__(self, name, value)``: a global lookup, an attribute
lookup and a call that looks the slot up by name, for every field of every object. A check
makes some 50 frozen objects per 3 × 3 draft (positions, quantities, analyses, findings, the
scorecard). ``fast_init`` gives a frozen class with slots an ``__init__`` of the same signature
that calls each slot's own setter (its member descriptor's ``__set__``), bound once: the same
objects, about half the time to make. The class stays frozen (its ``__setattr__`` still
refuses), and equal objects are made from equal arguments.
"""

from __future__ import annotations

from dataclasses import MISSING, fields

from coach.classcode import run_source


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"  # as the signature of the dataclass's own __init__ shows it


_FACTORY = _Factory()
"""The default of a field with a ``default_factory``: the factory is called when it is passed."""


def fast_init(cls: type) -> type:
    """Give ``cls`` (a frozen dataclass with slots, no ``__post_init__``, every field an
    ``__init__`` argument by position or keyword) the faster ``__init__``."""
    if not (cls.__dataclass_params__.frozen and "__slots__" in cls.__dict__):
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots")
    if hasattr(cls, "__post_init__") or any(not f.init or f.kw_only for f in fields(cls)):
        raise TypeError(f"{cls.__name__} has a __post_init__, or a field not set by position")
    env: dict[str, object] = {"_FACTORY": _FACTORY}
    params, body = [], []
    for f in fields(cls):
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not MISSING:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            body.append(f"    _set_{f.name}(self, {f.name})")
        elif f.default_factory is not MISSING:
            env[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            body.append(
                f"    _set_{f.name}(self, _factory_{f.name}() if {f.name} is _FACTORY else {f.name})"
            )
        else:
            params.append(f.name)
            body.append(f"    _set_{f.name}(self, {f.name})")
    closure = ", ".join(k for k in env)
    source = (
        f"def _make({closure}):\n"
        f"  def __init__(self, {', '.join(params)}):\n"
        + "\n".join("  " + line for line in body or ["    pass"])
        + "\n  return __init__\n"
    )
    namespace: dict[str, object] = {}
    run_source(source, namespace)  # the code kept between runs, as the class's own methods'
    init = namespace["_make"](**env)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init
    return cls
