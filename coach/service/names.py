"""The names ``coach.service`` exports from ``coach.service.rewriting``: listed here so the
package can offer them without importing the rewriter (and the model layer) until one is used."""

REWRITE_NAMES = (
    "Change",
    "RewriteRequest",
    "RewriteResult",
    "TextEdit",
    "apply_edits",
    "rewrite_prompts",
    "rewrite_file",
    "rewrite_request_for_file",
    "rewrite_text",
)
