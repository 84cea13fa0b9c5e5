"""`briefing compare` as text (rich), a Markdown memo, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.model import Participant
from briefing.reports.compare import CompareReport
from briefing.reports.commitments import CommitmentItem, CommitmentState
from briefing.reports.items import dedupe_sources, source_key
from briefing.render import markdown as md
from briefing.render.country_words import head_text
from briefing.render.frame import text_header, text_section, text_sources
from briefing.render.jsonout import dump_json
from briefing.render.lines import LineBuffer
from briefing.render.memo import Memo
from briefing.render import styles

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def compare_json(report: CompareReport) -> str:
    return dump_json(report)


def title(r: CompareReport) -> str:
    if r.series_name is not None and r.a.round is not None and r.b.round is not None:
        return f"{r.series_name}: round {r.a.round} and round {r.b.round} compared"
    return "Two meetings compared"


def people_words(people: tuple[Participant, ...]) -> str:
    return "; ".join(head_text(p) for p in people) or "not recorded"


def state_words(c: CommitmentItem) -> str:
    label = {
        CommitmentState.done: "done",
        CommitmentState.dropped: "dropped",
        CommitmentState.open: "still open",
        CommitmentState.no_date: "still open",
        CommitmentState.overdue: "overdue",
        CommitmentState.passed: "date passed",
    }[c.state]
    return c.note if c.note.startswith(label) else f"{label}: {c.note}"


def _order_note(r: CompareReport) -> str:
    if not r.order_known:
        return "B is undated: which came first is not known."
    return "Given later meeting first; shown in date order (A is the earlier)." if r.swapped else ""


def series_note(r: CompareReport) -> str:
    """Said when the two are not rounds of one series."""
    if r.same_series:
        return ""
    a, b = r.a.series or "no series", r.b.series or "no series"
    return f"These meetings are not of one series (A: {a}; B: {b}): what changed between them is not a change within a dialogue."


def not_recorded_words(sides: tuple[str, ...], what: str) -> str:
    where = " or ".join(sides)
    return f"{what} not recorded at {where}: no one can be said to have joined or left." if what == "Participants" else (
        f"{what} not recorded at {where}: none can be said to have been added or dropped."
    )


def agenda_lines(r: CompareReport) -> list[tuple[str, str]]:
    """(side, announced agenda) for a side whose agenda was announced but not reported."""
    return [(side, "; ".join(m.agenda)) for side, m in (("A", r.a), ("B", r.b)) if m.agenda]


# -- text ------------------------------------------------------------------------------------------


def compare_text(r: CompareReport, real: Console) -> None:
    """Lines wrapped by render.layout (dates whole, bullets hanging), the facts as a table."""
    console = LineBuffer(real)
    _compare_text(r, console)
    console.flush()


def _compare_text(r: CompareReport, console: LineBuffer) -> None:
    from rich.table import Table
    from rich.text import Text
    from briefing.render.layout import wrap
    from briefing.render.text import t

    text_header(console, title(r), r.meta, f"{r.gap_text} apart" if r.order_known else r.gap_text)
    console.print()
    sources = dedupe_sources((r.a.sources, r.b.sources))
    numbers = {source_key(s): i for i, s in enumerate(sources, start=1)}
    for side, m in (("A", r.a), ("B", r.b)):
        cites = "".join(f"[{numbers[source_key(s)]}]" for s in m.sources)
        console.add(wrap(t(f"{side}  ", styles.LABEL) + t(m.title) + t(f" {cites} ({m.id})", styles.CONTEXT), console.width, 3))
    if r.swapped or not r.order_known:
        console.print(t(_order_note(r), styles.CONTEXT))
    if series_note(r):
        console.print(t(series_note(r), styles.CONTEXT))
    console.print()
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column("", style=styles.LABEL, no_wrap=True)
    table.add_column("A", ratio=1)
    table.add_column("B", ratio=1)
    for row in r.facts:
        table.add_row(row.label, t(row.a), t(row.b, "" if row.same else styles.CHANGED))
    console.print(table)

    text_section(console, "Heads of delegation")
    console.print(Text("A: ") + t(people_words(r.a.heads)))
    console.print(Text("B: ") + t(people_words(r.b.heads)))
    if r.people.not_recorded:
        console.print(t(not_recorded_words(r.people.not_recorded, "Participants")))
    elif r.people.joined or r.people.left:
        console.print(Text("Joined at B: ") + t(people_words(r.people.joined)))
        console.print(Text("Not at B: ") + t(people_words(r.people.left)))

    text_section(console, "Topics")
    if r.topics.not_recorded:
        console.print(t(not_recorded_words(r.topics.not_recorded, "Topics")))
        for side, m in (("A", r.a), ("B", r.b)):
            if m.topics:
                console.print(Text(f"{side}: ") + t("; ".join(m.topics)))
    for label, items in (("Added", r.topics.added), ("Dropped", r.topics.dropped), ("Kept", tuple(k.b for k in r.topics.kept))):
        if items:
            console.print(t(f"{label}: ", styles.LABEL) + t("; ".join(items)))
    for side, agenda in agenda_lines(r):
        console.print(Text(f"{side}, agenda announced (not reported as discussed): ") + t(agenda))

    text_section(console, "Outcomes")
    for side, m in (("A", r.a), ("B", r.b)):
        if not m.outcomes:
            console.print(Text(f"{side}: ") + t("not recorded"))
        for outcome in m.outcomes:
            console.print(Text(f"{side}: ") + t(outcome))

    text_section(console, "Commitments made at A, by B")
    if not r.commitments:
        console.print(t("None recorded at A."))
    for c in r.commitments:
        due = f" (due {c.due.display()})" if c.due else ""
        console.print(Text("• ") + t(f"{c.text}{due}") + Text(" — ") + t(state_words(c), styles.COMMITMENT.get(c.state.value, "")))

    caveats = [(side, c) for side, m in (("A", r.a), ("B", r.b)) for c in m.caveats]
    if caveats:
        text_section(console, "Caveats")
        for side, caveat in caveats:
            console.print(Text(f"{side}: ") + t(caveat))

    text_section(console, "Time between")
    console.print(t(time_between(r)))
    text_sources(console, sources)


def time_between(r: CompareReport) -> str:
    if not r.order_known:
        return f"{r.gap_text[0].upper()}{r.gap_text[1:]}: A is {r.a.date.display()}, B is {r.b.date.display()}."
    return f"{r.gap_text}: from {r.a.date.display()} to {r.b.date.display()}."


# -- Markdown --------------------------------------------------------------------------------------


def compare_markdown(r: CompareReport) -> str:
    memo = Memo(title(r), r.meta)
    memo.para(f"**A:** {md.escape(r.a.title)} ({md.escape(r.a.id)}) {memo.cite(r.a.sources)}")
    memo.para(f"**B:** {md.escape(r.b.title)} ({md.escape(r.b.id)}) {memo.cite(r.b.sources)}")
    if r.swapped or not r.order_known:
        memo.para(md.escape(_order_note(r)))
    if series_note(r):
        memo.para(md.escape(series_note(r)))
    memo.table(
        ["", "A", "B"],
        [[row.label, md.cell(row.a), md.cell(row.b) if row.same else f"**{md.cell(row.b)}**"] for row in r.facts],
    )
    memo.section("Heads of delegation")
    lines = [f"- **A:** {md.escape(people_words(r.a.heads))}", f"- **B:** {md.escape(people_words(r.b.heads))}"]
    if r.people.not_recorded:
        lines.append(f"- {md.escape(not_recorded_words(r.people.not_recorded, 'Participants'))}")
    elif r.people.joined or r.people.left:
        lines += [f"- **Joined at B:** {md.escape(people_words(r.people.joined))}",
                  f"- **Not at B:** {md.escape(people_words(r.people.left))}"]
    memo.add(*lines)
    memo.section("Topics")
    if r.topics.not_recorded:
        memo.add(md.escape(not_recorded_words(r.topics.not_recorded, "Topics")))
        listed = [f"- **{side}:** {md.escape('; '.join(m.topics))}" for side, m in (("A", r.a), ("B", r.b)) if m.topics]
        if listed:
            memo.add("", *listed)
    else:
        memo.table(
            ["Topic", "Change"],
            [[md.cell(x), "added"] for x in r.topics.added]
            + [[md.cell(x), "dropped"] for x in r.topics.dropped]
            + [[md.cell(k.b), "kept"] for k in r.topics.kept],
        )
    agendas = agenda_lines(r)
    if agendas:
        memo.add("", *[f"- **{side}, agenda announced (not reported as discussed):** {md.escape(agenda)}" for side, agenda in agendas])
    memo.section("Outcomes")
    outcome_lines = [f"- **{side}:** {md.escape(o)}" for side, m in (("A", r.a), ("B", r.b)) for o in m.outcomes]
    memo.add(*(outcome_lines or ["Not recorded at either meeting."]))
    memo.section("Commitments made at A, by B")
    if r.commitments:
        memo.table(
            ["Commitment", "Due", "By B"],
            [[md.cell(c.text), md.cell(c.due.display() if c.due else "no date"), md.cell(state_words(c))] for c in r.commitments],
        )
    else:
        memo.add("None recorded at A.")
    caveats = [(side, c) for side, m in (("A", r.a), ("B", r.b)) for c in m.caveats]
    if caveats:
        memo.section("Caveats")
        memo.add(*[f"- **{side}:** {md.escape(c)}" for side, c in caveats])
    memo.section("Time between")
    memo.add(md.escape(time_between(r)))
    return memo.render()
