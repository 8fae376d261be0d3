"""The language server front door (``coach lsp``): diagnostics, hovers, code actions, an outline
and code lenses for OKR drafts in any editor that speaks the Language Server Protocol.

It needs the ``lsp`` extra (pygls); ``coach.commands.lsp`` says so when it is missing. Like the
CLI, it calls only ``coach.service`` (tests/test_architecture.py). See docs/editors.md.
"""
