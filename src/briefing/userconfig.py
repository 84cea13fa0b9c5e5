"""The user's config file, `briefing.toml` in the user's config folder: defaults for every
command, each used only when no option and no environment variable gives the value.

    records = "~/notes/records"   # the records folder (~ and paths relative to this file's folder)

    [home]                        # the home side, where the records folder's briefing.toml names none
    country = "Japan"             # or: organization = "..."

    [memo]                        # a Markdown memo's header block
    to = "Central Asia desk"
    from = "Analysis unit"
    marking = "OFFICIAL"
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from briefing.model import HomeSetting, NonEmptyText, Strict

CONFIG_FILE = "briefing.toml"


class MemoDefaults(Strict):
    """`[memo]`: the header block of every Markdown memo (--to, --from, --marking)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    to: NonEmptyText | None = None
    from_: NonEmptyText | None = Field(default=None, alias="from")
    marking: NonEmptyText | None = None


class UserConfig(Strict):
    """The config file: the records folder, the home side and the memo header by default."""

    records: NonEmptyText | None = None
    home: HomeSetting | None = None
    memo: MemoDefaults | None = None
