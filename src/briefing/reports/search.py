"""`briefing search TEXT`: full text over every field of every meeting, newest first.

Matching ignores case, accents and punctuation (`ÇAVUŞOĞLU` finds `Cavusoglu`, `c5+1` finds
`C5 + 1`): the query and each field are reduced with `text.normalise_phrase`, character by
character, keeping the position of every reduced character in the original text so that the
snippet shows the record's own words. A word of the query matches the start of a word in a field
("japan" finds "Japanese", "pan" does not); words in double quotes must appear together, in
order. A meeting matches when every word (or quoted phrase) of the query appears in some field.
Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from briefing.countries import lookup
from briefing.model import Meeting, Text
from briefing.person import EMPTY, Registry
from briefing.reports.common import MeetingFilter, ReportMeta, newest_first
from briefing.reports.items import Frozen, MeetingItem, meeting_item
from briefing.text import field_path, fold, normalise_phrase

SNIPPET_SIDE = 70  # characters of context on each side of the first match
WHOLE_FIELD = 180  # fields up to this long are shown whole


class Hit(Frozen):
    """One field of a meeting that matches, with the text around the match."""

    field: str  # where in the record: "title", "topics[2]", "participants[0].name"
    label: str  # the same in words: "title", "topic", "participant"
    snippet: str  # the field's text (cut with … when long), on one line
    marks: tuple[tuple[int, int], ...]  # [start, end) spans of the snippet that match the query


class SearchResult(Frozen):
    meeting: MeetingItem
    hits: tuple[Hit, ...]  # every matching field, the most telling first (see meeting_fields)


class SearchReport(Frozen):
    meta: ReportMeta
    query: Text  # as typed, cleaned: reports quote it
    terms: tuple[str, ...]  # the query's words and phrases, as matched (folded)
    filter: MeetingFilter
    total: int  # meetings on record
    searched: int  # meetings that passed the filters and were searched
    matched: int  # meetings that match (before --limit)
    limit: int | None = None
    results: tuple[SearchResult, ...]  # newest first; undated ones after every dated one


class QueryError(ValueError):
    """A query with nothing to search for."""


def query_terms(query: str) -> tuple[str, ...]:
    """Words and "quoted phrases" of a query, reduced for matching; duplicates dropped."""
    terms: list[str] = []
    for m in re.finditer(r'"([^"]*)"?|(\S+)', query):
        term = normalise_phrase(m.group(1) if m.group(1) is not None else m.group(2) or "")
        if m.group(1) is not None:
            candidates = [term] if term else []
        else:
            candidates = term.split()
        for c in candidates:
            if c not in terms:
                terms.append(c)
    if not terms:
        raise QueryError("nothing to search for: give a word, a name or a \"quoted phrase\"")
    return tuple(terms)


# -- the fields of a meeting -------------------------------------------------------------------------


def meeting_fields(m: Meeting, people: Registry = EMPTY) -> list[tuple[str, str, str]]:
    """(field path, label, text) for every text a record holds, the most telling first: what
    happened (title, summary, topics, outcomes, commitments, people), then where and who in
    general, then how the record was made (notes, sources)."""
    return [(field_path(key), label, text) for key, label, text in keyed_fields(m, people)]


Key = tuple[str | int, ...]  # ("commitments", 0, "parties", 1): commitments[0].parties[1] (text.field_path)


def keyed_fields(m: Meeting, people: Registry = EMPTY) -> list[tuple[Key, str, str]]:
    """meeting_fields with each path as its parts (made into words only for the fields a search
    finds: most meetings of a big folder match nothing)."""
    out: list[tuple[Key, str, str]] = [(("title",), "title", m.title)]

    def add(key: Key, label: str, value: str | None) -> None:
        if value:
            out.append((key, label, value))

    add(("summary",), "summary", m.summary)
    for i, topic in enumerate(m.topics):
        add(("topics", i), "topic", topic)
    for i, item in enumerate(m.agenda):
        add(("agenda", i), "agenda", item)
    for i, outcome in enumerate(m.outcomes):
        add(("outcomes", i), "outcome", outcome)
    for i, c in enumerate(m.commitments):
        add(("commitments", i, "text"), "commitment", c.text)
        add(("commitments", i, "date_text"), "commitment", c.date_text)
        for j, party in enumerate(c.parties):
            add(("commitments", i, "parties", j), "commitment", party)
    for i, p in enumerate(m.participants):
        for name in ("name", "role", "office", "organization"):
            add(("participants", i, name), "participant", getattr(p, name))
        person = people.find(p) if people or p.person is not None else None
        if person is not None:  # found by any spelling of their name, as their person file gives them
            add(("participants", i, "person"), "participant", " · ".join(n for n in person.spellings() if n != p.name))
    add(("date_text",), "date", m.date_text)
    if m.place is not None:
        add(("place", "venue"), "place", m.place.venue)
        add(("place", "city"), "place", m.place.city)
        add(("place", "country"), "place", _country(m.place.country))
    for i, code in enumerate(m.countries):
        add(("countries", i), "country", _country(code))
    for i, org in enumerate(m.organizations):
        add(("organizations", i), "organization", org)
    add(("series",), "series", m.series)
    for i, caveat in enumerate(m.caveats):
        add(("caveats", i), "caveat", caveat)
    add(("notes",), "notes", m.notes)
    for i, s in enumerate(m.sources):
        for name in ("title", "author", "publisher", "url", "note"):
            add(("sources", i, name), "source", getattr(s, name))
    return out


@lru_cache(maxsize=4096)
def _country(code: str | None) -> str | None:
    if code is None:
        return None
    c = lookup(code)
    return f"{c.name} ({code})" if c else code


# -- matching with positions --------------------------------------------------------------------------


def reduce_with_positions(text: str) -> tuple[str, list[int]]:
    """`normalise_phrase(text)` plus, for each of its characters, its index in `text`.

    Reduced character by character: fold (case, accents, ß → ss ...), anything that is not a
    word character becomes a space, runs of spaces collapse, and the ends are trimmed. A space
    stands at the first character of the run it replaces.
    """
    if text.isascii():  # the common case, done with one regular expression
        reduced_words: list[str] = []
        where: list[int] = []
        for m in _ASCII_WORD.finditer(text):
            if where:
                reduced_words.append(" ")
                where.append(previous_end)
            reduced_words.append(m.group().lower())
            where.extend(range(m.start(), m.end()))
            previous_end = m.end()
        return "".join(reduced_words), where
    chars: list[str] = []
    where = []
    for i, ch in enumerate(text):
        for f in _fold_char(ch):
            if f == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(f)
            where.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


_WORD = re.compile(r"\w")
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")
_NOT_WORD = re.compile(r"[^\w\s]")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character folded, with every non-word character as a space."""
    return "".join(f if _WORD.match(f) else " " for f in fold(ch))


def _reduce(text: str) -> str:
    """normalise_phrase(text), quickly for plain ASCII (most of a record's text)."""
    if text.isascii():
        return " ".join(_ASCII_WORD.findall(text)).lower()
    return normalise_phrase(text)


def _has_term(reduced: str, terms: Sequence[str]) -> bool:
    """True when some term starts a word of an already reduced text."""
    for term in terms:
        at = reduced.find(term)
        while at >= 0:
            if at == 0 or reduced[at - 1] == " ":
                return True
            at = reduced.find(term, at + 1)
    return False


def find_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int, str]]:
    """Every place in `text` where a term starts a word: (start, end, term), in the original text."""
    reduced, where = reduce_with_positions(text)
    spans: list[tuple[int, int, str]] = []
    for term in terms:
        start = 0
        while True:
            at = reduced.find(term, start)
            if at < 0:
                break
            if at == 0 or reduced[at - 1] == " ":
                last = where[at + len(term) - 1]
                end = last + 1
                # A folded letter may stand for several original ones (a combining accent after it).
                while end < len(text) and not fold(text[end]):
                    end += 1
                spans.append((where[at], end, term))
            start = at + 1
    return sorted(spans)


def snippet(text: str, spans: Sequence[tuple[int, int, str]], terms: Sequence[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text around the first match, on one line, with the matches' spans in it."""
    flat = " ".join(text.split())
    if len(flat) <= WHOLE_FIELD:
        cut = flat
    else:
        first = spans[0]
        start = max(0, first[0] - SNIPPET_SIDE)
        end = min(len(text), first[1] + SNIPPET_SIDE)
        # Cut at spaces, so no word is shown in part.
        if start > 0:
            space = text.find(" ", start, first[0])
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", first[1], end)
            end = space if space >= 0 else end
        cut = " ".join(text[start:end].split())
        cut = ("… " if start > 0 else "") + cut + (" …" if end < len(text) else "")
    marks = tuple((s, e) for s, e, _ in _merge(find_spans(cut, terms)))
    return cut, marks


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for s, e, term in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e), out[-1][2])
        else:
            out.append((s, e, term))
    return out


# -- the report ---------------------------------------------------------------------------------------


def match_meeting(m: Meeting, terms: Sequence[str], people: Registry = EMPTY) -> tuple[Hit, ...]:
    """The matching fields of a meeting when every term is found somewhere in it, else ()."""
    fields = keyed_fields(m, people)
    raw = "\n".join(text for _, _, text in fields)
    # Most meetings do not match: all their text at once rules them out. A quick "no": every
    # word of a term appears as it is in the folded text (reducing only turns punctuation into
    # spaces); then every term must start a word of all the fields reduced and joined.
    low = fold(raw)
    if not all(word in low for term in terms for word in term.split()):
        return ()
    everything = " ".join(_ASCII_WORD.findall(low)) if low.isascii() else " ".join(_NOT_WORD.sub(" ", low).split())
    if not all(_has_term(everything, (term,)) for term in terms):
        return ()
    hits: list[Hit] = []
    found: set[str] = set()
    for key, label, text in fields:
        if not _has_term(_reduce(text), terms):
            continue
        spans = find_spans(text, terms)
        if not spans:
            continue
        found.update(term for _, _, term in spans)
        cut, marks = snippet(text, spans, terms)
        hits.append(Hit(field=field_path(key), label=label, snippet=cut, marks=marks))
    return tuple(hits) if found.issuperset(terms) else ()


def search(
    meetings: Sequence[Meeting],
    query: str,
    flt: MeetingFilter,
    meta: ReportMeta,
    limit: int | None = None,
    total: int | None = None,
    people: Registry = EMPTY,
) -> SearchReport:
    """Meetings that pass the filter and contain every word of the query, newest first.
    `total`: meetings on record, when `meetings` holds only some (by default, as many)."""
    terms = query_terms(query)
    searched = flt.apply(meetings)
    results = []
    for m in newest_first(searched):
        hits = match_meeting(m, terms, people)
        if hits:
            results.append(SearchResult(meeting=meeting_item(m, meta.home), hits=hits))
    shown = results if limit is None else results[:limit]
    return SearchReport(
        meta=meta,
        query=query,
        terms=terms,
        filter=flt,
        total=len(meetings) if total is None else total,
        searched=len(searched),
        matched=len(results),
        limit=limit,
        results=tuple(shown),
    )
