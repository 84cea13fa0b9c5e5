"""Where the user's config file is, and reading it: `briefing.toml` in $BRIEFING_CONFIG_DIR, else
the user's config folder (platformdirs: $XDG_CONFIG_HOME/briefing, else ~/.config/briefing on
Linux). A file that cannot be read or does not validate gives problems with `path:line`, worded
as for a record; no file is no problem.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from briefing.model import Problem
from briefing.userconfig import CONFIG_FILE, UserConfig


@dataclass(frozen=True)
class ConfigResult:
    path: Path  # where the file is looked for
    config: UserConfig | None  # None: no file, or one with problems
    problems: tuple[Problem, ...] = field(default=())

    @property
    def exists(self) -> bool:
        return self.config is not None or bool(self.problems)

    def records_folder(self) -> Path | None:
        """The config's records folder: ~ expanded, a relative path from the file's folder."""
        if self.config is None or self.config.records is None:
            return None
        folder = Path(self.config.records).expanduser()
        return folder if folder.is_absolute() else Path(os.path.normpath(self.path.parent / folder))


def config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("BRIEFING_CONFIG_DIR"):
        return Path(env["BRIEFING_CONFIG_DIR"]) / CONFIG_FILE
    from platformdirs import user_config_dir

    return Path(user_config_dir("briefing", appauthor=False)) / CONFIG_FILE


def load_config(env: Mapping[str, str] | None = None) -> ConfigResult:
    """Read and validate the config file, if there is one. Never raises."""
    from briefing.loader.parse import decode, parse_toml, read_bytes
    from briefing.wording import validation_problems

    path = config_path(env)
    try:
        if not path.is_file():
            return ConfigResult(path, None)
    except OSError:
        return ConfigResult(path, None)
    shown = str(path)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return ConfigResult(path, None, tuple(problems))
    text, problems = decode(raw, shown)
    if text is None:
        return ConfigResult(path, None, tuple(problems))
    data, problems = parse_toml(text, shown)
    if data is None:
        return ConfigResult(path, None, tuple(problems))
    try:
        config = UserConfig.model_validate(data)
    except ValidationError as exc:
        return ConfigResult(path, None, tuple(validation_problems(exc, text, shown, UserConfig)))
    except RecursionError:
        return ConfigResult(path, None, (Problem(path=shown, line=1, message="nested too deeply"),))
    return ConfigResult(path, config)
