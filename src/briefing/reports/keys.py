"""Stable keys for the commitments of a meeting: what a calendar UID and an export row are named by.

A commitment's place in its record is no key: inserting one shifts every later one, and a
calendar that imports the file again would duplicate them. Its key is its `id` when the record
gives one, else a short hash of its words (case, accents, punctuation and spacing ignored), so it
survives any edit of its record except rewording it: to reword one and keep its calendar entry,
give it an `id`. Two commitments of one record with the same words are told apart by their
order (the second is `<hash>-2`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from briefing.model import Meeting
from briefing.text import normalise_phrase


@lru_cache(maxsize=65536)  # a report asks for a meeting's keys once per commitment
def words_key(text: str) -> str:
    """The key of a commitment without an `id`: 10 hex digits from its normalised words."""
    return hashlib.blake2b(normalise_phrase(text).encode("utf-8"), digest_size=5).hexdigest()


def commitment_keys(m: Meeting) -> list[str]:
    """The key of each of the meeting's commitments, in their order."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for c in m.commitments:
        if c.id is not None:
            keys.append(c.id)
            continue
        key = words_key(c.text)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys
