"""Plain helpers the tests import (`from tests.helpers import ...`); fixtures live in conftest.py.

`tests` is a package, so bare `pytest` and `python -m pytest` both import every test module
once, by one name (`tests.test_x`), with the repository root on the path.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Property tests: `HYPOTHESIS_PROFILE=ci` (.ci/run sets it) runs each with its full number of
# examples; a developer's run (the default profile, `dev`) runs a quarter of them, at least 5.
# The profiles themselves are registered in conftest.py.
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE", "dev") == "ci"


def examples(full: int) -> int:
    """How many examples a property test runs: `full` in CI, a quarter of it locally."""
    return full if THOROUGH else max(5, full // 4)


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
