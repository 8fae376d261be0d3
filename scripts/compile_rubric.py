"""Rebuild rubrics/compiled.json from the rule and word-list YAML files (coach.rubric.compiled).

    python scripts/compile_rubric.py

Run it after editing anything in rubrics/rules/, rubrics/vocabulary/ or
rubrics/metric_synonyms.yaml; tests/test_compiled_rubric.py fails until you do.
"""

from __future__ import annotations

from coach.rubric.compiled import write

if __name__ == "__main__":
    print(f"wrote {write()}")
