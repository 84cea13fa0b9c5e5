"""Checks across files, each a small function `(meetings, series, today) -> list[Problem]`,
run on every record that loaded (models or their structs: they read alike)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Collection, Sequence

from briefing.history import RELEASES_ROUND
from briefing.model import Meeting, Problem, Series, Severity, Status
from briefing.person import Registry
from briefing.wording import Suggester

Check = Callable[[Sequence[Meeting], Sequence[Series], dt.date], list[Problem]]


def check_duplicate_ids(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    """Two files with the same name (in different folders), or with names that look the same:
    the same letters written composed and decomposed (NFC 'é', NFD 'e' + U+0301)."""
    ids = {m.id for m in meetings}
    if len(ids) == len(meetings) and (all(i.isascii() for i in ids) or len({_looks(i) for i in ids}) == len(ids)):
        return []  # the common case, found at C speed
    first: dict[str, str] = {}  # id → the path that has it first
    looks: dict[str, tuple[str, str]] = {}  # the id as it looks → (the first id that looks so, its path)
    problems = []
    for m in meetings:
        seen = looks.get(_looks(m.id))
        if m.id in first:
            problems.append(Problem(path=m.path, message=f"duplicate id '{m.id}': {first[m.id]} has the same file name"))
        elif seen is not None:
            problems.append(
                Problem(
                    path=m.path,
                    message=f"id '{m.id}' looks the same as '{seen[0]}' of {seen[1]}: their file names differ only in how "
                    f"accented letters are encoded (Unicode NFC and NFD); rename one",
                )
            )
        else:
            first[m.id] = m.path
            looks[_looks(m.id)] = (m.id, m.path)
    return problems


def _looks(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def check_series_rounds(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    """Two meetings may not claim one round of a series, unless one is cancelled or postponed
    (it releases its round) or one realises the other (they are the same meeting)."""
    rounds = [m for m in meetings if m.round is not None and m.series is not None]
    if len({(m.series, m.round) for m in rounds}) == len(rounds):
        return []  # the common case, found at C speed
    claims: dict[tuple[str, int], list[Meeting]] = {}
    for m in rounds:
        if m.status not in RELEASES_ROUND:
            claims.setdefault((m.series, m.round), []).append(m)  # type: ignore[arg-type]
    problems = []
    for (sid, number), claimants in claims.items():
        realised = {m.realises for m in claimants}
        claimants = [m for m in claimants if m.id not in realised]  # held in place of: one meeting
        for m in claimants[1:]:
            problems.append(
                Problem(
                    path=m.path,
                    field="round",
                    message=f"round {number} of series '{sid}' is also claimed by {claimants[0].id} (two meetings "
                    "may share a round only when one is cancelled or postponed, or one realises the other)",
                )
            )
    return problems


def check_references(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    series_ids = {s.id for s in series}
    meeting_ids = {m.id for m in meetings}
    series_hint = Suggester(series_ids)
    meeting_hint = Suggester(meeting_ids)  # each wrong id worked out once, and only so many
    problems = []
    for m in meetings:
        if m.series is not None and m.series not in series_ids:
            hint = series_hint(m.series) or f" (add records/series/{m.series}.toml)"
            problems.append(Problem(path=m.path, field="series", message=f"no series '{m.series}'{hint}"))
        for i, c in enumerate(m.commitments):
            if c.fulfilled_by is not None and c.fulfilled_by not in meeting_ids:
                problems.append(
                    Problem(
                        path=m.path,
                        field=f"commitments[{i}].fulfilled_by",
                        message=f"no record '{c.fulfilled_by}'{meeting_hint(c.fulfilled_by)}",
                    )
                )
            if c.concerns is not None and c.concerns not in meeting_ids:
                problems.append(
                    Problem(
                        path=m.path,
                        field=f"commitments[{i}].concerns",
                        message=f"no record '{c.concerns}'{meeting_hint(c.concerns)}",
                    )
                )
    return problems


def check_realises(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    """`realises` names another meeting that is not held itself, and no other meeting realises it."""
    linked = [m for m in meetings if m.realises is not None]
    if not linked:
        return []
    by_id = {m.id: m for m in meetings}
    hint = Suggester(by_id)
    first: dict[str, str] = {}
    problems = []
    for m in linked:
        target = by_id.get(m.realises)  # type: ignore[arg-type]
        if target is None:
            message = f"no record '{m.realises}'{hint(m.realises)}"  # type: ignore[arg-type]
        elif target.id == m.id:
            message = "a meeting cannot realise itself"
        elif target.status is Status.held:
            message = f"{target.id} is marked held itself: a meeting is realised by another only if it was not held as planned"
        elif m.realises in first:
            message = f"{first[m.realises]} realises {m.realises} too; a planned meeting is held in one place"  # type: ignore[index]
        else:
            first[m.realises] = m.id  # type: ignore[index]
            continue
        problems.append(Problem(path=m.path, field="realises", message=message))
    return problems


def check_fulfilment_cycles(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    """Commitments whose `fulfilled_by` lead back to the meeting they were made at through other
    meetings (A's names B, B's names A): a circle in which each would prove another was held, and
    each took place after the other. Reports take none of it as evidence; `check` names every
    commitment on such a circle. (A commitment fulfilled at the meeting it was made at, A naming
    A, is no circle: it says that meeting was held, if it was.)"""
    by_id = {m.id: m for m in meetings}
    edges: dict[str, list[str]] = {}
    for m in meetings:
        targets = [c.fulfilled_by for c in m.commitments if c.fulfilled_by is not None and c.fulfilled_by in by_id and c.fulfilled_by != m.id]
        if targets:
            edges[m.id] = targets
    if not edges:
        return []
    circles = _strongly_connected(edges)
    problems = []
    for m in meetings:
        circle = circles.get(m.id)
        if circle is None:
            continue
        members = sorted(circle)
        shown = ", ".join(members[:5]) + (f" and {len(members) - 5} more" if len(members) > 5 else "")
        for i, c in enumerate(m.commitments):
            if c.fulfilled_by is not None and c.fulfilled_by != m.id and circles.get(c.fulfilled_by) is circle:
                problems.append(
                    Problem(
                        path=m.path,
                        field=f"commitments[{i}].fulfilled_by",
                        message=f"'{c.fulfilled_by}' leads back here: these meetings each name another as what fulfilled their "
                        f"commitments ({shown}); none of them is taken as evidence that another was held",
                    )
                )
    return problems


def _strongly_connected(edges: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Tarjan's algorithm, without recursion: each node on a circle of two or more → its circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: dict[str, frozenset[str]] = {}
    counter = 0
    for start in edges:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if i < len(targets):
                work.append((node, i + 1))
                target = targets[i]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    members.append(top)
                    if top == node:
                        break
                if len(members) > 1:
                    circle = frozenset(members)
                    for member in members:
                        out[member] = circle
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def check_future_held(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    return [
        Problem(
            path=m.path,
            field="status",
            message=f"marked held but dated {m.date.display()}, after today ({today.isoformat()}); is it planned?",
            severity=Severity.warning,
        )
        for m in meetings
        if m.status is Status.held and m.date.earliest > today
    ]


CHECKS: tuple[Check, ...] = (
    check_duplicate_ids, check_series_rounds, check_references, check_realises, check_fulfilment_cycles, check_future_held,
)


def check_people(meetings: Sequence[Meeting], people: Registry, broken: Collection[str] = ()) -> list[Problem]:
    """Participants and the people registry: a `person` that points nowhere (an error; not for
    a person file that is there but has problems of its own, `broken`), a name that fits two
    people whom the participant's country does not tell apart (a warning)."""
    problems = []
    suggest = Suggester(people.by_id)  # each wrong id worked out once, and only so many
    for m in meetings:
        for i, p in enumerate(m.participants):
            if p.person is not None:
                if people.get(p.person) is None and p.person not in broken:
                    hint = suggest(p.person) or f" (add records/people/{p.person}.toml)"
                    problems.append(Problem(path=m.path, field=f"participants[{i}].person", message=f"no person '{p.person}'{hint}"))
            elif p.name is not None and people and len(people.named(p.name)) > 1:  # (most names fit one or none)
                fits = people.candidates(p.name, p.country)
                if len(fits) > 1:
                    ids = ", ".join(x.id for x in fits)
                    problems.append(
                        Problem(
                            path=m.path,
                            field=f"participants[{i}].name",
                            message=f"'{p.name}' fits {len(fits)} people ({ids}): matched to no one; say which with person = \"<id>\"",
                            severity=Severity.warning,
                        )
                    )
    return problems


def run_checks(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(meetings, series, today))
    return problems


def _hint(value: str, known: set[str], where: str) -> str:
    """" (did you mean 'x'?)", else " (add <where><value>.toml)": for one value. (A check that
    may meet thousands of wrong values uses one `Suggester` for them all.)"""
    return Suggester(known)(value) or (f" (add {where}{value}.toml)" if where else "")
