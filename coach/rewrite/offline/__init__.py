"""The offline rewriter: rule-based domain code (templates over the key-result analysis and the
outputs→outcomes lexicon), registered in ``coach.rewrite.providers`` as a provider like any
other. ``rewriter`` holds the ``Rewriter``; ``templates``, ``metrics``, ``objectives``,
``subject``, ``outcomes`` and ``typos`` the pieces it is built from."""

from coach.rewrite.offline.rewriter import OfflineRewriter

__all__ = ["OfflineRewriter"]
