"""Markdown drafts: walk the block tree and recognise objectives, key results and notes.

The walker keeps a little state: the open objective, the heading level it belongs to, and
whether list items seen now are its key results ("collecting"). It reads drafts that label
their objectives ("Objective:", "O1:", "## Objective 2"). A document with no such label is also
read as an outline (``coach.parsing.outline``: published layouts, nested trees, tables), and the
reading that explains more of it wins. See docs/draft-format.md for the styles accepted.
"""

from __future__ import annotations

import re
from dataclasses import replace

from coach.errors import NotOkrError
from coach.model import Draft, KeyResult, Note, Objective
from coach.parsing import measures, outline, tables
from coach.parsing.blocks import Block, Piece, parse_blocks
from coach.parsing.comments import mask_comments
from coach.parsing.frontmatter import build_meta, split_front_matter
from coach.parsing.headings import (
    EXPLANATION_LABEL,
    KR_HEADER,
    OKR_MARKER,
    is_glossary,
    is_prose_section,
    section_name,
)
from coach.parsing.labels import (
    Label,
    clean,
    clean_key_result,
    clean_objective,
    find_quarter,
    holds_placeholder,
    is_aside,
    is_placeholder,
    match_label,
)
from coach.parsing.segments import Segment, segment

# Markdown that never says "objective", "key result" or "OKR" (and has no front matter) is a
# README or a docs page, however much its headings and lists look like objectives.
NO_OKRS_HINT = (
    "write objectives as '## Objective: …' headings or '**Objective:**' lines with key results "
    "as list items under them; see docs/draft-format.md"
)


def parse_markdown(text: str, source: str) -> Draft:
    text, suppressions = mask_comments(text)
    data, lines = split_front_matter(text.split("\n"), source)
    blocks = parse_blocks("\n".join(lines))
    if holds_placeholder(text):
        blocks = _set_aside_templates(blocks)
    walker = _Walker(lines)
    walker.krs_below, walker.bare_krs = _key_result_sections(blocks)
    walker.walk(blocks)
    reader = outline.Reader(backed=bool(data))
    # a labelled draft is read as an outline too only when it may hold objectives the labels
    # miss (the outline reader costs a third of a parse)
    mixed = not walker.labelled or _may_hide_objectives(text, lines, walker.objectives)
    read = reader.read(outline.build(blocks, lines)) if mixed else []
    if not walker.labelled and not data and reader.unbacked_lines:
        # what looks like objectives in sections that never say they are OKRs is not read
        walker.objectives = [
            replace(o, parent=None)
            for o in walker.objectives
            if o.position.line not in reader.unbacked_lines
        ]
    if not walker.labelled:
        if _plausibility(read, reader.declared) > _plausibility(walker.objectives):
            walker.objectives = read
            used = _lines(read)
            walker.notes = [n for n in walker.notes if n.position.line not in used]
    else:
        walker.objectives = _with_unlabelled(walker.objectives, read, reader.declared)
        if walker.notes:
            used = _lines(walker.objectives)
            walker.notes = [n for n in walker.notes if n.position.line not in used]
    if not walker.objectives or not (data or _looks_like_okrs(text, walker.objectives)):
        raise NotOkrError(source, "no OKRs found", hint=NO_OKRS_HINT)
    fallback = dict(walker.meta)
    if "quarter" not in fallback:
        first = walker.objectives[0].position.line
        before = [text for line, text in walker.preamble if line < first]
        quarter = next(filter(None, map(find_quarter, before)), None)
        if quarter:
            fallback["quarter"] = quarter
    meta = build_meta(data, fallback, source)
    return Draft(
        source=source,
        meta=meta,
        objectives=walker.objectives,
        notes=walker.notes,
        suppressions=suppressions,
        skipped=walker.skipped,
    )


def _set_aside_templates(blocks: list[Block]) -> list[Block]:
    """Mark as "template" (notes, never objectives or key results) what shows the format of a
    document's OKRs rather than stating any: a blockquote holding a placeholder label
    (``is_placeholder``: "> **Objective X: [short title] -- [long description]**" over "> -
    **Key Result Y for Objective X …:** [Description / goal]" and its "Initiative 1", "_etc..._",
    SciLifeLab's DDS plan), or outside one the paragraph or list item (with its sub-items) that
    holds it. A list item's template is its only child, so the list keeps its shape."""
    out = []
    for block in blocks:
        if block.kind == "quote" and _shows_placeholder(block):
            block = Block("template", line=block.line, children=block.children)
        elif block.kind == "para" and is_placeholder(block.content):
            block = Block("template", line=block.line, children=[block])
        elif block.kind in ("list", "quote"):
            block = replace(block, children=_set_aside_templates(block.children))
        elif block.kind == "item":
            kids = block.children
            if kids and kids[0].kind == "para" and is_placeholder(kids[0].content):
                kids = [Block("template", line=block.line, children=kids)]
            else:
                kids = _set_aside_templates(kids)
            block = replace(block, children=kids)
        out.append(block)
    return out


def _shows_placeholder(block: Block) -> bool:
    if block.kind in ("para", "heading"):
        return is_placeholder(block.content)
    return any(_shows_placeholder(child) for child in block.children)


# A bullet that only names what its sub-bullets explain ("* **Rationale:**"), not a key result.


def _explains(content: str) -> bool:
    """``EXPLANATION_LABEL`` matches the whole content. It ends in ":", "*", "_" or a space,
    which most items do not (then the regex is not run)."""
    last = content[-1:]
    return (
        bool(last)
        and (last in ":*_" or last.isspace())
        and bool(EXPLANATION_LABEL.fullmatch(content))
    )


def _is_glossary(head: Block, rest: list[Block]) -> bool:
    """ "- Objectives" over "  - Objectives are qualitative, ambitious … definitions": a list
    explaining the method's terms (Node.js's committees open their OKR pages so), not an
    objective with key results."""
    items = [item for block in rest if block.kind == "list" for item in block.children]
    heads = [item.children[0].content if item.children else "" for item in items]
    return is_glossary(head.content, heads)


def _may_hide_objectives(text: str, lines: list[str], walked: list[Objective]) -> bool:
    """Whether a labelled draft may hold objectives its labels miss, which only the outline
    finds (``_with_unlabelled``): the word "objectives" or "goal(s)" anywhere (an "Objectives"
    or "Goal" heading, a "… our goals:" list), or a bold line the labelled reading did not take
    (a bold objective of another quarter). Bold labels ("**KR1:** …") alone are no reason: the
    outline's objectives on lines the labelled reading took are never added."""
    if "bjectives" in text or _says_goals(text):
        return True
    if "**" not in text and "__" not in text:
        return False
    used = _lines(walked)
    return any(
        ("**" in line or "__" in line) and number not in used
        for number, line in enumerate(lines, 1)
    )


_GOALS_WORD = re.compile(r"\bgoals?\b", re.I)


def _says_goals(text: str) -> bool:
    """``_GOALS_WORD`` found in the text. A case-blind regex search scans every position of
    the text (a tenth of a parse); no letter but "G", "O", "A", "L" matches one of "goal" when
    case is ignored, so text whose lower case lacks "goal" cannot match."""
    return "goal" in text.lower() and _GOALS_WORD.search(text) is not None


def _key_result_sections(blocks: list[Block]) -> tuple[set[int], dict[int, str]]:
    """Where "Key Results" sub-headings are: the lines of the headings that have one below them
    (their own lists before it are explanations, not key results), and for each such sub-heading
    with no list of its own what holds its key results: "headings" (one per key result, the
    sub-headings below it), "groups" (sub-headings naming themes, each over a list or table of
    key results) or "paras" (one per paragraph)."""
    headings = [(i, b) for i, b in enumerate(blocks) if b.kind == "heading"]
    has_below: set[int] = set()
    bare: dict[int, str] = {}
    for n, (i, block) in enumerate(headings):
        label = match_label(block.content)
        if label is None or label.kind != "krs" or block.content[label.end :].strip():
            continue
        above = next((b for _, b in reversed(headings[:n]) if b.level < block.level), None)
        if above is not None:
            has_below.add(above.line)
        following = headings[n + 1] if n + 1 < len(headings) else None
        body = blocks[i + 1 : following[0] if following else len(blocks)]
        if any(b.kind in ("list", "table") for b in body):
            continue
        if following is not None and following[1].level > block.level:
            end = next((j for j, b in headings[n + 1 :] if b.level <= block.level), len(blocks))
            grouped = any(b.kind in ("list", "table") for b in blocks[i + 1 : end])
            bare[block.line] = "groups" if grouped else "headings"
        elif any(b.kind == "para" for b in body):
            bare[block.line] = "paras"
    return has_below, bare


def _lines(objectives: list[Objective]) -> set[int]:
    """The lines where these objectives and their key results start."""
    return {o.position.line for o in objectives} | {
        kr.position.line for o in objectives for kr in o.key_results
    }


def _with_unlabelled(
    walked: list[Objective], read: list[Objective], declared: set[int]
) -> list[Objective]:
    """A labelled draft plus the marked objectives (bold, under "Objectives") with key results
    that the outline finds where the labelled reading found nothing: a document that labels its
    Q4 objectives "Objective:" and writes Q3's as bold paragraphs."""
    if not read:  # most labelled drafts: the outline was not read
        return walked
    used = _lines(walked)
    extra = [
        i
        for i, o in enumerate(read)
        if i in declared and o.key_results and not (_lines([o]) & used)
    ]
    if not extra:
        return walked
    order = sorted(
        [(o.position.line, 0, i) for i, o in enumerate(walked)]
        + [(read[i].position.line, 1, i) for i in extra]
    )
    where = {(side, i): n for n, (_, side, i) in enumerate(order)}
    merged = []
    for _, side, i in order:
        objective = (walked, read)[side][i]
        parent = where.get((side, objective.parent)) if objective.parent is not None else None
        merged.append(replace(objective, parent=parent))
    return merged


def _plausibility(objectives: list[Objective], declared: set[int] = frozenset()) -> float:
    """How much of a document a reading explains: its key results, and objectives that have
    some; a top-level objective with none counts against it, unless it is a team's objective
    under a company one (its key results may be elsewhere). An objective the text calls so
    (under "### Objectives", after "our objectives are:") is explained as well as a key result."""
    krs = sum(len(o.key_results) for o in objectives)
    parents = {o.parent for o in objectives}
    bare = sum(
        not o.key_results and i not in parents and o.parent is None and i not in declared
        for i, o in enumerate(objectives)
    )
    return krs + len(objectives) + len(declared) - 1.5 * bare


def _looks_like_okrs(text: str, objectives: list[Objective]) -> bool:
    """Whether headings and lists are OKRs: the text says "objective", "key result" or "OKR",
    or names a quarter."""
    return bool(OKR_MARKER.search(text) or find_quarter(text))


def _read_fields(kr: KeyResult, texts: list[str | None]) -> list[int]:
    """Read into ``kr`` the values and the owner that ``texts`` state ("Target: 70%", "Owner:
    Ana"; None for a text that cannot be one); returns the indexes of the others (a second line
    of a name already read among them)."""
    stated: dict[str, str] = {}
    others = []
    for i, text in enumerate(texts):
        found = measures.field(text) if text is not None else None
        if found is None or found[0] in stated:
            others.append(i)
        else:
            stated[found[0]] = found[1]
    owner = stated.pop("owner", None)
    if stated:
        kr.measures = measures.compose(stated)
    if owner is not None:
        kr.owner = kr.owner or owner.lstrip("@")
    return others


def _is_field_item(item: Block) -> bool:
    """A list item that is one "Name: value" line ("- **Target:** 1,200")."""
    kids = item.children
    return len(kids) == 1 and kids[0].kind == "para" and measures.is_field(kids[0].content)


class _Walker:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.objectives: list[Objective] = []
        self.notes: list[Note] = []
        self.skipped: list[int] = []  # 1-based lines of OKR-looking items with no place
        self.labelled = False  # an objective was labelled as one ("Objective:", "O1:")
        self.meta: dict[str, str] = {}
        self.preamble: list[tuple[int, str]] = []  # (line, text) before the first objective
        self.obj: Objective | None = None
        self.scope = 0  # heading level the open objective belongs to (0: the document)
        self.section = 0  # level of the last heading
        self.prose = 0  # level of the prose section ("## Notes") we are in, with its sub-sections
        self.collecting = False  # list items now are key results of the open objective
        self.krs_below: set[int] = set()  # headings with a "Key Results" sub-heading below
        self.bare_krs: dict[int, str] = {}  # "Key Results" sub-headings with no list
        self.krs_mode: str | None = None  # "headings"/"paras" hold the KRs of this section
        self.krs_level = 0
        self.headed: list[tuple[int, int]] = []  # (level, index) of open heading objectives
        self.pending: int | None = None  # line of a bare "## Objective" heading awaiting text
        self.heading_kr: KeyResult | None = None  # the key result of the heading just read

    def walk(self, blocks: list[Block], depth: int = 0) -> None:
        for block in blocks:
            kind = block.kind
            heading_kr, self.heading_kr = self.heading_kr, None
            if kind == "list" and heading_kr is not None:
                # "### Key Result 1.3: …" over "- **Target:** 1,200", "- **Owner:** Bo": its
                # values and its details; any other item is read as it would be
                fields = [item for item in block.children if _is_field_item(item)]
                if fields:
                    self.notes_in(self.details(heading_kr, fields))
                    block = replace(block, children=[c for c in block.children if c not in fields])
            if kind == "heading":
                self.heading(block)
                continue
            if kind == "para" and heading_kr is not None and self.field_lines(heading_kr, block):
                continue
            if kind == "para":
                self.paragraph(Piece.of(block, self.lines))
            self.pending = None  # a bare "## Objective" takes its text only from a paragraph
            if kind == "table" and self.obj is not None and self.collecting and not self.prose:
                self.table(block)
            elif kind == "rule":
                self.headed.clear()  # "---": the objectives below are not children of those above
            elif kind == "list":
                self.list(block, depth)
            elif kind == "quote":
                self.walk(block.children, depth)
            elif kind == "template":
                self.notes_in(block.children)  # the format of the OKRs, shown (``_set_aside_…``)

    # headings
    def heading(self, block: Block) -> None:
        piece = Piece.of(block, self.lines)
        content = piece.content
        label = match_label(content)
        self.pending = None
        if self.prose and block.level <= self.prose:
            self.prose = 0
        while self.headed and self.headed[-1][0] >= block.level:
            self.headed.pop()
        if self.krs_mode and block.level <= self.krs_level:
            self.krs_mode = None
        if label is not None and label.kind == "objective":
            while self.headed and self.headed[-1][0] >= block.level:
                self.headed.pop()
            parent = self.headed[-1][1] if self.headed else None
            if parent is not None and self.empty_section(parent):
                # "## 3. Objective" over "### Objective" and its text: a section, not a parent
                self.objectives.pop()
                self.headed.pop()
                parent = self.headed[-1][1] if self.headed else None
            self.open_objective(piece, label.end, label.label, block.level)
            self.obj.parent = parent  # "### Accessibility objective:" under "## Objective 1:"
            self.headed.append((block.level, len(self.objectives) - 1))
            self.labelled = True
            self.prose = 0  # a labelled objective is never prose, whatever section it is in
            self.section = block.level
            if not self.obj.text:
                self.pending = block.line
            if block.line in self.krs_below:  # its list is an explanation; the KRs come later
                self.collecting = False
            return
        if label is None and KR_HEADER.match(section_name(content)):
            label = Label("krs", None, len(content))  # "#### '2022.C1' Key Results"
        if self.obj is not None and label is not None and not self.prose:
            if label.kind == "krs":
                self.collecting = True
                self.krs_level, self.krs_mode = block.level, self.bare_krs.get(block.line)
                return
            before = len(self.obj.key_results)
            self.add_kr(piece, label.end, label.label)
            if len(self.obj.key_results) > before:
                self.heading_kr = self.obj.key_results[-1]
            return
        if self.obj is not None and self.krs_mode == "groups":
            return  # "#### High-confidence detection" groups key results under "### Key Results"
        if self.obj is not None and self.krs_mode == "headings":
            self.add_kr(piece, 0, None)  # "##### P1: Update performance" under "#### Key Results"
            return
        if self.obj is not None and block.level <= self.scope:
            self.obj = None
        self.collecting = False
        self.section = block.level
        if not self.prose and is_prose_section(content):
            self.prose = block.level
        if not self.objectives and len(self.preamble) < 4:
            self.preamble.append((block.line + 1, content))

    # paragraphs
    def paragraph(self, piece: Piece, first: str | None = None) -> None:
        if self.pending is not None and self.obj is not None:
            self.fill_pending(piece)
            return
        if self.krs_mode == "paras" and self.obj is not None:
            self.add_kr(piece, 0, None)  # "#### Key Results" then "IPFS has shipped 0.5.0."
            return
        for seg in segment(piece, first):
            self.take(seg, piece.part(seg.first, seg.stop))

    def fill_pending(self, piece: Piece) -> None:
        cleaned = clean_objective(piece.content)
        obj = self.obj
        obj.text = cleaned.text
        obj.raw = "\n".join(self.lines[self.pending : piece.origins[-1][0] + 1])
        obj.position = piece.position(cleaned.start, cleaned.end)
        obj.owner = obj.owner or cleaned.owner
        self.pending = None

    def take(self, seg: Segment, piece: Piece) -> None:
        kind = seg.kind
        if kind == "meta" and self.take_meta(*seg.meta):
            return
        if kind == "objective" and self.placeholder(piece, seg.start):
            return
        if kind == "objective":
            self.open_objective(piece, seg.start, seg.label, self.section)
            self.labelled = self.labelled or seg.start > 0
            self.obj.owner = seg.owner or self.obj.owner
        elif kind == "kr" and self.obj is not None and not self.prose:
            self.add_kr(piece, seg.start, seg.label, seg.owner)
        elif kind == "item" and self.obj is not None and self.collecting:
            self.add_kr(piece, seg.start, None, seg.owner)
        elif kind == "krs":
            self.collecting = self.obj is not None
        else:
            if kind == "kr":  # a labelled key result with no objective to belong to
                self.skipped.append(piece.origins[0][0] + 1)
            self.add_note(piece)
            if not self.objectives and len(self.preamble) < 4:
                self.preamble.append((piece.origins[0][0] + 1, piece.content))
            if self.obj is not None and self.obj.key_results:
                self.collecting = False

    def empty_section(self, index: int) -> bool:
        """The objective at ``index`` is the last one, a bare "## Objective" heading that got
        neither text nor key results before the next objective heading under it."""
        obj = self.objectives[index]
        return (
            index == len(self.objectives) - 1
            and not obj.text
            and not obj.key_results
            and self.headed[-1][1] == index
        )

    def placeholder(self, piece: Piece, start: int) -> bool:
        """An "**Objective:**" line with nothing after it right under an objective that has
        its text and no key results yet: a template's unfilled field restating the heading
        above ("### Objective 1: Grow …" over "**Objective:** " over the table)."""
        obj = self.obj
        return (
            obj is not None
            and bool(obj.text)
            and not obj.key_results
            and not clean(piece.content, start).text
        )

    def take_meta(self, key: str, value: str) -> bool:
        """Use a "Team: …" style line; False when it is just text (e.g. after the OKRs)."""
        if not self.objectives:
            self.meta.setdefault(key, value.lstrip("@") if key == "owner" else value)
            return True
        if key == "owner" and self.obj is not None and not self.obj.owner:
            self.obj.owner = value.lstrip("@")
            return True
        return False

    # lists
    def list(self, block: Block, depth: int) -> None:
        mode = None  # "labelled" or "plain" once an item of this list was an objective
        for item in block.children:
            kids = item.children
            if kids and kids[0].kind == "template":
                self.notes_in(kids)
                continue
            head = kids[0] if kids and kids[0].kind == "para" else None
            label = match_label(head.content) if head is not None else None
            if len(kids) == 1:  # most items: their text alone
                nested = kids[0].kind == "list"
            else:
                nested = any(kid.kind == "list" for kid in kids)
            if head is not None and (
                _explains(head.content) or nested and _is_glossary(head, kids[1:])
            ):
                self.notes_in(kids)  # "* **Rationale:**" over why; "- Objectives" over a glossary
                continue
            if nested and label is not None and not head.content[label.end :].strip(" *_:"):
                if self.label_over_list(item, label, depth):
                    mode = "labelled" if label.kind == "objective" else mode
                    continue
            if label is not None and label.kind == "objective":
                mode = "labelled"
                self.item(item, head, depth)
            elif mode == "plain":
                self.item(item, head, depth, "objective" if nested else None)
            elif self.obj is not None and (self.collecting or (label and label.kind == "kr")):
                self.kr_item(item, head)
            elif depth == 0 and nested and head is not None and self.plain_ok(kids):
                mode = "plain"
                self.item(item, head, depth, "objective")
            else:
                self.item(item, head, depth)
        if mode == "plain":
            self.collecting = False

    def label_over_list(self, item: Block, label, depth: int) -> bool:
        """A label alone on its item, the text in the list under it: "* **Objective:**" over
        one "* Automate more stuff …" (the objective's text), "* **Key Results:**" over the
        key results (PostHog's team pages). False when the item is not one of these."""
        lists = [kid for kid in item.children[1:] if kid.kind == "list"]
        subs = [sub for block in lists for sub in block.children]
        heads = [
            s.children[0] if s.children and s.children[0].kind == "para" else None for s in subs
        ]
        if not subs or any(h is None for h in heads):
            return False
        if label.kind == "objective" and len(subs) == 1:
            piece = Piece.of(heads[0], self.lines)
            self.open_objective(piece, 0, label.label, self.section)
            self.labelled = True
            self.walk(subs[0].children[1:], depth + 2)
            return True
        if label.kind == "krs" and self.obj is not None and not self.prose:
            self.collecting = True
            for sub, head in zip(subs, heads, strict=True):
                self.kr_item(sub, head)
            return True
        return False

    def item(self, item: Block, head: Block | None, depth: int, first: str | None = None):
        if head is None:
            self.walk(item.children, depth + 1)
            return
        self.paragraph(Piece.of(head, self.lines), first)
        self.walk(item.children[1:], depth + 1)

    def kr_item(self, item: Block, head: Block | None) -> None:
        """A key result; its sub-bullets and further paragraphs are details, kept as notes,
        except the lines that state its values ("* _Target:_ 70%", ``details``)."""
        rest = item.children
        kr = None
        if head is not None:
            piece = Piece.of(head, self.lines)
            before = len(self.obj.key_results) if self.obj is not None else 0
            for seg in segment(piece, "kr"):
                self.take(seg, piece.part(seg.first, seg.stop))
            if self.obj is not None and len(self.obj.key_results) == before + 1:
                kr = self.obj.key_results[-1]
            rest = rest[1:]
        for block in rest:
            if block.kind != "list":
                self.notes_in([block])
                continue
            subs = []
            for sub in block.children:  # "- KR: Increase APP" over "  - KR: Increase usage …"
                head = sub.children[0] if sub.children and sub.children[0].kind == "para" else None
                label = match_label(head.content) if head is not None else None
                if label is not None and label.kind == "kr":
                    self.kr_item(sub, head)
                else:
                    subs.append(sub)
            if kr is not None:
                subs = self.details(kr, subs)
            self.notes_in(subs)

    def details(self, kr: KeyResult, items: list[Block]) -> list[Block]:
        """Read the items that state ``kr``'s values ("_Baseline:_ 45%", "**Target:** 70%",
        "Due: end of Q3", "Owner: Ana") into it; returns the others."""
        heads = [
            item.children[0].content
            if len(item.children) == 1 and item.children[0].kind == "para"
            else None
            for item in items
        ]
        return [items[i] for i in _read_fields(kr, heads)]

    def field_lines(self, kr: KeyResult, block: Block) -> bool:
        """A paragraph of "Name: value" lines under "### Key Result 1.2: …" ("Baseline: 18%",
        "Target: 25%"): read the values into ``kr``, keep the other lines as notes. False (and
        nothing read) when a line is not such a field or none states a value."""
        piece = Piece.of(block, self.lines)
        lines = piece.content.split("\n")
        if not all(map(measures.is_field, lines)) or not any(map(measures.field, lines)):
            return False
        for i in _read_fields(kr, lines):
            self.add_note(piece.part(i, i + 1))
        return True

    def table(self, block: Block) -> None:
        """A table under an objective: one key result per row ("| Key Result | Assignee | …");
        a label at the start of the text cell ("| KR1: Raise … |") is the row's label."""
        for row in tables.body_cells(block):
            piece = Piece.of(row.cell, self.lines)
            self.add_kr(piece, row.start, row.label, row.owner, row.measures)

    def plain_ok(self, kids: list[Block]) -> bool:
        """A plain item with sub-bullets is an objective unless it sits in a prose section
        or its sub-bullets are themselves labelled objectives (then it only groups them)."""
        if self.prose or len(kids[0].content.split()) > outline.ITEM_WORDS:
            return False  # a prose section, or a long point with elaborations under it
        for kid in kids[1:]:
            for sub in kid.children if kid.kind == "list" else ():
                first = sub.children[0] if sub.children else None
                label = match_label(first.content) if first and first.kind == "para" else None
                if label is not None and label.kind == "objective":
                    return False
        return True

    def notes_in(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind == "para":
                self.add_note(Piece.of(block, self.lines))
            else:
                self.notes_in(block.children)

    # building the model
    def open_objective(self, piece: Piece, start: int, label: str | None, scope: int) -> None:
        cleaned = clean_objective(piece.content, start)  # "Support -- "Optimize support""
        self.obj = Objective(
            text=cleaned.text,
            raw=piece.raw(),
            position=piece.position(cleaned.start, cleaned.end),
            label=label,
            owner=cleaned.owner,
            priority=cleaned.priority,
            done=cleaned.done,
        )
        self.objectives.append(self.obj)
        self.scope = scope
        self.collecting = True

    def add_kr(
        self, piece: Piece, start: int, label: str | None, owner: str | None = None, measures=""
    ):
        cleaned = clean_key_result(piece.content, start)  # "**Workshop [COMMITTED]:** Plan …"
        if not cleaned.text:
            return
        if is_aside(cleaned.text):
            self.add_note(piece)  # "*(Add more Key Results as needed)*"
            return
        kr = KeyResult(
            text=cleaned.text,
            raw=piece.raw(),
            position=piece.position(cleaned.start, cleaned.end),
            label=label,
            ambition=cleaned.ambition,
            owner=owner or cleaned.owner,
            priority=cleaned.priority,
            done=cleaned.done,
            measures=measures,
        )
        self.obj.key_results.append(kr)

    def add_note(self, piece: Piece) -> None:
        content = piece.content
        text = " ".join(content.split())
        if text:
            start = len(content) - len(content.lstrip())
            end = len(content.rstrip())
            self.notes.append(Note(text=text, position=piece.position(start, end)))
