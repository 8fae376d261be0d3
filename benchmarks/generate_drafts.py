"""Deterministic generator of varied Markdown OKR drafts, for benchmarks.

    python benchmarks/generate_drafts.py [--drafts 5] [--seed 1] [--out DIR]

Prints the drafts (or writes ``draft-00000.md`` … into DIR). The same seed always gives the
same drafts. Drafts vary the layout ("## Objective:" headings, "**Objective:**" paragraphs,
numbered nested lists, bold-label lists), KR prefixes, committed/stretch tags, owners, notes
and front matter; they have 1–5 objectives with 1–6 key results each, composed from outcome and
task templates. A share of drafts (``editor_share``) is exactly 3 objectives × 3 key results,
the size an editor re-checks on every keystroke.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GeneratedDraft:
    text: str
    shape: tuple[int, ...]
    """Key results per objective, e.g. (3, 3, 3)."""
    style: str

    @property
    def is_editor_case(self) -> bool:
        return self.shape == (3, 3, 3)


TEAMS = ["Growth", "Checkout", "Platform", "Support", "Sales", "Data", "Security", "Finance"]
OWNERS = ["alice", "bo", "chen", "dara", "eli", "fatima", "gus", "hana", "Priya", "Tomás"]
OBJECTIVES = [
    "Make every new user feel confident and capable within their first 7 days",
    "Become the product our enterprise customers recommend without being asked",
    "Make every release a confident, low-drama event for the entire team",
    "Give every on-call engineer a quiet, predictable week",
    "Turn support into a reason customers stay with us",
    "Make our data trustworthy enough that every team decides with it",
    "Make security the reason enterprise buyers pick us",
    "Make every sales rep confident walking into an enterprise deal",
    "Improve the onboarding experience for new users",
    "Improve user engagement",
    "Launch the mobile app",
    "Grow revenue by 20% this year",
    "Optimize the checkout funnel",
    "Make finance a partner the business trusts with a real-time picture of cash",
]
# (metric, unit, low, high, lower_is_better)
METRICS = [
    ("onboarding completion rate", "%", 20, 90, False),
    ("Day 30 retention", "%", 15, 70, False),
    ("weekly active users", "", 5_000, 90_000, False),
    ("checkout completion rate", "%", 40, 90, False),
    ("Net Promoter Score", "", 5, 60, False),
    ("CSAT", "/5", 3, 5, False),
    ("trial-to-paid conversion", "%", 3, 25, False),
    ("net new ARR", "$k", 200, 5_000, False),
    ("30-day churn", "%", 2, 15, True),
    ("p95 API latency", " ms", 120, 1_500, True),
    ("median first response time", " hours", 1, 24, True),
    ("change failure rate", "%", 4, 30, True),
    ("time to close the books", " days", 3, 15, True),
    ("support tickets per 1,000 active users", "", 5, 60, True),
    ("app downloads", "", 10_000, 1_000_000, False),
]
DEADLINES = [
    "by end of Q2",
    "by end of Q3",
    "by Week 6",
    "by Week 10",
    "this quarter",
    "by March 31",
    "within 30 days",
    "",
]
OUTCOME_TEMPLATES = [
    "{verb} {metric} from {a} to {b} {deadline}",
    "{verb} {metric} from {a} to {b} {deadline}",
    "Achieve {b} {metric} {deadline}",
    "{verb} {metric} by {pct}% {deadline}",
    "Maintain {metric} at {a} {deadline}",
    "{metric} from {a} to {b} {deadline}",
    "Increase {metric} from [baseline] to {b} {deadline}",
    "Significantly improve {metric} {deadline}",
]
TASK_TEMPLATES = [
    "Launch the {feature} {deadline}",
    "Ship the {feature}",
    "{Feature} live {deadline}",
    "Conduct {n} user interviews {deadline}",
    "Run {n} A/B tests on the {feature}",
    "Build the {feature} for enterprise customers",
    "Migrate the {feature} to the new platform {deadline}",
    "Launch the {feature} to increase signups by {pct}%",
    "Hire {n} engineers for the {feature} team",
    "Publish {n} help center articles about the {feature}",
]
FEATURES = [
    "new onboarding flow",
    "redesigned checkout flow",
    "enterprise dashboard",
    "referral program",
    "pricing page",
    "SSO integration",
    "iOS 17 widget",
    "HTTP/2 edge proxy",
    "billing service",
    "admin console",
]
UP = ["Increase", "Raise", "Grow", "Lift", "increase"]
DOWN = ["Reduce", "Cut", "Decrease", "reduce"]
NOTES = [
    "Draft for review with the leadership team on Friday.",
    "Depends on the Platform team shipping the events API by Week 4.",
    "Scores are graded bi-weekly in the product review.",
    "OKR scores feed into the annual bonus.",
]
STYLES = ("heading", "bold-paragraph", "numbered", "bold-list", "heading-numbered-krs")


def _format_value(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:g}%"
    if unit == "$k":
        return f"${value:,.0f}k"
    if unit == "/5":
        return f"{value:.1f}"
    return f"{value:,.0f}{unit}"


def _outcome(rng: random.Random) -> str:
    metric, unit, low, high, lower_better = rng.choice(METRICS)
    a = rng.uniform(low, high)
    b = rng.uniform(low, high)
    if (b < a) != lower_better:
        a, b = b, a
    if unit == "%":
        a, b = round(a), round(b)
    decrease = lower_better != (rng.random() < 0.1)  # one in ten contradicts its numbers
    template = rng.choice(OUTCOME_TEMPLATES)
    return template.format(
        verb=rng.choice(DOWN if decrease else UP),
        metric=metric,
        a=_format_value(a, unit),
        b=_format_value(b, unit),
        pct=rng.choice([5, 10, 15, 20, 30, 50]),
        deadline=rng.choice(DEADLINES),
    ).strip()


def _task(rng: random.Random) -> str:
    feature = rng.choice(FEATURES)
    return (
        rng.choice(TASK_TEMPLATES)
        .format(
            feature=feature,
            Feature=feature[0].upper() + feature[1:],
            n=rng.randint(2, 40),
            pct=rng.choice([5, 10, 20]),
            deadline=rng.choice(DEADLINES),
        )
        .strip()
    )


def _key_result(rng: random.Random) -> str:
    text = _outcome(rng) if rng.random() < 0.55 else _task(rng)
    roll = rng.random()
    if roll < 0.25:
        text += rng.choice([" (stretch)", " (committed)", " #stretch", " [committed]"])
    if rng.random() < 0.15:
        text += f" (owner: @{rng.choice(OWNERS)})"
    return text


def _front_matter(rng: random.Random) -> list[str]:
    if rng.random() < 0.3:
        return []
    lines = ["---", f"team: {rng.choice(TEAMS)}", f"quarter: Q{rng.randint(1, 4)} 2026"]
    if rng.random() < 0.3:
        lines.append(f"owner: {rng.choice(OWNERS)}")
    if rng.random() < 0.1:
        lines.append("first_cycle: true")
    return [*lines, "---", ""]


def _kr_prefix(rng: random.Random, style_choice: int, j: int) -> str:
    return ["", f"KR{j + 1}: ", "KR: ", f"**KR{j + 1}:** ", "Key Result: "][style_choice]


def _render(rng: random.Random, style: str, objectives: list[tuple[str, list[str]]]) -> str:
    lines = _front_matter(rng)
    if rng.random() < 0.2:
        lines += [f"# {rng.choice(TEAMS)} OKRs", ""]
    if rng.random() < 0.15:
        lines += [rng.choice(NOTES), ""]
    prefix = rng.randrange(5)
    for i, (objective, krs) in enumerate(objectives):
        if style == "heading":
            lines += [f"## Objective: {objective}", ""]
            lines += [f"- {_kr_prefix(rng, prefix, j)}{kr}" for j, kr in enumerate(krs)]
        elif style == "heading-numbered-krs":
            lines += [f"### O{i + 1}: {objective}", ""]
            lines += [f"{j + 1}. {kr}" for j, kr in enumerate(krs)]
        elif style == "bold-paragraph":
            lines += [f"**Objective {i + 1}:** {objective}", ""]
            lines += [f"- {_kr_prefix(rng, prefix, j)}{kr}" for j, kr in enumerate(krs)]
        elif style == "numbered":
            lines.append(f"{i + 1}. Objective: {objective}")
            lines += [f"   {j + 1}. KR{j + 1}: {kr}" for j, kr in enumerate(krs)]
        else:  # bold-list, the concept page's layout
            lines.append(f"{i + 1}. **Objective:** {objective}")
            lines += [f"   - **Key Result:** {kr}" for kr in krs]
        lines.append("")
    return "\n".join(lines)


def generate_drafts(n: int, seed: int = 1, editor_share: float = 0.2) -> list[GeneratedDraft]:
    """``n`` drafts, the same for the same seed."""
    rng = random.Random(seed)
    drafts = []
    for _ in range(n):
        if rng.random() < editor_share:
            shape = (3, 3, 3)
        else:
            shape = tuple(rng.randint(1, 6) for _ in range(rng.randint(1, 5)))
        style = rng.choice(STYLES)
        objectives = [
            (rng.choice(OBJECTIVES), [_key_result(rng) for _ in range(count)]) for count in shape
        ]
        drafts.append(GeneratedDraft(_render(rng, style, objectives), shape, style))
    return drafts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write one .md file per draft into this folder")
    args = parser.parse_args(argv)
    drafts = generate_drafts(args.drafts, args.seed)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for i, draft in enumerate(drafts):
            (args.out / f"draft-{i:05d}.md").write_text(draft.text, encoding="utf-8")
        print(f"wrote {len(drafts)} drafts to {args.out}")
    else:
        for i, draft in enumerate(drafts):
            print(f"<!-- draft {i}: {draft.style}, shape {draft.shape} -->")
            print(draft.text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
