"""Record text is data: control characters never reach a terminal or a document raw.

Cleaning happens once, at load time (the models call `clean`), so every renderer receives text
in which ESC, NUL, other C0 and C1 controls, DEL and bidirectional overrides are shown as visible
escapes such as ``\\x1b`` or ``\\u202e``. Newlines and tabs are kept; renderers decide how to
show them.
"""

from __future__ import annotations

import re
import unicodedata

# C0 except \t and \n, DEL, C1, bidi marks (ALM, LRM, RLM), embeddings/overrides/isolates,
# line/paragraph separators, BOM / zero-width no-break space, the Unicode "interlinear annotation"
# controls, and lone surrogates (a file name that is not UTF-8 arrives with them; they cannot be
# written to a UTF-8 stream).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069"
    "\ud800-\udfff\ufeff\ufff9-\ufffb]"
)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\r":
        return ""  # Windows line ends: drop the CR
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Make control and bidi-override characters visible; keep everything else.

    Idempotent: what it returns contains nothing it would change again.
    """
    if text.isascii() and text.isprintable():  # the common case, at C speed
        return text
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


_BREAKS = str.maketrans({"\n": "\\n", "\t": "\\t", "\r": "\\r"})


def one_line(text: str) -> str:
    """`clean`, and newlines, tabs and carriage returns made visible too (as \\n, \\t, \\r): for
    what must stay on one line — a file name, a record id, a key, a problem — so that a file
    named "x\\nok: 0 error(s)" cannot print a line of its own.

    Idempotent, like `clean`."""
    if text.isprintable():  # the common case, at C speed (no newline, tab or control)
        return text
    return clean(text.translate(_BREAKS))


def is_clean(text: str) -> bool:
    """True when `clean` would leave the text as it is."""
    return text.isprintable() or _UNSAFE.search(text) is None


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form for matching ('Türkiye' -> 'turkiye')."""
    if text.isascii():  # the common case: nothing decomposes, and casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = _ACCENTS.sub("", decomposed)  # the usual accents, at C speed
    if not stripped.isascii():  # other combining marks: only the characters beyond ASCII looked at
        stripped = _BEYOND_ASCII.sub(_drop_combining, stripped)
    folded = stripped.casefold()
    # Letters that do not decompose: dotless i, ß, ø, đ, ł ...
    return folded if folded.isascii() else _EXTRA.sub(_extra_fold, folded)


def _drop_combining(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def _extra_fold(match: re.Match[str]) -> str:
    return _EXTRA_FOLD[match.group()]


# The combining diacritical marks (U+0300-U+036F) that are combining (all but the grapheme joiner).
_ACCENTS = re.compile("[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]")
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")
_EXTRA_FOLD = {"ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"}
_EXTRA = re.compile("[" + "".join(_EXTRA_FOLD) + "]")


_PUNCTUATION = re.compile(r"[^\w\s]")


def normalise_phrase(text: str) -> str:
    """A phrase reduced for comparison: folded, punctuation dropped, spaces collapsed."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def field_path(loc: tuple[object, ...]) -> str:
    """('participants', 1, 'name') → 'participants[1].name'; a key that is not bare in quotes, as
    TOML writes it ('a."b.c"', '""'); a long key shortened."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = str(part)  # a key may be any quoted string, megabytes long: never echo it whole
            name = name if len(name) <= 60 else name[:57] + "..."
            if not _BARE_KEY.fullmatch(name):
                name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
            out += ("." if out else "") + name
    return out
