"""Plain helpers the tests import (`from tests.helpers import ...`); fixtures live in conftest.py.

`tests` is a package, so bare `pytest` and `python -m pytest` both import every test module
once, by one name (`tests.test_x`), with the repository root on the path.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def write(folder: Path, name: str, text: str) -> Path:
    """Write a record file (dedented) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


MINIMAL = """
    title = "{title}"
    date = {date}
    [[sources]]
    title = "A fictional source"
"""
