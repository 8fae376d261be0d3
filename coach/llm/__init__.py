"""The model layer. ``coach.llm.client`` is the only module that imports openai and instructor."""

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
