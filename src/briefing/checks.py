"""Checks across files, each a small function `(meetings, series, today) -> list[Problem]`,
run on every record that loaded (models or their structs: they read alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from briefing.history import RELEASES_ROUND
from briefing.model import Meeting, Problem, Series, Severity, Status
from briefing.person import Registry

Check = Callable[[Sequence[Meeting], Sequence[Series], dt.date], list[Problem]]


def check_duplicate_ids(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    if len({m.id for m in meetings}) == len(meetings):
        return []  # the common case, found at C speed
    first: dict[str, str] = {}  # id → the path that has it first
    problems = []
    for m in meetings:
        if m.id in first:
            problems.append(Problem(path=m.path, message=f"duplicate id '{m.id}': {first[m.id]} has the same file name"))
        else:
            first[m.id] = m.path
    return problems


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
    problems = []
    for m in meetings:
        if m.series is not None and m.series not in series_ids:
            problems.append(Problem(path=m.path, field="series", message=f"no series '{m.series}'{_hint(m.series, series_ids, 'records/series/')}"))
        for i, c in enumerate(m.commitments):
            if c.fulfilled_by is not None and c.fulfilled_by not in meeting_ids:
                problems.append(
                    Problem(
                        path=m.path,
                        field=f"commitments[{i}].fulfilled_by",
                        message=f"no record '{c.fulfilled_by}'{_hint(c.fulfilled_by, meeting_ids, '')}",
                    )
                )
            if c.concerns is not None and c.concerns not in meeting_ids:
                problems.append(
                    Problem(
                        path=m.path,
                        field=f"commitments[{i}].concerns",
                        message=f"no record '{c.concerns}'{_hint(c.concerns, meeting_ids, '')}",
                    )
                )
    return problems


def check_realises(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    """`realises` names another meeting that is not held itself, and no other meeting realises it."""
    linked = [m for m in meetings if m.realises is not None]
    if not linked:
        return []
    by_id = {m.id: m for m in meetings}
    first: dict[str, str] = {}
    problems = []
    for m in linked:
        target = by_id.get(m.realises)  # type: ignore[arg-type]
        if target is None:
            message = f"no record '{m.realises}'{_hint(m.realises, set(by_id), '')}"  # type: ignore[arg-type]
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


CHECKS: tuple[Check, ...] = (check_duplicate_ids, check_series_rounds, check_references, check_realises, check_future_held)


def check_people(meetings: Sequence[Meeting], people: Registry) -> list[Problem]:
    """Participants and the people registry: a `person` that points nowhere (an error), a name
    that fits two people whom the participant's country does not tell apart (a warning)."""
    problems = []
    for m in meetings:
        for i, p in enumerate(m.participants):
            if p.person is not None:
                if people.get(p.person) is None:
                    known = set(people.by_id)
                    problems.append(
                        Problem(path=m.path, field=f"participants[{i}].person", message=f"no person '{p.person}'{_hint(p.person, known, 'records/people/')}")
                    )
            elif p.name is not None and people:
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
    from briefing.wording import did_you_mean

    return did_you_mean(value, sorted(known)) or (f" (add {where}{value}.toml)" if where else "")
