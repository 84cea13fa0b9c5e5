"""JSON written in pieces is byte for byte the report dumped whole."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from tests.helpers import REPO

from briefing.loader import load
from briefing.render import jsonout
from briefing.render.jsonout import json_chunks
from briefing.reports.common import MeetingFilter, ReportMeta
from briefing.reports.search import search
from briefing.reports.timeline import timeline

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 6, 1)


def whole(report) -> bytes:  # type: ignore[no-untyped-def]
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")


@pytest.mark.parametrize("per_chunk", [1, 7, 1000])
def test_pieces_join_to_the_whole(tmp_path: Path, per_chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonout, "ITEMS_PER_CHUNK", per_chunk)
    generate(60, tmp_path / "gen", seed=2)
    for root in (tmp_path / "gen", REPO / "records"):
        result = load(root, TODAY)
        meta = ReportMeta(as_of=TODAY, command="briefing timeline ‹ü›", records=result.count, digest=result.digest)
        for flt in (MeetingFilter(), MeetingFilter(since=dt.date(2017, 1, 1)), MeetingFilter(since=dt.date(2100, 1, 1))):
            report = timeline(result.meetings, flt, meta)
            assert b"".join(json_chunks(report, "meetings")) == whole(report)
            found = search(result.meetings, "dialogue", flt, meta)
            assert b"".join(json_chunks(found, "results")) == whole(found)
        assert json.loads(b"".join(json_chunks(timeline(result.meetings, MeetingFilter(), meta), "meetings")))["meetings"]


def test_only_the_last_field_is_streamed() -> None:
    result = load(REPO / "records", TODAY)
    report = timeline(result.meetings, MeetingFilter(), ReportMeta(as_of=TODAY, command="x", records=1, digest="d"))
    with pytest.raises(ValueError):
        list(json_chunks(report, "total"))
