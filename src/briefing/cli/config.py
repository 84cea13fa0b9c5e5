"""The user's config file in the CLI: the values it gives, and `briefing config`, which shows
every setting in force and where it came from.

Each setting is taken from the first of: its option, its environment variable, the config file,
the default (for the home side, the records folder's own briefing.toml comes before the config
file: the folder's settings are about its records, the config file is the user's default).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from briefing.cli.common import EXIT_PROBLEMS, HomeOpt, RecordsOpt, emit, fail, warn

if TYPE_CHECKING:
    from briefing.loader.config import ConfigResult

# The environment variable of each setting.
ENV = {
    "records": "BRIEFING_RECORDS",
    "home": "BRIEFING_HOME_SIDE",
    "memo.to": "BRIEFING_MEMO_TO",
    "memo.from": "BRIEFING_MEMO_FROM",
    "memo.marking": "BRIEFING_MEMO_MARKING",
}
FROM_CONFIG = "the config file"  # as a memo says where its home side came from


def user_config() -> ConfigResult:
    """The config file as read; one with problems is each problem on stderr and exit 1."""
    from briefing.loader.config import load_config

    result = load_config()
    if result.problems:
        for problem in result.problems:
            warn(str(problem))
        fail(f"the config file has {len(result.problems)} problem(s); mend it, or set $BRIEFING_CONFIG_DIR to use another", EXIT_PROBLEMS)
    return result


def configured_records() -> Path | None:
    """The config file's records folder (only asked when neither --records nor the environment names one)."""
    return user_config().records_folder()


def memo_default(name: str) -> str | None:
    """A memo header field (to, from, marking) from the environment, else the config file."""
    value = os.environ.get(ENV[f"memo.{name}"])
    if value and value.strip():
        return value
    config = user_config().config
    if config is None or config.memo is None:
        return None
    return getattr(config.memo, "from_" if name == "from" else name)


@dataclass(frozen=True)
class Setting:
    name: str
    value: str  # as shown
    source: str  # option, environment, config file, records folder, default
    detail: str = ""  # which option or variable, which file


def settings_in_force(records: Path | None, home: str | None) -> tuple[ConfigResult, list[Setting]]:
    from briefing.loader import bundled_records, records_dir
    from briefing.loader.settings import load_settings

    config = user_config()
    out = []
    if records is not None:
        folder, setting = records, Setting("records", str(records), "option", "--records")
    elif os.environ.get(ENV["records"]):
        folder = Path(os.environ[ENV["records"]])
        setting = Setting("records", str(folder), "environment", f"${ENV['records']}")
    elif config.records_folder() is not None:
        folder = config.records_folder()  # type: ignore[assignment]
        setting = Setting("records", str(folder), "config file", "records")
    else:
        folder = records_dir(None, env={})
        bundled = folder == bundled_records()
        setting = Setting("records", "the bundled records" if bundled else str(folder), "default", "" if bundled else "./records")
    if not folder.is_dir():
        setting = Setting(setting.name, f"{setting.value} (no such folder)", setting.source, setting.detail)
    out.append(setting)

    from briefing.reports.home import home_of_setting

    settings = load_settings(folder).settings if folder.is_dir() else None
    side = None if settings is None or settings.home is None else home_of_setting(settings.home, "").name
    config_side = None if config.config is None or config.config.home is None else home_of_setting(config.config.home, "").name
    if home is not None:
        out.append(Setting("home", home, "option", "--home"))
    elif os.environ.get(ENV["home"], "").strip():
        out.append(Setting("home", os.environ[ENV["home"]], "environment", f"${ENV['home']}"))
    elif side is not None:
        out.append(Setting("home", side, "records folder", str(folder / "briefing.toml")))
    elif config_side is not None:
        out.append(Setting("home", config_side, "config file", "[home]"))
    else:
        out.append(Setting("home", "none", "default"))

    memo = config.config.memo if config.config is not None else None
    for name in ("to", "from", "marking"):
        key = f"memo.{name}"
        value = os.environ.get(ENV[key], "").strip()
        configured = getattr(memo, "from_" if name == "from" else name) if memo is not None else None
        if value:
            out.append(Setting(key, value, "environment", f"${ENV[key]}"))
        elif configured:
            out.append(Setting(key, configured, "config file", f"[memo] {name}"))
        else:
            out.append(Setting(key, "not set", "default", f"--{name} on a command"))
    return config, out


def config(
    records: RecordsOpt = None,
    home: HomeOpt = None,
) -> None:
    """The settings in force — records folder, home side, memo header — and where each came from: an option, the environment, the config file or the default."""
    from briefing.text import one_line

    result, settings = settings_in_force(records, home)
    state = "" if result.exists else " (none there: every setting is its default or comes from the environment)"
    lines = [f"config file: {one_line(str(result.path))}{state}", ""]
    width = max(len(s.name) for s in settings) + 2
    value_width = min(max(len(one_line(s.value)) for s in settings) + 2, 40)
    for s in settings:
        source = s.source + (f" ({one_line(s.detail)})" if s.detail else "")
        value = one_line(s.value)
        lines.append(f"{s.name:<{width}}{value:<{value_width}}{source}".rstrip() if len(value) < value_width else f"{s.name:<{width}}{value}  {source}")
    emit("\n".join(lines) + "\n", None, False)


def register(app: typer.Typer) -> None:
    app.command("config")(config)
