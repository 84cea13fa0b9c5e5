"""Hostile sizes cost linear time: twice the size, about twice the cost (a ratio of two sizes
measured in one run, never an absolute time). The benchmark bounds their time and memory."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

from briefing.loader import load
from briefing.loader.scan import scan_folder

TODAY = dt.date(2026, 6, 1)
RECORD = 'title = "Deep"\ndate = "2020"\n[[sources]]\ntitle = "A fictional source"\n'


def ratio(small: Callable[[], object], large: Callable[[], object], runs: int = 5) -> float:
    """The large case's best time over the small case's, the two run in turn, in CPU seconds of
    this process (what other processes on the machine do is not counted; the machine may be
    busy, and the suite runs a worker per core: each case gets the same chances)."""
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for k, fn in enumerate((small, large)):
            start = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - start)
    return best[1] / best[0]


def deep(root: Path, depth: int) -> Path:
    root.mkdir()
    fd = os.open(root, os.O_RDONLY)
    for _ in range(depth):  # a level at a time (pathlib's mkdir recurses)
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    out = os.open("m.toml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(out, RECORD.encode())
    os.close(out)
    os.close(fd)
    return root


def test_folder_depth_costs_linear_time(tmp_path: Path) -> None:
    small, large = deep(tmp_path / "small", 400), deep(tmp_path / "large", 800)
    assert len(scan_folder(large).files) == 1
    grows = ratio(lambda: scan_folder(small), lambda: scan_folder(large))
    assert grows < 3.2, grows  # quadratic would be 4


def dangling(root: Path, n: int) -> Path:
    root.mkdir()
    body = "".join(f'[[commitments]]\ntext = "Promise {i}"\nfulfilled_by = "nowhere-{i}"\n' for i in range(n))
    (root / "m.toml").write_text('title = "Many"\ndate = "2020"\n' + body + '[[sources]]\ntitle = "A fictional source"\n', encoding="utf-8")
    return root


def test_problems_in_one_file_cost_linear_time(tmp_path: Path) -> None:
    small, large = dangling(tmp_path / "small", 1000), dangling(tmp_path / "large", 2000)
    errors = load(large, TODAY).errors
    assert len(errors) == 101  # 100 shown, and one that counts the rest (docs/guarantees.md)
    assert errors[-1].message.startswith("and 1,900 more problem(s)")
    grows = ratio(lambda: load(small, TODAY), lambda: load(large, TODAY))
    assert grows < 3.2, grows  # quadratic would be 4
