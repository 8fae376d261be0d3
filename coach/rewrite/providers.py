"""Choose the rewriter from settings: the configured model, or the offline rewriter."""

from __future__ import annotations

from coach.config import Settings
from coach.errors import ModelError
from coach.llm.offline import OfflineRewriter
from coach.llm.protocol import Rewriter


def make_rewriter(settings: Settings) -> Rewriter:
    if settings.model.resolved_provider == "offline":
        return OfflineRewriter()
    try:
        from coach.llm.client import OpenAIRewriter
    except ImportError as exc:
        raise ModelError(
            f"a model is configured ({settings.model.model}) but the model extras are not "
            "installed: pip install 'okr-coach[llm]' (or unset COACH_MODEL for the offline rewriter)"
        ) from exc
    return OpenAIRewriter(settings.model)


def cache_key_for(rewriter: Rewriter, settings: Settings):
    """A function naming the cache entry of a request, or None when caching is off/offline."""
    if rewriter.name == "offline" or not settings.model.cache:
        return None
    from coach.llm.cache import cache_key
    from coach.llm.client import without_credentials
    from coach.llm.prompts import prompt_version

    m = settings.model

    def key(request) -> str:
        return cache_key(
            rewriter=rewriter.name,
            base_url=without_credentials(m.base_url) if m.base_url else None,
            mode=m.mode,
            temperature=m.temperature,
            prompt=prompt_version(),
            request=request.cache_key(),
        )

    return key
