"""One style for each meaning, for every text report at a terminal (plain text has none).

Every renderer takes its styles from here, never a style of its own: OVERDUE looks the same in
`country`, `next` and `compare`; a planned meeting the same in `timeline` and `next`. A test holds
the renderers to it (no style string outside this module).
"""

from __future__ import annotations

TITLE = "bold"  # a report's title; a meeting's title where it heads its entry
HEADING = "bold underline"  # a section of a report
LABEL = "bold"  # a label before a value ("A", "Topics:"), a table's header, a date heading an entry
CONTEXT = "dim"  # what frames a line: provenance, places and kinds, notes in brackets, counts left out
OVERDUE = "bold red"  # agreed or planned, and its due date has passed
UNCERTAIN = "yellow"  # nothing on record either way: a date passed with no record that it was held
PLANNED = "cyan"  # planned or postponed: not (yet) held
CLOSED = "dim"  # cancelled, dropped, done: no longer ahead
CHANGED = "bold"  # compare: a value that differs between the two meetings
CAVEAT = "italic"  # what a reader must know before quoting
MATCH = "bold reverse"  # search: the words that matched

# A meeting's status → its style (held: none).
STATUS = {"held": "", "planned": PLANNED, "postponed": PLANNED, "cancelled": CLOSED}
# A commitment's state (reports.commitments.CommitmentState's values) → its style (open: none).
COMMITMENT = {"overdue": OVERDUE, "date passed": UNCERTAIN, "done": CLOSED, "dropped": CLOSED}
