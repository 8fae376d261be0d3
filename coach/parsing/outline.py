"""Reading unlabelled OKR documents as an outline: who heads which list, at every depth.

Real published OKRs rarely say "Objective:" on every line. They put an objective in a heading, a
bold paragraph, a plain paragraph, a list item or a table row, and its key results in the list
(or rows) it heads; sub-bullets under a key result are its details; a heading above several
objectives is their parent (company → team) or just a grouping ("## 2019 Q2", "## CEO").

The reader first builds an outline — headings nest by level, a paragraph directly followed by a
list heads that list, list items nest, table rows hang under the heading they sit in — and then
decides, bottom up, which nodes are objectives: a node heads key results when most of the items
it heads are flat (their own children, if any, are details); it heads objectives when most of
them have items of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from coach.model import KeyResult, Objective
from coach.parsing import tables
from coach.parsing.blocks import Block, Piece
from coach.parsing.headings import (
    EXPLANATION_LABEL,
    KR_HEADER,
    NUMBERING,
    OBJECTIVE_HEADER,
    OKR_MARKER,
    is_glossary,
    is_prose_section,
    is_title,
)
from coach.parsing.labels import (
    clean_key_result,
    clean_objective,
    find_quarter,
    is_aside,
    match_label,
)

# "VP of Product Strategy KR: Secure …", "Sales KR 2: …": a key result labelled after its owner.
_OWNER_KR = re.compile(r"[^:\n]{1,60}?\bKRs?(?:[ \t]*\d{1,3}(?:\.\d{1,3})?)?[ \t]*[:.)\-–—][ \t]*")
_BOLD_LINE = re.compile(r"\s*(?:\d{1,3}[.)]\s+)?(\*\*|__)(?!\s).*\S\1[\s:.]*\Z", re.S)
# "VP Engineering: …", "**CFO**: …", "Director of Product, Dev; Group Manager, Ops: …": an owner
# (capitalised words, a few linking words) before a colon, then the owner's objective.
_ROLE = re.compile(
    r"(?:\*\*|__)?(?P<who>[A-Z][\w&,;/ -]{0,80}?)(?:\*\*|__)?:(?:\*\*|__)?:?[ \t]+\S"
)
# "**Senior Director, People Success** 5,000 certifications …": an owner in bold, no colon
_BOLD_OWNER = re.compile(r"(\*\*|__)(?!P[0-4X]\1)(?P<who>[A-Z][^*_\n]{0,80}?)\1[ \t]*:?[ \t]+\S")


# An objective is a sentence; a longer paragraph above a list is prose introducing it.
_HEAD_WORDS = 20
_HEAD_WORDS_BOLD = 60
ITEM_WORDS = 30
_GOALS = re.compile(r"\bgoals?\b", re.I)
_LONE_LINK = re.compile(r"\s*\[[^\]\n]*\]\([^)\s]*\)\W*\Z")
_ROLE_LINKS = {"of", "and", "to", "the", "for", "&", "-", "/", "a"}
_META_KEYS = {
    "owner", "owners", "status", "team", "quarter", "parent", "tracked", "note", "notes",
    "progress", "due", "deadline", "updated", "last updated", "confidence", "score", "priority",
    "lead", "dri", "epic", "source", "timeline", "date", "period", "state", "details",
    "description", "workgroup", "facilitator", "members", "contributors", "stakeholders",
    "links", "issue", "issues", "resources", "comments", "result", "results", "measure",
    "metric", "target", "baseline", "current", "example", "examples", "tracking", "reviewers",
}  # fmt: skip
# How objectives start; a short heading that starts so is not a team's or an area's name.
_VERB_FIRST = re.compile(
    r"(?:improve|increase|reduce|launch|build|make|grow|ship|release|get|become|deliver|"
    r"establish|create|drive|expand|advance|bring|ensure|enable|achieve|scale|raise|lower|"
    r"develop|win|keep|hire|cut|double|halve|speed up|simplify|automate|modernize|unify)\b",
    re.I,
)
_INTRO_WORDS = re.compile(r"\b(?:following|these|here's|here is|below|as follows)\b", re.I)
_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)")
_OBJECTIVES_WORD = re.compile(r"\b(?:objectives|goals)\b", re.I)
_OWNER_TITLE = re.compile(
    r"\b(?:[A-Z]{2,5}|VP|Director|Manager|Officer|Head|Lead|Chief|President|Team|Owner)\b"
)
_NOT_OWNERS = {"vision", "mission", "theme", "goal", "focus", "why", "context", "objective"}
_FIELD = re.compile(
    r"(\*\*|__)?(?P<key>[A-Za-z][\w /&-]{0,24}?)\1?:(?:\*\*|__)?[ \t]*(?P<value>.*)\Z", re.S
)
_FIGURE = re.compile(r"[\d/%.,:\s-]+")
_TITLE_WORDS = re.compile(
    r"\b(?:objectives|key[ \t]*results|okrs?|goals|roadmap|planning|plans?|quarterly|priorities)\b",
    re.I,
)
_OKRS = re.compile(r"\bOKRs?\b")
_YEARISH = re.compile(
    r"^\W*(?:(?:FY)?\d{2,4}|H[12]|Q[1-4])(?:[\s/-]+(?:(?:FY)?\d{2,4}|H[12]|Q[1-4]))*\W*$", re.I
)


@dataclass(eq=False)
class Node:
    """A heading, paragraph, list item or table row of the outline, with what sits under it."""

    kind: str  # root | heading | para | item | row
    piece: Piece | None = None
    level: int = 0
    children: list[Node] = field(default_factory=list)
    owner: str | None = None  # a table row's "Owner" / "Assignee" cell
    measures: str = ""  # a table row's baseline, target and due cells (``KeyResult.measures``)
    label: str | None = None  # a table row's label from a column of labels ("| **KR 1** | …")
    start: int = 0  # where a table row's text starts, past a label in its cell ("| 1.1 … |")
    okr_header: bool = False  # a table row under a header that names key results
    repeats: list[Piece] = field(default_factory=list)  # an Objective column's repeated cells

    @property
    def content(self) -> str:
        return self.piece.content if self.piece else ""

    @property
    def bold(self) -> bool:
        """The whole text is emphasised ("**Make IPFS fast**"): an objective's typical look."""
        return bool(self.piece and _BOLD_LINE.match(self.piece.content))

    @property
    def line(self) -> int:
        return self.piece.origins[0][0] + 1 if self.piece else 0


def build(blocks: list[Block], lines: list[str]) -> Node:
    """The outline of a document's blocks."""
    root = Node("root")
    stack = [root]
    for block in blocks:
        if block.kind == "heading":
            while len(stack) > 1 and stack[-1].level >= block.level:
                stack.pop()
            node = Node("heading", Piece.of(block, lines), block.level)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            _add_body(stack[-1], block, lines)
    return root


def _add_body(parent: Node, block: Block, lines: list[str]) -> None:
    if block.kind == "para":
        piece = Piece.of(block, lines)
        parent.children.append(Node("para", piece))
    elif block.kind == "list":
        # a list right after a paragraph is that paragraph's list
        host = parent.children[-1] if parent.children else None
        if host is None or host.kind != "para" or host.children or not _heads_list(host):
            host = parent
        for item in block.children:
            if not _is_template(item):
                host.children.append(_item(item, lines))
    elif block.kind == "quote":
        for child in block.children:
            _add_body(parent, child, lines)
    elif block.kind == "table":
        named = tables.names_key_results(block)
        found = tables.body_cells(block)
        rows = [
            Node(
                "row", Piece.of(r.cell, lines), owner=r.owner, measures=r.measures,
                label=r.label, start=r.start, okr_header=named,
            )
            for r in found
        ]  # fmt: skip
        if not _holds_okrs(block, rows, parent):
            return
        if tables.objective_column(block) is None:
            parent.children += rows
            return
        # "| Objective | Key Result | …": each objective cell heads the rows up to the next one
        # (an empty or repeated cell continues the objective above)
        head: Node | None = None
        cell = None  # the objective cell read last: a "<br>"-broken row's lines share it
        for row, read in zip(rows, found, strict=True):
            text = read.objective.content.strip() if read.objective is not None else ""
            if text and (head is None or text != head.content.strip()):
                head = Node("para", Piece.of(read.objective, lines))
                parent.children.append(head)
            elif text and read.objective is not cell:
                head.repeats.append(Piece.of(read.objective, lines))
            cell = read.objective
            (head or parent).children.append(row)


def _holds_okrs(table: Block, rows: list[Node], parent: Node) -> bool:
    """Whether a table's rows may be objectives or key results: its header names them ("Key
    Result | Owner"), a row is bold (an objective's look), or it sits under an objective or a
    "Key results" heading. A README's "Week | What" schedule or a "Document | Licence" list
    under a plain heading is not read as an objective with key results."""
    if tables.names_okrs(table) or any(row.bold for row in rows):
        return True
    if parent.kind != "heading":
        return False
    label = match_label(parent.content)
    return label is not None and label.kind in ("objective", "krs") or _is_krs_heading(parent)


def _heads_list(para: Node) -> bool:
    """A paragraph heads the list below it when it is short (an objective, a "Key results:"
    label) and does not end a longer prose passage."""
    content = para.content.strip()
    if content.startswith("{:") or content.startswith("<"):  # kramdown attributes, HTML
        return False
    if _LONE_LINK.match(content):  # "[Epic 720](https://…)": a reference, not an objective
        return False
    if _is_field(content):  # "**Progress:** 0%", "Status: on track": metadata
        return False
    return len(content.split()) <= (_HEAD_WORDS_BOLD if para.bold else _HEAD_WORDS)


def _item(block: Block, lines: list[str]) -> Node:
    kids = block.children
    head = kids[0] if kids and kids[0].kind == "para" else None
    piece = Piece.of(head, lines) if head is not None else None
    node = Node("item", piece)
    for kid in kids[1 if head is not None else 0 :]:
        if kid.kind == "list":
            node.children += [_item(sub, lines) for sub in kid.children if not _is_template(sub)]
    return node


def _is_template(item: Block) -> bool:
    """A list item that shows the OKRs' format (``markdown._set_aside_templates``): not read.
    A blockquote or paragraph that does is a "template" block, which ``_add_body`` skips."""
    return bool(item.children) and item.children[0].kind == "template"


class Reader:
    """Turns an outline into objectives (with parent links) and key results."""

    def __init__(self, backed: bool = False) -> None:
        self.objectives: list[Objective] = []
        # objectives the text marks as such (bold, under "### Objectives", after "our
        # objectives are:"), whether or not key results follow
        self.declared: set[int] = set()
        # whether the text read so far says it is about OKRs (front matter, a title or a heading
        # above that says "OKRs", "objectives", "key results" or names a quarter)
        self.backed = backed
        self.unbacked: set[int] = set()
        self.unbacked_lines: set[int] = set()  # where those objectives and key results were

    def read(self, root: Node) -> list[Objective]:
        """The objectives, without those in sections that nothing marks as OKRs (a README's
        "### 1. **Run the Code**" over a list is not an objective)."""
        self.backed = self.backed or _says_okrs(root)
        self.section(_without_title(root), None)
        if not self.unbacked:
            return self.objectives
        self.unbacked_lines = {
            line
            for i in self.unbacked
            for line in [self.objectives[i].position.line]
            + [k.position.line for k in self.objectives[i].key_results]
        }
        keep = [i for i in range(len(self.objectives)) if i not in self.unbacked]
        where = {old: new for new, old in enumerate(keep)}
        self.declared = {where[i] for i in self.declared if i in where}
        kept = []
        for i in keep:
            objective = self.objectives[i]
            kept.append(replace(objective, parent=where.get(objective.parent)))
        self.objectives = kept
        return kept

    # headings
    def section(self, node: Node, parent: int | None) -> None:
        """A heading (or the document root) and everything under it."""
        backed = self.backed
        self.backed = backed or (node.kind == "heading" and _says_okrs(node))
        try:
            self._section(node, parent)
        finally:
            self.backed = backed

    def _section(self, node: Node, parent: int | None) -> None:
        title = node.content if node.kind == "heading" else ""
        if node.kind == "heading" and is_prose_section(title):
            return
        label = match_label(title) if title else None
        if title and _is_krs_heading(node):
            return  # read by the objective heading above it
        if not self.backed and node.kind == "heading" and any(map(_says_krs, node.children)):
            # a section with a "Key results" sub-heading (or a table whose header says "Key
            # result") says it is about OKRs, whatever its title ("# Growth team", then
            # "## Make onboarding effortless", "### Key results")
            self.backed = True
            try:
                self._section(node, parent)
            finally:
                self.backed = False
            return
        if node.kind == "heading" and not _is_grouping(title):
            _adopt_rationale(node)
        direct = self.direct_items(node)
        subs = [c for c in node.children if c.kind == "heading"]
        kr_subs = [s for s in subs if _is_kr_heading(s)]
        krs_subs = [s for s in subs if _is_krs_heading(s)]
        objective_subs = [s for s in subs if OBJECTIVE_HEADER.match(_name(s.content))]
        if objective_subs and krs_subs:
            # "### Objectives" with a list, then "### Key Results" with a list
            found = [
                self.objective(item, parent, None)
                for sub in objective_subs
                for item in self.direct_items(sub)
            ]
            self.declared.update(found)
            for sub in subs:
                if sub in krs_subs and found:
                    self.krs_section(sub, found[0])
                elif sub not in objective_subs:
                    self.section(sub, parent)
            return
        if node.kind == "heading" and krs_subs and not _is_title(title):
            # "## Objective text", a rationale, then "### Key results" and the list
            index = self.objective(
                node, parent, label.end if label and label.kind == "objective" else None
            )
            for item in direct:
                self.key_result(item, index)
            for sub in subs:
                if sub in krs_subs:
                    self.krs_section(sub, index)
                elif sub in kr_subs:
                    self.key_result(sub, index)
                else:
                    self.section(sub, index)
            return
        explicit = label is not None and label.kind == "objective"
        owned = [
            i
            for i in direct
            if i.kind == "item"
            and _heads(i)
            and not _names_section(i, title)
            and not (_shared_area(i, direct) and _role(_name(title)) is None)
        ]
        heads_krs = bool(direct) and _mostly_flat(direct) and 2 * len(owned) <= len(direct)
        if node.kind == "heading" and _is_goal_tree(direct):
            here = parent if _is_grouping(title) else self.objective(node, parent, None)
            for item in direct:
                self.tree(item, here)
            for sub in subs:
                self.section(sub, here)
            return
        if node.kind == "heading" and any(_kr_label(i) for i in direct if i.kind == "item"):
            index = self.objective(node, parent, label.end if explicit else None)
            self.mixed(direct, index)
            for sub in subs:
                self.key_result(sub, index) if sub in kr_subs else self.section(sub, index)
            return
        if node.kind == "heading" and (explicit or kr_subs or (heads_krs and not _is_title(title))):
            index = self.objective(node, parent, label.end if explicit else None)
            for item in direct:
                self.key_result(item, index)
            for sub in kr_subs:
                self.key_result(sub, index)
            rest = [s for s in subs if s not in kr_subs]
            for sub in rest:
                self.section(sub, index)
            return
        here = parent
        if node.kind == "heading" and not _is_grouping(title) and self.has_objectives(node):
            here = self.objective(node, parent, None)
        standing = None  # a bold paragraph objective with no list yet
        handled = self.objectives_and_krs_items(node, here)
        headings = [c for c in node.children if c.kind == "heading"]
        peers = sum(bool(self.direct_items(h)) for h in headings) >= 2
        for child in node.children:
            if child in handled:
                continue
            if child.kind == "heading" and not self.objectives and _says_okrs(child):
                self.backed = True  # "## Objectives and Key Results - Q1 2018" over its siblings
            if (
                child.kind == "heading"
                and peers
                and not child.children
                and not _is_title(child.content)
            ):
                # "## Improve the user experience" with nothing under it, among objective
                # headings: an objective whose key results were not written yet
                self.objective(child, here, None)
                continue
            if child.kind == "para" and not child.children and child.bold:
                standing = child
            elif child.kind == "para" and child.children and standing and _is_krs_intro(child):
                # "**Make support effortless.**" then "We will measure this via the following
                # key results:" and the list
                index = self.objective(standing, here, None)
                for kid in child.children:
                    self.key_result(kid, index)
                standing = None
                continue
            if child.kind == "heading":
                self.section(child, here)
            elif child.kind == "para" and child.children:
                self.headed(child, here)
            elif (
                child.kind == "item"
                and child.children
                and _short(child)
                and not EXPLANATION_LABEL.fullmatch(child.content)
            ):
                self.headed(child, here)
            elif child.kind == "item" and owned and child in owned:
                self.objective(child, here, None)  # "VP Product: Establish …", one line
            elif child.kind == "row" and child.bold:
                self.table_objective(child, node, here)

    def objectives_and_krs_items(self, node: Node, here: int | None) -> list[Node]:
        """ "- Objectives" over a list, then "- Key Results" over a list: one set, as the two
        headings are (each item of the first is an objective, the second list belongs to the
        first of them). Returns the two items when it read them (else nothing)."""
        items = [c for c in node.children if c.kind == "item" and c.children]
        heads = next((i for i in items if OBJECTIVE_HEADER.match(_name(i.content))), None)
        krs = next((i for i in items if KR_HEADER.match(_name(i.content))), None)
        if heads is None or krs is None:
            return []
        found = [self.objective(kid, here, None) for kid in heads.children if kid.kind == "item"]
        if not found:
            return []
        self.declared.update(found)
        for kid in krs.children:
            if kid.kind == "item":
                self.key_result(kid, found[0])
        return [heads, krs]

    def krs_section(self, node: Node, index: int) -> None:
        """The body of a "### Key results" heading: its items are the objective's key results;
        a bold or plain paragraph heading a list there is an objective of its own below it."""
        for child in node.children:
            if child.kind in ("item", "row"):
                self.key_result(child, index)
            elif child.kind == "para" and child.children:
                self.headed(child, index)
            elif child.kind == "heading":
                self.section(child, index)

    def direct_items(self, node: Node) -> list[Node]:
        """The items a heading heads itself: its own list items and table rows (and those of a
        "Key results:" paragraph), not those headed by a bold or plain paragraph objective."""
        found = []
        for child in node.children:
            if child.kind in ("item", "row") and not (child.kind == "row" and child.bold):
                found.append(child)
            elif child.kind == "para" and child.children and _is_krs_label(child.content):
                found += child.children
        rows = [c for c in node.children if c.kind == "row"]
        if any(r.bold for r in rows):
            return [f for f in found if f.kind != "row"]
        return found

    def has_objectives(self, node: Node) -> bool:
        for child in node.children:
            if child.kind == "para" and child.children and not _is_krs_label(child.content):
                return True
            if child.kind == "item" and (child.children or _heads(child)):
                return True
            if child.kind == "row" and child.bold:
                return True
            if child.kind == "heading" and (self.direct_items(child) or self.has_objectives(child)):
                return True
        return False

    def headed(self, node: Node, parent: int | None) -> None:
        """A paragraph or list item that heads a list: an objective with key results, or with
        objectives of its own (a nested tree)."""
        if node.piece is None or _is_krs_label(node.content) or _glossary(node):
            return
        if node.kind == "para" and node.children and all(map(_glossary, node.children)):
            return  # "OKRs consist of two elements:" over "- Objectives", "- Key Results"
        if node.kind == "para" and is_prose_section(node.content):
            return  # "**Not Included**" and a list: a section in all but name
        kids = node.children
        if node.kind == "para" and not node.bold and all(k.bold for k in kids):
            # "_This OKR is a joint effort …_" above bold objectives: an introduction
            for kid in kids:
                self.headed(kid, parent) if kid.children else self.objective(kid, parent, None)
            return
        if node.kind == "para" and all(_is_link(k.content) for k in kids):
            return  # "Also have a look at:" and a list of links
        if node.kind == "para" and not node.bold and _is_intro(node.content):
            if _OBJECTIVES_WORD.search(_LINK.sub("", node.content)):
                # "Here's a summary of this team's objectives for the quarter:" and the list
                for kid in kids:
                    self.declared.add(self.objective(kid, parent, None))
            return  # "For more detail, check out these documents:" and links
        if any(_kr_label(k) for k in kids):
            self.mixed(kids, self.objective(node, parent, None))
            return
        if _mostly_flat(kids):
            index = self.objective(node, parent, None)
            for kid in kids:
                if kid.children and (_heads(kid) or any(_kr_label(g) for g in kid.children)):
                    self.headed(kid, index)
                else:
                    self.key_result(kid, index)
            return
        index = self.objective(node, parent, None)
        for kid in kids:
            if kid.children:
                self.headed(kid, index)
            elif _kr_label(kid):
                self.key_result(kid, index)

    def tree(self, item: Node, parent: int | None) -> None:
        """A goal tree (an issue tracker's export): an item with items of its own is an
        objective, a leaf is a key result of the item above it."""
        if not item.children:
            if parent is not None:
                self.key_result(item, parent)
            return
        index = self.objective(item, parent, None)
        for kid in item.children:
            self.tree(kid, index)

    def mixed(self, items: list[Node], index: int) -> None:
        """A list whose labelled items ("CEO KR: …", "Sales KR: …") are the objective's key
        results and whose owners' lines ("**CFO**: …", "VP Product: …") — beside them or under
        them — are the objectives of the teams below (a cascaded company tree)."""
        for item in items:
            if _kr_label(item):
                self.key_result(item, index)
                for kid in item.children:
                    if _heads(kid):
                        self.headed(kid, index) if kid.children else self.objective(
                            kid, index, None
                        )
            elif item.kind == "item" and (_heads(item) or _role(item.content, bold_owner=True)):
                if item.children:
                    self.headed(item, index)
                else:
                    self.objective(item, index, None, bold_owner=True)
            else:
                self.key_result(item, index)

    def table_objective(self, row: Node, section: Node, parent: int | None) -> None:
        index = self.objective(row, parent, None)
        rows = [c for c in section.children if c.kind == "row"]
        after = rows[rows.index(row) + 1 :]
        for other in after:
            if other.bold:
                break
            text = other.content.strip()
            if not text or re.match(r"\d{1,2}\.\s", text):  # empty, or a numbered part
                continue
            self.key_result(other, index)

    # building the model
    def objective(
        self, node: Node, parent: int | None, start: int | None, bold_owner: bool = False
    ) -> int:
        content = node.content
        if start is None:
            label = match_label(content)
            start = label.end if label is not None and label.kind == "objective" else 0
            start = max(start, NUMBERING.match(content).end() if node.kind == "heading" else 0)
        role = _role(content, start, bold_owner)
        if role is not None and node.kind == "heading" and not _OWNER_TITLE.search(role["who"]):
            role = None  # "## Problem Area: Unify permissions" names an area, not an owner
        if role is not None:
            start = role.end(0) - 1
        cleaned = clean_objective(content, start)
        self.objectives.append(
            Objective(
                text=cleaned.text,
                raw=node.piece.raw(),
                position=node.piece.position(cleaned.start, cleaned.end),
                also_at=tuple(p.position(cleaned.start, cleaned.end) for p in node.repeats),
                owner=cleaned.owner or (role.group("who").strip() if role else None),
                priority=cleaned.priority,
                done=cleaned.done,
                parent=parent,
            )
        )
        if node.bold:
            self.declared.add(len(self.objectives) - 1)
        if not self.backed:
            self.unbacked.add(len(self.objectives) - 1)
        return len(self.objectives) - 1

    def key_result(self, node: Node, index: int) -> None:
        if node.piece is None:
            return
        content = node.content
        first = content.split("\n", 1)[0] if node.kind != "item" else content
        label = match_label(first)
        start = label.end if label is not None and label.kind == "kr" else node.start
        if not start:
            owner_kr = _OWNER_KR.match(content)
            start = owner_kr.end() if owner_kr else 0
        cleaned = clean_key_result(content, start)
        if not cleaned.text or is_aside(cleaned.text):
            return
        self.objectives[index].key_results.append(
            KeyResult(
                text=cleaned.text,
                raw=node.piece.raw(),
                position=node.piece.position(cleaned.start, cleaned.end),
                label=label.label if label is not None and label.kind == "kr" else node.label,
                ambition=cleaned.ambition,
                owner=cleaned.owner or node.owner,
                priority=cleaned.priority,
                done=cleaned.done,
                measures=node.measures,
            )
        )


def _kr_label(node: Node) -> bool:
    label = match_label(node.content) if node.piece else None
    return (label is not None and label.kind == "kr") or bool(_OWNER_KR.match(node.content))


def _is_kr_heading(node: Node) -> bool:
    label = match_label(node.content)
    return (
        label is not None
        and label.kind == "kr"
        and all(c.kind == "para" and not c.children for c in node.children)
    )


def _says_okrs(node: Node) -> bool:
    """A heading, or the document's start (its title and the paragraphs before the first
    section), says it is about OKRs: "OKRs", "objectives", "key results", or a quarter."""
    texts = [node.content] if node.kind == "heading" else []
    for child in node.children:
        if child.kind == "heading":
            if node.kind == "root" and child.level == 1 and not texts:
                texts.append(child.content)  # the title
                texts += [c.content for c in child.children if c.kind == "para"][:3]
            break
        if child.kind == "para" or (node.kind == "heading" and child.kind == "item"):
            texts.append(child.content)  # "1. **CEO KR:** …" items say so too
            texts += [k.content for k in child.children if node.kind == "heading"]
    return any(OKR_MARKER.search(t) or _GOALS.search(t) or find_quarter(t) for t in texts)


def _adopt_rationale(heading: Node) -> None:
    """ "### Implement the IPLD format spec", then "This relates to …/pull/22" and the list: the
    one plain paragraph between an objective heading and its list explains the heading, so the
    list is the heading's."""
    headers = [c for c in heading.children if c.kind == "para" and c.children]
    if len(headers) != 1 or any(c.kind in ("item", "row") for c in heading.children):
        return
    para = headers[0]
    if para.bold or _is_krs_label(para.content) or _is_intro(para.content):
        return
    if any(k.kind == "row" for k in para.children):
        return  # a table's "Objective" cell over its rows
    if any(_heads(k) or _kr_label(k) for k in para.children) or not _mostly_flat(para.children):
        return
    at = heading.children.index(para)
    heading.children[at + 1 : at + 1] = para.children
    para.children = []


def _is_link(text: str) -> bool:
    """An item that is a link and little else ("The [front-end handbook](https://…)")."""
    return "](" in text and len(_LINK.sub("", text).split()) <= 3


def _is_intro(text: str) -> bool:
    """A sentence that introduces the list below it rather than being an objective."""
    text = text.strip()
    return text.endswith(":") and (len(text.split()) >= 6 or bool(_INTRO_WORDS.search(text)))


def _names_section(item: Node, title: str) -> bool:
    """ "Hiring: ML (1 Senior)" under "## Hiring": the prefix repeats the section, no owner."""
    role = _role(item.content)
    return role is not None and role["who"].strip().lower() == _name(title).lower()


def _short(node: Node) -> bool:
    """Short enough to be an objective (a bold line may run long); a longer item over sub-items
    is a point in prose with its elaborations."""
    return len(node.content.split()) <= (_HEAD_WORDS_BOLD if node.bold else ITEM_WORDS)


def _says_krs(node: Node) -> bool:
    """A "### Key results" heading, or a row of a table whose header names key results."""
    return node.okr_header if node.kind == "row" else _is_krs_heading(node)


def _is_krs_heading(node: Node) -> bool:
    """A "### Key results" heading."""
    if node.kind != "heading":
        return False
    label = match_label(node.content)
    return (label is not None and label.kind == "krs") or bool(KR_HEADER.match(node.content))


def _is_krs_intro(node: Node) -> bool:
    """A sentence introducing a list of key results ("We will measure this via the following
    key results:")."""
    text = node.content.strip()
    return text.endswith(":") and bool(re.search(r"\bkey[ \t]*results?\b|\bKRs?\b", text, re.I))


def _glossary(node: Node) -> bool:
    """ "- Objectives" over "- Objectives are qualitative …" (``headings.is_glossary``)."""
    return node.kind == "item" and is_glossary(node.content, [k.content for k in node.children])


def _is_krs_label(text: str) -> bool:
    label = match_label(text)
    return label is not None and label.kind == "krs" and not text[label.end :].strip()


def _mostly_flat(items: list[Node]) -> bool:
    """Items that are key results: most have no items of their own (those are details)."""
    if not items:
        return False
    nested = sum(1 for i in items if i.children and (_heads(i) or not _details(i)))
    return 2 * nested <= len(items)


def _shared_area(item: Node, items: list[Node]) -> bool:
    """An item with no sub-items whose owner-like label ("Hiring: ML (1 Intern + 1 Senior)")
    opens another item with no sub-items too: an area its key results share, not owners of
    objectives (each owner's objective has its own label, or key results under it)."""
    if item.children or item.bold:
        return False
    m = _role(item.content)
    if m is None:
        return False
    who = m.group("who").strip().lower()
    return any(
        other is not item
        and not other.children
        and (o := _role(other.content)) is not None
        and o.group("who").strip().lower() == who
        for other in items
        if other.kind == "item"
    )


def _heads(item: Node) -> bool:
    """An item that reads as an objective over its sub-items: bold (but not a bold label such
    as "**Rule-Based Strengths:**"), or an owner's line ("VP Engineering: Raise productivity …")
    that is not itself a labelled key result."""
    if item.bold:
        return not item.content.rstrip(" \t*_").endswith(":")
    return _is_role(item.content) and not _kr_label(item)


def _without_title(root: Node) -> Node:
    """The outline with the document's title heading dissolved: a single level-1 heading on top,
    with headings under it ("# IPFS in web browsers" over "## Understand how …"), names the
    document, not an objective."""
    tops = [c for c in root.children if c.kind == "heading" and c.level == 1]
    if len(tops) != 1 or root.children[0] is not tops[0] or match_label(tops[0].content):
        return root
    title = tops[0]
    if not any(c.kind == "heading" for c in title.children):
        return root
    return Node("root", children=title.children + root.children[1:])


def _depth(node: Node) -> int:
    return 1 + max(map(_depth, node.children)) if node.children else 0


def _is_goal_tree(items: list[Node]) -> bool:
    """Items nested three deep or more, none labelled: a tree of goals, not key results with
    details (a key result's sub-bullets do not have sub-bullets of their own)."""
    return any(_depth(i) >= 3 for i in items) and not any(_kr_label(i) or _heads(i) for i in items)


def _is_field(text: str) -> bool:
    """A metadata line: "**Progress:** 0/2", "Status: on track", "Owner: Dana"."""
    m = _FIELD.match(text.strip())
    if m is None:
        return False
    return m.group("key").strip().lower() in _META_KEYS or bool(_FIGURE.fullmatch(m.group("value")))


def _is_role(text: str) -> bool:
    """The text starts with an owner's title and a colon ("VP Product: …", "**CFO**: …")."""
    return _role(text) is not None


def _role(text: str, pos: int = 0, bold_owner: bool = False) -> re.Match | None:
    """The owner's title before an objective ("VP Product: …"); with ``bold_owner`` also a bold
    title without a colon ("**Senior Director, People Success** 5,000 …")."""
    m = _ROLE.match(text, pos) or (_BOLD_OWNER.match(text, pos) if bold_owner else None)
    if m is None:
        return None
    words = m.group("who").replace(",", " ").replace(";", " ").split()
    if not words or words[0].lower() in _META_KEYS or words[0].lower() in _NOT_OWNERS:
        return None
    if all(w[0].isupper() or w[0].isdigit() or w.lower() in _ROLE_LINKS for w in words):
        return m
    return None


def _details(item: Node) -> bool:
    """Sub-bullets that read as a key result's details rather than key results of their own."""
    return not any(_kr_label(k) for k in item.children) and len(item.children) <= 3


def _name(title: str) -> str:
    return NUMBERING.sub("", title, count=1).strip(" \t*_`:#")


def _is_title(title: str) -> bool:
    """A heading that names the document, a quarter or a section, never one objective."""
    name = _name(title)
    return (
        not name
        or is_title(name)
        or bool(_YEARISH.match(name) or OBJECTIVE_HEADER.match(name) or _TITLE_WORDS.search(name))
    )


def _is_grouping(title: str) -> bool:
    """A heading above other objectives that names a team or an area ("## CEO", "### Platform")
    rather than being their parent objective."""
    name = _name(title)
    if _is_role(name):  # "CEO: IACV", "VP Product: Grow …": an owner's objective
        return False
    if _VERB_FIRST.match(name) and not _OKRS.search(name):
        return False  # "Improve infrastructure": short, but an objective ("Launch team OKRs" not)
    return _is_title(title) or len(name.split()) <= 3
