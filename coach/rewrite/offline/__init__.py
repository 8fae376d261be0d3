"""The offline rewriter: rule-based domain code, registered as a provider like any other."""
