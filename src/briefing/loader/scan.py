"""The scan: which files under a records folder are records, and of what kind, in one pass.

What a file is follows from its place in the folder alone (`PLACES`): a meeting anywhere, a
series in `series/`. Hidden files and folders, `_`-folders and editors' backups are passed over;
so are links to folders outside the records folder (as git, ripgrep and fd do), each named in
`Scan.skipped`, so a link to `/` or `/proc/self` never walks the file system. Each folder costs
the same however deep it lies.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from stat import S_ISDIR, S_ISREG

import msgspec


SERIES_DIR = "series"
SETTINGS_FILE = "briefing.toml"  # as model.SETTINGS_FILE (a test holds them equal; the scan imports no model)

# What a file is, by its place below the records folder: the first pattern that matches its
# '/'-separated path decides ("*" matches within one folder, "**/" any folders). A kind with no
# model yet (see `loader.parse.MODELS`) is found but not read.
PLACES: tuple[tuple[str, str], ...] = (
    (f"{SERIES_DIR}/*.toml", "series"),
    ("people/*.toml", "person"),  # one person a file (issue 14)
    (SETTINGS_FILE, "settings"),  # the folder's settings (loader.settings): not a meeting
    ("**/*.toml", "meeting"),
)


def _pattern(glob: str) -> re.Pattern[str]:
    """A PLACES pattern as a regular expression: `**/` any folders, `*` within one name."""
    out = ""
    for part in re.split(r"(\*\*/|\*)", glob):
        out += {"**/": "(?:[^/]*/)*", "*": "[^/]*"}.get(part, re.escape(part))
    return re.compile(out)


# One expression, a group per place, the first that matches wins.
_PLACES = re.compile("|".join(f"(?P<k{i}>{_pattern(glob).pattern})" for i, (glob, _) in enumerate(PLACES)))
_KINDS = {f"k{i}": kind for i, (_, kind) in enumerate(PLACES)}


def kind_of(rel: str) -> str:
    """The kind of the file at this '/'-separated path below the records folder."""
    m = _PLACES.fullmatch(rel)
    return _KINDS[m.lastgroup] if m is not None and m.lastgroup is not None else "meeting"


class Found(msgspec.Struct, gc=False):
    """A record file as the scan found it: where, how the user sees it, and what its stat says."""

    path: str  # root joined with rel
    rel: str  # below root, '/'-separated: the cache's key
    shown: str
    kind: str  # see PLACES
    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int
    stem: str  # the name without ".toml": the record's id


class Scan(msgspec.Struct, gc=False):
    files: list[Found]
    skipped: list[tuple[str, str]]  # links to folders outside the records folder: (shown, target)


def discover(root: Path) -> list[Path]:
    """Every meeting and series file under root, sorted: .toml regular files, no hidden files or
    backups (person files and the settings file are read apart: loader.people, loader.settings)."""
    return [Path(f.path) for f in scan_folder(root).files if f.kind in ("meeting", "series")]


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
    return kind_of(rel.as_posix()) == "series"


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def scan_folder(root: Path, *, stat: bool = True) -> Scan:
    """The record files under root, sorted by their path's parts, with stat and shown path
    (`stat=False`: names only, their stat fields 0, for shell completion).

    Depth first with a stack of our own (folders nested thousands deep must not exhaust Python's
    recursion limit); a folder reached twice (through a link inside the records folder) is read
    once, under the first name met in sorted order; each folder is resolved only if reached
    through a link, so depth costs linear time.
    """
    top = str(root)
    try:
        real_top = os.path.realpath(top)
    except OSError:
        real_top = os.path.abspath(top)
    try:
        cwd = os.path.realpath(os.getcwd())
        prefix: str | None = cwd if cwd.endswith(os.sep) else cwd + os.sep
    except OSError:
        prefix = None

    def shown(real: str, path: str) -> str:
        return real[len(prefix) :] if prefix is not None and real.startswith(prefix) else path

    found: list[tuple[str, Found]] = []
    skipped: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    try:
        st = os.stat(top)
        seen.add((st.st_dev, st.st_ino))
    except OSError:
        return Scan([], [])
    # (path as given, its real path, '/'-joined path below root, sort key of its parts)
    stack: list[tuple[str, str, str, str]] = [(top, real_top, "", "")]
    while stack:
        folder, real, rel_folder, key_folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        shown_folder = shown(os.path.join(real, ""), os.path.join(folder, ""))
        subfolders: list[tuple[str, str, str, str]] = []
        for entry in entries:
            name = entry.name
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if name.startswith((".", "_")):
                    continue
                try:
                    if link:
                        target = os.path.realpath(entry.path)
                        if not _inside(target, real_top):
                            skipped.append((shown_folder + name, target))
                            continue
                        dst = os.stat(entry.path)
                        sub_real = target
                    else:
                        dst = entry.stat(follow_symlinks=False)
                        sub_real = os.path.join(real, name)
                except OSError:
                    continue
                if (dst.st_dev, dst.st_ino) in seen:
                    continue
                seen.add((dst.st_dev, dst.st_ino))
                part = os.path.normcase(name) if os.name == "nt" else name
                subfolders.append((os.path.join(folder, name), sub_real, f"{rel_folder}{name}/", f"{key_folder}{part}\0"))
                continue
            # Backups and editors' files (x.toml~, x.toml.bak, .x.toml.swp, #x.toml#) do not end in .toml.
            if not name.endswith(".toml") or name.startswith("."):
                continue
            if not rel_folder and name == SETTINGS_FILE:
                continue  # the folder's settings (loader.settings), not a record
            path = entry.path
            rel = rel_folder + name
            key = key_folder + (os.path.normcase(name) if os.name == "nt" else name)
            if not stat:
                try:
                    if entry.is_file():
                        found.append((key, Found(path, rel, path, kind_of(rel), 0, 0, 0, 0, 0, name[:-5])))
                except OSError:
                    pass
                continue
            try:
                fst = entry.stat()
                seen_as = shown(os.path.realpath(path), path) if link else shown_folder + name
            except OSError:
                continue
            if not S_ISREG(fst.st_mode) or S_ISDIR(fst.st_mode):
                continue
            item = Found(
                path, rel, path if seen_as == path else seen_as, kind_of(rel),
                fst.st_dev, fst.st_ino, fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, name[:-5],
            )
            found.append((key, item))
        stack.extend(reversed(subfolders))
    # Sorted by the path's parts in turn, as a string: NUL (in no name) sorts before anything.
    found.sort(key=lambda kf: kf[0])
    return Scan([f for _, f in found], skipped)
