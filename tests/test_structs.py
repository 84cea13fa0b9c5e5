"""The structs reports read are the models' own: the same fields, defaults, methods and JSON."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import msgspec
import pytest
from pydantic import BaseModel

from briefing import model, structs
from briefing.loader import load
from tests.helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 6, 1)
PAIRS = [
    (model.Meeting, structs.Meeting), (model.Series, structs.Series), (model.Place, structs.Place),
    (model.Participant, structs.Participant), (model.Commitment, structs.Commitment),
    (model.Source, structs.Source), (model.Count, structs.Count),
]


@pytest.mark.parametrize(("pydantic_model", "struct"), PAIRS, ids=[m.__name__ for m, _ in PAIRS])
def test_every_field_in_the_models_order_with_its_default(pydantic_model: type[BaseModel], struct: type) -> None:
    fields = msgspec.structs.fields(struct)
    assert [f.name for f in fields] == list(pydantic_model.model_fields)
    for f in fields:
        info = pydantic_model.model_fields[f.name]
        if info.is_required():
            assert f.required, f.name
        else:
            assert f.default == info.get_default(call_default_factory=True), f.name
    assert struct.model is pydantic_model


def test_the_models_methods_are_the_structs() -> None:
    assert structs.Meeting.involves is model.Meeting.involves
    assert structs.Meeting.heads_of_delegation is model.Meeting.heads_of_delegation


def test_a_field_added_to_a_model_needs_no_second_edit() -> None:
    class Extra(model.Strict):
        """A made-up part of a record."""

        strength: model.Text | None = None

    class Grown(model.Meeting):
        strength: tuple[Extra, ...] = ()
        unknown_date: bool = False

        def strong(self) -> bool:
            return bool(self.strength)

    made = structs.struct_of(Grown)
    assert [f.name for f in msgspec.structs.fields(made)][-2:] == ["strength", "unknown_date"]
    record = Grown.model_validate({"id": "x", "path": "x.toml", "title": "T", "date": "2020", "sources": [{"title": "s"}], "strength": [{"strength": "firm"}]})
    as_struct = structs.to_struct(made, record)
    assert as_struct.strong() and as_struct.strength[0].strength == "firm"
    assert as_struct.model_dump(mode="json") == record.model_dump(mode="json")


def test_a_field_of_a_type_not_mapped_fails_at_once() -> None:
    class Odd(model.Strict):
        when: dt.datetime

    with pytest.raises(TypeError, match="Odd.when"):
        structs.struct_of(Odd)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("structs") / "records"
    generate(150, root, seed=13)
    return root


def test_structs_write_what_the_models_write(generated: Path) -> None:
    """Every generated record, read as the loader reads it (a struct) and validated again as a
    model: the same JSON, field for field, and the same answers to the same questions."""
    result = load(generated, TODAY)
    assert len(result.meetings) == 150 and result.series
    for m in result.meetings:
        assert isinstance(m, structs.Meeting)
        again = model.Meeting.model_validate(m.model_dump(mode="json"))
        assert m.model_dump(mode="json") == again.model_dump(mode="json")
        assert m.model_dump_json() == again.model_dump_json()
        assert structs.to_struct(structs.Meeting, again) == m
        for code in ("KZ", "TR", "JP", ""):
            assert m.involves(code) == again.involves(code)
        assert [p.name for p in m.heads_of_delegation()] == [p.name for p in again.heads_of_delegation()]
    for s in result.series:
        assert s.model_dump_json() == model.Series.model_validate(s.model_dump(mode="json")).model_dump_json()


def test_reports_take_models_and_structs_alike(generated: Path) -> None:
    from briefing.reports.common import MeetingFilter, ReportMeta
    from briefing.reports.country import country_report
    from briefing.reports.timeline import timeline

    result = load(generated, TODAY)
    as_models = [model.Meeting.model_validate(m.model_dump(mode="json")) for m in result.meetings]
    series = [model.Series.model_validate(s.model_dump(mode="json")) for s in result.series]
    meta = ReportMeta(as_of=TODAY, command="test", records=len(as_models), digest=result.digest)
    flt = MeetingFilter(since=dt.date(2010, 1, 1))
    assert timeline(result.meetings, flt, meta).model_dump_json() == timeline(as_models, flt, meta).model_dump_json()
    code = result.meetings[0].countries[0]
    assert (
        country_report(result.meetings, result.series, code, flt, meta).model_dump_json()
        == country_report(as_models, series, code, flt, meta).model_dump_json()
    )


def test_no_module_reaches_into_a_dependencys_internals() -> None:
    """No private module of a dependency and no `__pydantic_*` attribute."""
    import re

    src = REPO / "src" / "briefing"
    offenders = []
    for path in sorted(src.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"__pydantic_\w+__|object\.__setattr__|from (pydantic|pydantic_core|rich|typer|click|msgspec)\._\w+|import (pydantic|pydantic_core|rich|typer|click|msgspec)\._\w+", text):
            where = path.relative_to(src).as_posix()
            offenders.append(f"{where}: {m.group(0)}")
    assert offenders == []


def test_the_libraries_that_shape_output_have_upper_bounds() -> None:
    import tomllib

    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for name in ("typer", "rich", "pydantic"):
        (spec,) = [d for d in deps if re.match(rf"{name}\b", d)]
        assert "<" in spec.split("#")[0], spec




def test_no_module_over_400_lines() -> None:
    """Every module under 400 lines: one that grows past 399 is split, one job a module."""
    long = {p.relative_to(REPO).as_posix() for p in (REPO / "src").rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) >= 400}
    assert long == set(), sorted(long)


def test_repeated_values_shared_in_a_big_folder_leave_the_records_as_they_were(generated: Path, tmp_path: Path) -> None:
    """A big folder's records share their repeated values (loader.readback.share): the same
    records, equal field by field and written the same, with one object for equal values."""
    from briefing.cache import RecordCache
    from briefing.loader.readback import share

    cache = RecordCache(tmp_path / "cache")
    load(generated, TODAY, cache)  # fill the cache
    mine = list(load(generated, TODAY, cache).meetings)  # read back, as a big folder's are
    before = [m.model_dump_json() for m in mine]
    share(mine, {})
    assert [m.model_dump_json() for m in mine] == before
    assert mine == list(load(generated, TODAY, cache).meetings)
    by_value: dict[object, int] = {}
    for m in mine:
        for value in (m.countries, *(p.country for p in m.participants), *(p.role for p in m.participants)):
            if value:
                assert by_value.setdefault(value, id(value)) == id(value)  # equal values: one object
    assert len(by_value) < sum(len(m.participants) for m in mine)  # there was something to share
