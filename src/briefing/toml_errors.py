"""tomli's error messages in the users' words, short and safe to print.

tomli names tables as Python tuples ("Cannot declare ('place',) twice") and quotes keys whole,
however long. This turns the messages that need it into plain sentences and caps every message,
so a megabyte-long key never comes back in a problem line.
"""

from __future__ import annotations

import ast
import re

MAX_MESSAGE = 200


def _dotted(key_repr: str) -> str:
    """"('a', 'b c')" → 'a."b c"', at most 60 characters; anything unreadable is shortened as it came."""
    try:
        parts = ast.literal_eval(key_repr)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        parts = None
    if isinstance(parts, tuple) and all(isinstance(p, str) for p in parts):
        key = ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"' for p in parts)
    else:
        key = key_repr
    return key if len(key) <= 60 else key[:57] + "..."


def friendly(message: str) -> str:
    """One tomli message → a short sentence (without the position, which the problem carries)."""
    opening, closing = message.find("("), message.rfind(")")  # the key, as a Python tuple
    if 0 <= opening < closing and message.startswith(("Cannot declare", "Cannot mutate", "Cannot redefine")):
        key = _dotted(message[opening : closing + 1])
        if message.startswith("Cannot declare"):
            message = f"[{key}] is defined twice (a table may be defined only once)"
        elif message.startswith("Cannot mutate"):
            message = f"'{key}' cannot be added to here: it was written whole as an inline table {{ ... }} or a list [ ... ]"
        else:
            message = f"'{key}' was already defined by a [table] header; dotted keys cannot add to it"
    elif message == "Cannot overwrite a value":
        message = "this key or table is already defined (each may be defined only once)"
    elif message == "Unescaped '\\' in a string":
        message = "unknown escape after '\\' in a string (write \\\\ for a backslash)"
    elif message in ("Illegal character '\\n'", "Found invalid character '\\n'"):
        message = "string not closed before the end of the line"
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 3] + "..."
    return message
