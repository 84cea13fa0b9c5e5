"""Who may share a round of a series, as `check` (and every command that writes) holds it:
a cancelled or postponed meeting releases its round; two held, or a held and a planned one that
it does not realise, may not share one. Fictional records only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import write

SERIES = 'name = "Fictional Fjord Talks"\n[[sources]]\ntitle = "Invented"\n'


def meeting(status: str, date: str, extra: str = "") -> str:
    return f'title = "Fjord talks, {status}"\ndate = "{date}"\nstatus = "{status}"\nseries = "fjord"\nround = 2\n{extra}[[sources]]\ntitle = "Invented"\n'


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        (("cancelled", "2030-03"), ("held", "2030-05"), True),
        (("postponed", "2030-03"), ("held", "2030-05"), True),
        (("cancelled", "2030-03"), ("planned", "2031-05"), True),
        (("planned", "2030-03"), ("held", "2030-05", 'realises = "a"\n'), True),
        (("held", "2030-03"), ("held", "2030-05"), False),
        (("planned", "2030-03"), ("held", "2030-05"), False),
        (("planned", "2030-03"), ("planned", "2031-05"), False),
    ],
)
def test_who_may_share_a_round(invoke, tmp_path: Path, first: tuple[str, ...], second: tuple[str, ...], shared: bool) -> None:
    write(tmp_path, "series/fjord.toml", SERIES)
    write(tmp_path, "a.toml", meeting(*first))
    write(tmp_path, "b.toml", meeting(*second))
    result = invoke("check", "--records", tmp_path, "--as-of", "2031-01-01")
    assert (result.exit_code == 0) is shared, result.stdout
    if not shared:
        assert "round: round 2 of series 'fjord' is also claimed by" in result.stdout


def test_an_edit_that_makes_two_held_meetings_share_a_round_is_refused(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "series/fjord.toml", SERIES)
    write(tmp_path, "a.toml", meeting("held", "2030-03"))
    write(tmp_path, "b.toml", meeting("held", "2030-05").replace("round = 2", "round = 3"))
    monkeypatch.setenv("EDITOR", "sed -i s/round\\ =\\ 3/round\\ =\\ 2/")
    monkeypatch.delenv("VISUAL", raising=False)
    result = invoke("edit", "b", "--records", tmp_path, "--as-of", "2031-01-01")
    assert result.exit_code == 1
    assert "b.toml:5: round: round 2 of series 'fjord' is also claimed by a" in result.stderr
    assert "round = 3" in (tmp_path / "b.toml").read_text(encoding="utf-8")
    assert invoke("edit", "b", "--fresh", "--records", tmp_path, "--as-of", "2031-01-01").exit_code == 1  # sed again: refused again
    monkeypatch.setenv("EDITOR", "sed -i s/held/cancelled/")  # the draft, mended: b is cancelled, a may keep round 2
    result = invoke("edit", "b", "--records", tmp_path, "--as-of", "2031-01-01")
    assert result.exit_code == 0, result.output
    assert 'status = "cancelled"' in (tmp_path / "b.toml").read_text(encoding="utf-8")
