"""okr-coach: an OKR writing coach.

Use it from Python without the CLI::

    from coach import check, load_draft
    report = check(load_draft("draft.md"))
    for finding in report.findings:
        print(finding.line, finding.rule_id, finding.message)
"""

from coach.checker import check
from coach.parsing import load_draft, parse_text

__version__ = "0.1.0"
__all__ = ["check", "load_draft", "parse_text", "__version__"]
