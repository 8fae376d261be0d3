"""The providers a rewrite can use, by name: the offline rewriter and the model endpoints.

Every provider is registered here the same way: how to build its rewriter from the settings, how
its proposals are labelled, whether they are kept in the disk cache, and which provider takes over
an item it fails. Nothing else in the coach asks which rewriter it is dealing with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coach.config import Settings
from coach.errors import ConfigError, ModelError
from coach.llm.protocol import Rewriter, RewriteRequest


@dataclass(frozen=True)
class Provider:
    name: str
    """The name settings and ``--provider`` use."""
    create: Callable[[Settings], Rewriter]
    title: str
    """How notes name it: "offline rewriter", "model"."""
    origin: str = "model:{name}"
    """The label of its proposals; ``{name}`` is the rewriter's name."""
    headline: str = "{name}"
    """How a summary names the run's rewriter."""
    cached: bool = True
    """Its proposals are kept in the disk cache (``[tool.coach.model] cache``)."""
    remote: bool = True
    """It sends the prompts somewhere (``--show-prompt`` says where)."""
    fallback: str | None = None
    """The provider that takes over the items this one fails."""


PROVIDERS: dict[str, Provider] = {}


def register_provider(provider: Provider) -> Provider:
    PROVIDERS[provider.name] = provider
    return provider


def provider_named(name: str) -> Provider:
    try:
        return PROVIDERS[name]
    except KeyError:
        known = ", ".join(sorted(PROVIDERS))
        raise ConfigError(f"unknown rewrite provider {name!r} (known: {known})") from None


def provider_for(settings: Settings) -> Provider:
    return provider_named(settings.model.resolved_provider)


def _offline(settings: Settings) -> Rewriter:
    from coach.rewrite.offline import OfflineRewriter

    return OfflineRewriter()


def _openai_compatible(settings: Settings) -> Rewriter:
    try:
        from coach.llm.client import OpenAIRewriter
    except ImportError as exc:
        raise ModelError(
            f"a model is configured ({settings.model.model}) but the model extras are not "
            "installed: pip install 'okr-coach[llm]' (or unset COACH_MODEL for the offline rewriter)"
        ) from exc
    return OpenAIRewriter(settings.model)


register_provider(
    Provider(
        "offline",
        _offline,
        title="offline rewriter",
        origin="offline",
        headline="offline suggestions (no model configured)",
        cached=False,
        remote=False,
    )
)
for _name in ("openai", "azure"):
    register_provider(Provider(_name, _openai_compatible, title="model", fallback="offline"))


def make_rewriter(settings: Settings) -> Rewriter:
    return provider_for(settings).create(settings)


@dataclass
class Proposer:
    """One link of a rewrite's chain: a provider's rewriter, and its cache when it has one."""

    rewriter: Rewriter
    provider: Provider
    cache: Any = None
    key_for: Callable[[RewriteRequest], str] | None = None

    @property
    def origin(self) -> str:
        return self.provider.origin.format(name=self.rewriter.name)

    @property
    def headline(self) -> str:
        return self.provider.headline.format(name=self.rewriter.name)


def build_chain(
    settings: Settings,
    rewriter: Rewriter | None = None,
    use_cache: bool = True,
    provider: Provider | None = None,
) -> list[Proposer]:
    """The settings' provider (with ``rewriter`` in place of the one it would build, e.g. a test
    double or a recording client), then its fallbacks, each built from the settings."""
    chain: list[Proposer] = []
    provider = provider or provider_for(settings)
    while provider is not None:
        made = rewriter if rewriter is not None and not chain else provider.create(settings)
        proposer = Proposer(made, provider)
        if use_cache and provider.cached and settings.model.cache:
            from coach.llm.cache import ProposalCache

            proposer.cache = ProposalCache.from_settings(settings.model)
            proposer.key_for = cache_key_for(made, settings)
        chain.append(proposer)
        provider = provider_named(provider.fallback) if provider.fallback else None
    return chain


def cache_key_for(rewriter: Rewriter, settings: Settings) -> Callable[[RewriteRequest], str]:
    """A function naming the cache entry of a request for ``rewriter``."""
    from coach.llm.cache import cache_key
    from coach.llm.client import without_credentials
    from coach.llm.prompts import prompt_version

    m = settings.model

    def key(request: RewriteRequest) -> str:
        return cache_key(
            rewriter=rewriter.name,
            base_url=without_credentials(m.base_url) if m.base_url else None,
            mode=m.mode,
            temperature=m.temperature,
            prompt=prompt_version(),
            request=request.cache_key(),
        )

    return key
