"""`coach lsp`: the language server, over stdin/stdout (docs/editors.md)."""

from coach.errors import ConfigError

MISSING = "coach lsp needs pygls, which is not installed: pip install 'okr-coach[lsp]'"
LSP_PACKAGES = ("pygls", "lsprotocol", "cattrs")


def lsp_command() -> None:
    """Run the language server on stdin/stdout, for editors (docs/editors.md).

    Your editor starts it; you do not type into it. Exits 3 when the lsp extra is not
    installed (pip install 'okr-coach[lsp]').
    """
    try:
        from coach.lsp.server import serve
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in LSP_PACKAGES:
            raise ConfigError(MISSING) from None
        raise
    serve()
