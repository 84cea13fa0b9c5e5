"""Which record files git does not track: named as such when they have problems.

`briefing check` reads every file in the records folder, tracked or not, so an unfinished draft
that was never added to git still fails the check, and with it the pre-commit hook of a commit
that does not include it. Saying "not tracked by git" next to it tells the user why. Asked only
when there are problems, and only about the files that have them; where git is not installed,
or the folder is in no repository, nothing is said.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path


def untracked(folder: Path, paths: Iterable[str]) -> set[str]:
    """Those of `paths` (as given: relative to the working folder, or absolute) that are files
    under `folder` which git does not track (new or ignored). Empty when git cannot tell."""
    wanted: dict[str, str] = {}
    try:
        root = folder.resolve()
        for shown in dict.fromkeys(paths):
            path = Path(shown)
            if path.is_file():
                wanted[str(path.resolve().relative_to(root))] = shown
    except (OSError, ValueError):
        return set()
    if not wanted:
        return set()
    try:
        run = subprocess.run(
            ["git", "--literal-pathspecs", "-C", str(root), "ls-files", "-z", "--others", "--", *wanted],
            capture_output=True, timeout=10, check=False,  # git's own environment kept: in a hook, the index being committed
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if run.returncode != 0:  # not a repository, or git refuses: say nothing
        return set()
    listed = {os.fsdecode(p) for p in run.stdout.split(b"\0") if p}
    return {shown for rel, shown in wanted.items() if rel in listed}
