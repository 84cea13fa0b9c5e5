"""Shell completion: the values offered on Tab, for any command to use with `autocompletion=`.

The shell runs the program on every Tab, so these are cheap: record and series ids are file
names (no record is read or validated), countries come from pycountry's table. They never
raise and never print: on any trouble they offer nothing. Each takes the click context, so
`--records DIR` typed earlier on the line is honoured.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from briefing.tab import ids, offerable, records_folder

_BASH_UNSAFE = re.compile(r"([^\w.,:+@%/=-])")


def _folder(ctx: Any) -> Path:
    return records_folder(ctx.params.get("records") if ctx is not None else None)


def _for_shell(value: str) -> str:
    """bash inserts a candidate as typed. Our bash script quotes it (`briefing completion bash`);
    typer's (from an older install) does not: there, spaces and quotes are escaped here."""
    if os.environ.get("_BRIEFING_COMPLETE") == "complete_bash" and not os.environ.get("_BRIEFING_COMPLETE_QUOTED"):
        return _BASH_UNSAFE.sub(r"\\\1", value)
    return value


def _safe(fn: Any) -> Any:
    def wrapper(ctx: Any = None, incomplete: str = "") -> list[Any]:
        try:
            return fn(ctx, incomplete)
        except Exception:  # completion must never print a traceback into the shell
            if os.environ.get("BRIEFING_DEBUG") == "1":
                import traceback

                traceback.print_exc()
            return []

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@_safe
def record_ids(ctx: Any, incomplete: str) -> list[str]:
    """Meeting record ids (file names without .toml)."""
    meetings, _ = ids(_folder(ctx))
    return [i for i in meetings if i.startswith(incomplete)]


@_safe
def series_ids(ctx: Any, incomplete: str) -> list[str]:
    """Series ids (records/series/<id>.toml)."""
    folder = _folder(ctx)
    from briefing.loader import SERIES_DIR

    names = sorted(
        p.stem for p in (folder / SERIES_DIR).glob("*.toml") if p.is_file() and not p.name.startswith(".") and offerable(p.stem)
    )
    return [i for i in names if i.startswith(incomplete)]


@_safe
def series_or_record_ids(ctx: Any, incomplete: str) -> list[str]:
    """Series ids, then meeting record ids (for `compare`)."""
    return series_ids(ctx, incomplete) + record_ids(ctx, incomplete)


@_safe
def countries(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """ISO codes and names (common, official, everyday), matched ignoring case and accents.

    typer keeps only candidates that start with what was typed, so a match found by folding
    is offered as typed ("uzb" → "uzbekistan", "tür" → "türkmenistan"): countries are
    resolved ignoring case and accents, so it names the same country.
    """
    from briefing.countries import all_countries, names_of
    from briefing.text import fold

    typed = incomplete.replace("\\", "")
    article = ""  # "the neth" → "the Netherlands": a leading "the" is allowed, and kept as typed
    if fold(typed).startswith("the ") and len(typed) > 4:
        article, typed = typed[:4], typed[4:]
    key, n = fold(typed), len(typed)
    out: dict[str, str] = {}
    for c in all_countries():
        for value in (c.code, c.name, c.official_name, *names_of(c)):
            if value in out or not fold(value).startswith(key):
                continue
            if value.startswith(typed):
                pass
            elif value.lower().startswith(typed) and typed == typed.lower():
                value = value.lower()
            elif value.upper().startswith(typed) and typed == typed.upper():
                value = value.upper()
            elif fold(value[:n]) == key:
                value = typed + value[n:]
            else:
                continue
            out.setdefault(value, c.name if value != c.name else c.code)
    ordered = sorted(out, key=lambda v: (len(v) > 2, fold(v)))  # codes first
    return [(_for_shell(article + v), out[v]) for v in ordered if not (article and len(v) <= 4)]


def _people(folder: Path) -> list[tuple[str, list[str]]]:
    """(id, spellings) of each person file, read with tomllib alone (no validation): names that
    are not text are passed over."""
    import tomllib

    from briefing.loader.people import people_files

    found = []
    for path in people_files(folder):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        spellings = [data.get("name"), *(data.get("names") or [])] if isinstance(data.get("names", []), list) else [data.get("name")]
        found.append((path.stem, [n for n in spellings if isinstance(n, str) and n.strip() and offerable(n)]))
    return found


@_safe
def people(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """People on record (records/people/): their ids and every spelling of their names, in any
    word order ("hay" offers "Hayashi Yoshimasa": names are matched in any order), ignoring case
    and accents. A match found only by folding is offered as typed, like countries."""
    from briefing.text import fold

    typed = incomplete.replace("\\", "")
    key, n = fold(typed), len(typed)
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for person_id, spellings in _people(_folder(ctx)):
        usual = spellings[0] if spellings else person_id
        values = [person_id]
        for spelling in spellings:
            words = spelling.split()
            values += [" ".join(words[i:] + words[:i]) for i in range(len(words))]  # each word first
        for value in values:
            if not offerable(value):
                continue
            about = usual if value != usual else person_id
            if value.startswith(typed):
                exact.setdefault(value, about)
            elif fold(value).startswith(key) and fold(value[:n]) == key:
                folded.setdefault(typed + value[n:], about)
    out = exact or folded
    return [(_for_shell(v), out[v]) for v in sorted(out, key=fold)]


@_safe
def kinds(ctx: Any, incomplete: str) -> list[str]:
    from briefing.model import Kind

    return [k.value for k in Kind if k.value.startswith(incomplete)]


@_safe
def statuses(ctx: Any, incomplete: str) -> list[str]:
    from briefing.model import Status

    return [s.value for s in Status if s.value.startswith(incomplete)]


def compare_args(ctx: Any = None, incomplete: str = "") -> list[Any]:
    """`compare SERIES ROUND_A ROUND_B | ID_A ID_B`: a series or a record first; after a record,
    another record; after a series, its rounds on record (twice, the second without the first)."""
    try:
        given = list((ctx.params.get("names") if ctx is not None else None) or ())
        if not given:
            return series_ids(ctx, incomplete) + record_ids(ctx, incomplete)
        known = series_ids(ctx, "")
        if len(given) == 1 and given[0] not in known:
            return [i for i in record_ids(ctx, incomplete) if i != given[0]]
        if given[0] in known and len(given) in (1, 2):
            return [r for r in rounds(ctx, given[0]) if r[0].startswith(incomplete) and r[0] not in given[1:]]
        return []
    except Exception:
        return []


def rounds(ctx: Any, series: str) -> list[tuple[str, str]]:
    """(round number, "date, status") of each round of a series on record, in order.

    Which meeting is which round is inside the records, not in their names: this reads them,
    through the cache (a warm read of ten thousand records is a fraction of a second)."""
    import datetime as dt

    from briefing.cache import RecordCache, default_dir
    from briefing.loader import load

    where = default_dir()
    result = load(_folder(ctx), dt.date.today(), RecordCache(where) if where is not None else None)
    found: dict[int, str] = {}
    for m in result.meetings:
        if m.series == series and m.round is not None:
            found.setdefault(m.round, f"{m.date.display()}, {m.status.value}")
    return [(str(n), found[n]) for n in sorted(found)]
