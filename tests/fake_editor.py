"""A fake editor for the tests of `briefing edit` (EDITOR="python tests/fake_editor.py").

It is given the file to edit as its last argument. It copies what it was given to $FAKE_EDIT_SEEN,
replaces $FAKE_EDIT_OLD by $FAKE_EDIT_NEW in it, appends a line to the file $FAKE_EDIT_ALSO names
(another writer, meanwhile), and exits with $FAKE_EDIT_EXIT.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> int:
    path = Path(sys.argv[-1])
    text = path.read_text(encoding="utf-8")
    if os.environ.get("FAKE_EDIT_SEEN"):
        Path(os.environ["FAKE_EDIT_SEEN"]).write_text(text, encoding="utf-8")
    old, new = os.environ.get("FAKE_EDIT_OLD", ""), os.environ.get("FAKE_EDIT_NEW", "")
    if old:
        assert old in text, f"fake editor: {old!r} is not in the file"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if os.environ.get("FAKE_EDIT_ALSO"):
        with open(os.environ["FAKE_EDIT_ALSO"], "a", encoding="utf-8") as other:
            other.write("# changed meanwhile\n")
    return int(os.environ.get("FAKE_EDIT_EXIT", "0"))


if __name__ == "__main__":
    sys.exit(main())
