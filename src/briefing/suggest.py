""""Did you mean": the closest names of a closed list (kinds, statuses, formats, fields ...).

One place decides what counts as close, so every closed list answers a typo the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, names: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The names closest to `value` (any case), best first; none when nothing is close."""
    known = list(dict.fromkeys(names))
    by_key = {name.casefold(): name for name in known}
    found = difflib.get_close_matches(value.casefold(), list(by_key), n=n, cutoff=cutoff)
    if not found and value:
        # A prefix of exactly one name is a clear enough hint ('fo' is not, 'foreign' is).
        starts = [k for k in by_key if k.startswith(value.casefold())]
        found = starts if len(starts) == 1 else []
    return [by_key[k] for k in found]


def did_you_mean(value: str, names: Iterable[str]) -> str:
    """' (did you mean 'summit'?)' for a close name, else ''."""
    close = closest(value, names)
    return f" (did you mean '{close[0]}'?)" if close else ""
