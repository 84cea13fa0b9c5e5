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


def _max_open() -> int:
    """Folders held open at once while the scan goes down: well within the process's limit."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return 400
    return 100_000 if soft == resource.RLIM_INFINITY else max(16, min(100_000, soft // 2))


MAX_OPEN = _max_open()
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
    fd_ok = os.scandir in os.supports_fd and os.open in os.supports_dir_fd
    # A folder to read: (path as given, its real path, '/'-joined path below root, sort key of its
    # parts). Each is opened relative to its parent's open descriptor (no path walked again from
    # the top: depth costs linear time), and read whole before its subfolders, in sorted order.
    Folder = tuple[str, str, str, str]

    def read(fd: int | str, where: Folder) -> list[tuple[Folder, str | None]]:
        """Collect this folder's record files; return its subfolders (and, for one reached by a
        link, the real path to open it by)."""
        folder, real, rel_folder, key_folder = where
        try:
            with os.scandir(fd) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return []
        in_folder = os.path.join(folder, "")  # (a name holds no separator: os.path.join of one is this plus it)
        shown_folder = shown(os.path.join(real, ""), in_folder)
        subfolders: list[tuple[Folder, str | None]] = []
        for entry in entries:
            name = entry.name
            path = in_folder + name
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if name.startswith((".", "_")):
                    continue
                via = None
                if link:
                    try:
                        target = os.path.realpath(path)
                    except OSError:
                        continue
                    if not _inside(target, real_top):
                        skipped.append((shown_folder + name, target))
                        continue
                    via, sub_real = target, target
                else:
                    sub_real = os.path.join(real, name)
                part = os.path.normcase(name) if os.name == "nt" else name
                subfolders.append(((path, sub_real, f"{rel_folder}{name}/", f"{key_folder}{part}\0"), via))
                continue
            # Backups and editors' files (x.toml~, x.toml.bak, .x.toml.swp, #x.toml#) do not end in .toml.
            if not name.endswith(".toml") or name.startswith("."):
                continue
            if not rel_folder and name == SETTINGS_FILE:
                continue  # the folder's settings (loader.settings), not a record
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
            if not S_ISREG(fst.st_mode):
                continue
            item = Found(
                path, rel, path if seen_as == path else seen_as, kind_of(rel),
                fst.st_dev, fst.st_ino, fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, name[:-5],
            )
            found.append((key, item))
        return subfolders

    def opened(parent: int | None, where: Folder, via: str | None) -> int | str | None:
        """The folder opened (a descriptor, or its path where descriptors cannot be used), once:
        None for a folder read already or that cannot be opened."""
        try:
            if fd_ok and parent is not None and via is None:
                name = os.path.basename(where[0])
                handle: int | str = os.open(name, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0), dir_fd=parent)
            elif fd_ok:
                handle = os.open(via or where[0], os.O_RDONLY | os.O_DIRECTORY)
            else:
                handle = via or where[0]
            st = os.stat(handle)
        except OSError:
            return None
        if (st.st_dev, st.st_ino) in seen:
            if isinstance(handle, int):
                os.close(handle)
            return None
        seen.add((st.st_dev, st.st_ino))
        return handle

    # Depth first with a stack of our own (folders nested thousands deep must not exhaust
    # Python's recursion limit): each frame is an open folder and the subfolders left to read.
    top_handle = opened(None, (top, real_top, "", ""), None)
    if top_handle is None:
        return Scan([], [])
    stack = [(top_handle, iter(read(top_handle, (top, real_top, "", ""))))]
    try:
        while stack:
            handle, subfolders = stack[-1]
            nxt = next(subfolders, None)
            if nxt is None:
                stack.pop()
                if isinstance(handle, int):
                    os.close(handle)
                continue
            where, via = nxt
            # Past a few hundred levels, a folder is opened by its path (not to hold a descriptor
            # for every level: the limit may be a thousand).
            parent = handle if isinstance(handle, int) and len(stack) < MAX_OPEN else None
            sub = opened(parent, where, via)
            if sub is None:
                continue
            stack.append((sub, iter(read(sub, where))))
    finally:
        for handle, _ in stack:
            if isinstance(handle, int):
                os.close(handle)
    # Sorted by the path's parts in turn, as a string: NUL (in no name) sorts before anything.
    found.sort(key=lambda kf: kf[0])
    return Scan([f for _, f in found], skipped)
