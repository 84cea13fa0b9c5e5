"""Checks across files, each a small function `(meetings, series, today) -> list[Problem]`,
run on every record that loaded (models or their structs: they read alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from briefing.model import Meeting, Problem, Series, Severity, Status

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
    rounds = [m for m in meetings if m.round is not None and m.series is not None]
    if len({(m.series, m.round) for m in rounds}) == len(rounds):
        return []  # the common case, found at C speed
    claimed: dict[tuple[str, int], Meeting] = {}
    problems = []
    for m in rounds:
        key = (m.series, m.round)
        if key in claimed:
            other = claimed[key]
            problems.append(
                Problem(path=m.path, field="round", message=f"round {m.round} of series '{m.series}' is also claimed by {other.id}")
            )
        else:
            claimed[key] = m
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


CHECKS: tuple[Check, ...] = (check_duplicate_ids, check_series_rounds, check_references, check_future_held)


def run_checks(meetings: Sequence[Meeting], series: Sequence[Series], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(meetings, series, today))
    return problems


def _hint(value: str, known: set[str], where: str) -> str:
    from briefing.wording import did_you_mean

    return did_you_mean(value, sorted(known)) or (f" (add {where}{value}.toml)" if where else "")
