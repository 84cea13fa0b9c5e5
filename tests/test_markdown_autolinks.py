"""Markdown memos make no link of record text, as GitHub renders them (cmark-gfm, through
cmarkgfm): GFM turns bare URLs, `www.` names and e-mail addresses into links without any markup,
so record text holding them is escaped; the only links are the sources' own `url`s."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

cmarkgfm = pytest.importorskip("cmarkgfm")

ADDRESSES = [
    "https://evil.example/x?y=1",
    "http://evil.example",
    "HTTPS://EVIL.EXAMPLE/UP",
    "ftp://evil.example/f",
    "www.evil.example/page",
    "WWW.Evil.example",
    "press+desk@evil.example",
    "mailto:someone@evil.example",
    "xmpp:someone@evil.example/home",
    "(www.evil.example)",
]
TEXT = "Said at " + ", then ".join(ADDRESSES) + "."

RECORD = f'''title = "Fictional talks: {TEXT}"
date = 2020-05-01
countries = ["UZ"]
summary = "{TEXT}"
topics = ["{TEXT}"]
outcomes = ["{TEXT}"]

[place]
city = "{TEXT}"

[[participants]]
name = "{TEXT}"
role = "{TEXT}"
country = "UZ"

[[commitments]]
text = "{TEXT}"
due = "2030"

[[sources]]
title = "{TEXT}"
publisher = "{TEXT}"
url = "https://source.example/page"
'''


def links(markdown: str) -> list[str]:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown)
    return re.findall(r'<a href="([^"]*)"', html)


def text_of(markdown: str) -> str:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown)
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


@pytest.mark.parametrize(
    "args",
    [["timeline"], ["country", "UZ"], ["show", "2020-05-01-fictional"], ["next", "--as-of", "2021-01-01"]],
    ids=lambda a: a[0],
)
def test_no_record_text_becomes_a_link(args: list[str], invoke, tmp_path: Path) -> None:
    (tmp_path / "2020-05-01-fictional.toml").write_text(RECORD, encoding="utf-8")
    result = invoke(*args, "--records", tmp_path, "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert set(links(result.stdout)) <= {"https://source.example/page"}, result.stdout
    shown = text_of(result.stdout)
    for address in ADDRESSES:  # and each is shown as written
        assert address in shown, address


def test_the_escapes_are_plain_commonmark_too(tmp_path: Path, invoke) -> None:
    """Read by a CommonMark parser (markdown-it), the memo shows the same text."""
    from markdown_it import MarkdownIt

    (tmp_path / "2020-05-01-fictional.toml").write_text(RECORD, encoding="utf-8")
    result = invoke("show", "2020-05-01-fictional", "--records", tmp_path, "-f", "markdown")
    html = MarkdownIt("commonmark").render(result.stdout)
    shown = re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")
    for address in ADDRESSES:
        assert address in shown, address
