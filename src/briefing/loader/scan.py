"""The scan: which files under a records folder are records, in one pass of scandir."""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG

import msgspec

from briefing.model import SETTINGS_FILE

SERIES_DIR = "series"


class Found(msgspec.Struct, gc=False):
    """A record file as the scan found it: where, how the user sees it, and what its stat says."""

    path: str  # root joined with rel
    rel: str  # below root, '/'-separated: the cache's key
    shown: str
    series: bool
    size: int
    mtime_ns: int
    ctime_ns: int
    stem: str  # the name without ".toml": the record's id


def discover(root: Path) -> list[Path]:
    """Every record file under root, sorted: .toml regular files, no hidden files or backups.

    Symbolic links to folders are followed once (a loop is walked only once).
    """
    return [Path(f.path) for f in scan_folder(root)]


def shown_path(path: Path, root: Path) -> str:
    """The path as the user should see it: relative to the working folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def is_series_file(path: Path, root: Path) -> bool:
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    return len(rel.parts) == 2 and rel.parts[0] == SERIES_DIR


def scan_folder(root: Path) -> list[Found]:
    """The files `discover` lists, with their stat and shown path, in one pass of scandir.

    Walks like os.walk(followlinks=True), top-down with sorted folders, so that a folder reached
    twice (a link loop) is kept under the same name; resolves each folder once, not each file.
    """
    top = str(root)
    try:
        cwd = os.path.realpath(os.getcwd())
        prefix: str | None = cwd if cwd.endswith(os.sep) else cwd + os.sep
    except OSError:
        prefix = None
    found: list[tuple[str, Found]] = []
    seen: set[tuple[int, int]] = set()

    def shown(real: str, path: str) -> str:
        return real[len(prefix) :] if prefix is not None and real.startswith(prefix) else path

    def visit(folder: str, parts: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
        """Collect the folder's record files; return its subfolders to visit, in order."""
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                return []
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            return []
        real_folder = os.path.join(os.path.realpath(folder), "")
        shown_folder = shown(real_folder, os.path.join(folder, ""))
        rel_folder = "".join(f"{p}/" for p in parts)
        # Sorted by the path's parts in turn, as a string: NUL (in no name) sorts before anything.
        key_folder = "".join(f"{os.path.normcase(p) if os.name == 'nt' else p}\0" for p in parts)
        top_series = parts == (SERIES_DIR,)
        dirs = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith((".", "_")):
                    dirs.append(name)
                continue
            # Backups and editors' files (x.toml~, x.toml.bak, .x.toml.swp, #x.toml#) do not end in .toml.
            if not name.endswith(".toml") or name.startswith("."):
                continue
            if not parts and name == SETTINGS_FILE:
                continue  # the folder's settings (loader.settings), not a record
            path = entry.path
            try:
                fst = entry.stat()
                seen_as = shown(os.path.realpath(path), path) if entry.is_symlink() else shown_folder + name
            except OSError:
                continue
            if not S_ISREG(fst.st_mode):
                continue
            key = key_folder + (os.path.normcase(name) if os.name == "nt" else name)
            item = Found(
                path, rel_folder + name, path if seen_as == path else seen_as, top_series,
                fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, name[:-5],
            )
            found.append((key, item))
        return [(os.path.join(folder, name), (*parts, name)) for name in sorted(dirs)]

    # Depth first in sorted order, like the recursion it replaces, but with a stack of our own:
    # folders nested a thousand deep must not exhaust Python's recursion limit.
    stack: list[tuple[str, tuple[str, ...]]] = [(top, ())]
    while stack:
        folder, parts = stack.pop()
        stack.extend(reversed(visit(folder, parts)))
    found.sort(key=lambda kf: kf[0])
    return [f for _, f in found]
