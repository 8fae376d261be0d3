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
