"""The model layer. ``coach.llm.client`` is the only module that imports instructor; it,
``retry`` and ``transport`` are the only ones that import openai (and httpx2)."""

from coach.llm.protocol import (
    FindingBrief,
    Guard,
    KeyResultProposal,
    NumberUse,
    ObjectiveProposal,
    Proposal,
    RewriteFailed,
    Rewriter,
    RewriteRequest,
    Usage,
    validate_proposal,
)

__all__ = [
    "FindingBrief",
    "Guard",
    "KeyResultProposal",
    "NumberUse",
    "ObjectiveProposal",
    "Proposal",
    "RewriteFailed",
    "RewriteRequest",
    "Rewriter",
    "Usage",
    "validate_proposal",
]


# Temporary (removed by the next commit): the offline rewriter moved to coach.rewrite.offline in a
# commit of pure renames, so that git follows the files; until the imports are updated, the old
# module names load the moved modules.
import importlib as _importlib  # noqa: E402
import importlib.abc as _abc  # noqa: E402
import importlib.util as _util  # noqa: E402
import sys as _sys  # noqa: E402

_MOVED = {
    f"coach.llm.{old}": f"coach.rewrite.offline.{new}"
    for old, new in [
        ("offline", "rewriter"),
        ("offline_metrics", "metrics"),
        ("offline_objectives", "objectives"),
        ("offline_outcomes", "outcomes"),
        ("offline_subject", "subject"),
        ("offline_templates", "templates"),
        ("offline_typos", "typos"),
    ]
}


class _Moved(_abc.MetaPathFinder, _abc.Loader):
    def find_spec(self, fullname, path, target=None):
        return _util.spec_from_loader(fullname, self) if fullname in _MOVED else None

    def create_module(self, spec):
        return _importlib.import_module(_MOVED[spec.name])

    def exec_module(self, module):
        pass


_sys.meta_path.insert(0, _Moved())
