"""The records folder's settings file: `briefing.toml` at its top (never a record).

It holds settings for every record in the folder, one table per concern. Today that is `[home]`,
whose briefings these are:

    [home]
    country = "Japan"        # a code or a name, as records take them; or
    # organization = "Organization of Turkic States"

A file that cannot be read or does not validate gives problems with `path:line`, exactly like a
record; the reports then run without its settings (and say so), `check` exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from briefing.model import SETTINGS_FILE, FolderSettings, Problem


@dataclass(frozen=True)
class SettingsResult:
    settings: FolderSettings | None  # None: no file, or one with problems
    problems: tuple[Problem, ...] = field(default=())
    path: str | None = None  # as shown to the user, when there is a file
    digest: str = ""  # hash of its bytes ("" when there is none): part of the records digest


def settings_path(root: Path) -> Path:
    return root / SETTINGS_FILE


def load_settings(root: Path) -> SettingsResult:
    """Read and validate `<root>/briefing.toml`, if there is one. Never raises."""
    from briefing.loader.parse import decode, digest_of, parse_toml, read_bytes
    from briefing.loader.scan import shown_path
    from briefing.wording import validation_problems

    path = settings_path(root)
    if not path.is_file():
        return SettingsResult(None)
    shown = shown_path(path, root)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return SettingsResult(None, tuple(problems), shown)
    digest = digest_of(raw)
    text, problems = decode(raw, shown)
    if text is None:
        return SettingsResult(None, tuple(problems), shown, digest)
    data, problems = parse_toml(text, shown)
    if data is None:
        return SettingsResult(None, tuple(problems), shown, digest)
    try:
        settings = FolderSettings.model_validate(data)
    except ValidationError as exc:
        return SettingsResult(None, tuple(validation_problems(exc, text, shown, FolderSettings)), shown, digest)
    except RecursionError:
        return SettingsResult(None, (Problem(path=shown, line=1, message="nested too deeply"),), shown, digest)
    return SettingsResult(settings, (), shown, digest)
