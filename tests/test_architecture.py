"""docs/architecture.md matches the code: every module is listed with its layer, and no import
crosses a layer the wrong way (the page's table says which layers each layer may import).

When you add, split or rename a module, list it on the page; nothing here needs to change.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.helpers import REPO

PAGE = REPO / "docs" / "architecture.md"
SRC = REPO / "src" / "briefing"
# The one-way flow the page draws, upstream first; `model`, what the arrows carry, may be
# imported by every layer.
FLOW = ("loader", "model", "reports", "render", "cli")
SHARED = {"helpers", "model"}


def section(title: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def table_rows(text: str) -> list[list[str]]:
    rows = [[cell.strip() for cell in ln.strip().strip("|").split("|")] for ln in text.splitlines() if ln.startswith("|")]
    return [r for r in rows[2:]]  # past the header and its rule


def ticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def allowed() -> dict[str, set[str]]:
    return {ticked(layer)[0]: set(ticked(may)) for layer, may, *_ in table_rows(section("Who may import whom"))}


def listed_modules() -> dict[str, str]:
    """path under src/briefing → layer, as the page lists them."""
    rows = table_rows(section("Every module and its layer"))
    paths = [ticked(row[0])[0] for row in rows]
    assert len(paths) == len(set(paths)), f"listed twice: {sorted(p for p in paths if paths.count(p) > 1)}"
    return {ticked(row[0])[0]: row[1] for row in rows}


def known_exceptions() -> set[tuple[str, str]]:
    found = set()
    for line in section("Known exceptions").splitlines():
        m = re.match(r"- `([^`]+)` imports `([^`]+)`", line)
        if m:
            found.add((m[1], m[2]))
    return found


def source_modules() -> list[str]:
    return sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py"))


def module_file(dotted: str) -> str | None:
    """`briefing.render.memo` → `render/memo.py` (or a package's `__init__.py`); None if not ours."""
    parts = dotted.split(".")
    if parts[0] != "briefing":
        return None
    base = SRC.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py") if parts[1:] else None, base / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate.relative_to(SRC).as_posix()
    return None


def imports_of(path: str) -> set[str]:
    """Every module of the package that `path` imports, anywhere in it (inside functions too)."""
    package = ["briefing", *Path(path).parent.parts]
    tree = ast.parse((SRC / path).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            # `from briefing.render import markdown` imports the module render/markdown.py
            names = [f"{base}.{alias.name}" if module_file(f"{base}.{alias.name}") else base for alias in node.names]
        else:
            continue
        for name in names:
            target = module_file(name)
            if target and target != path:
                found.add(target)
    return found


def test_the_page_draws_the_flow_and_every_layer_has_a_row() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert " ──▶ ".join(FLOW) in text, "the drawing shows loader ──▶ model ──▶ reports ──▶ render ──▶ cli"
    layers = allowed()
    assert set(FLOW) <= set(layers)
    for layer, may in layers.items():
        assert may <= set(layers), f"{layer} may import an unknown layer: {sorted(may - set(layers))}"
        if layer in FLOW:
            downstream = set(FLOW[FLOW.index(layer) + 1 :]) - SHARED
            assert not may & downstream, f"the table lets {layer} import downstream: {sorted(may & downstream)}"
    assert set(listed_modules().values()) <= set(layers), "a module's layer is not in the table"


def test_every_module_is_listed_with_its_layer() -> None:
    listed = listed_modules()
    missing = [m for m in source_modules() if m not in listed]
    stale = [m for m in listed if m not in source_modules()]
    assert not missing, f"list these modules in {PAGE.relative_to(REPO)} with their layer: {missing}"
    assert not stale, f"{PAGE.relative_to(REPO)} lists modules that do not exist: {stale}"


def test_no_import_crosses_a_layer_the_wrong_way() -> None:
    layer_of, may, exceptions = listed_modules(), allowed(), known_exceptions()
    wrong, happening = [], set()
    for module in source_modules():
        layer = layer_of.get(module)
        if layer is None:
            continue  # named by the test above
        for target in sorted(imports_of(module)):
            other = layer_of.get(target)
            if other is None or other == layer or other in may[layer]:
                continue
            if (module, target) in exceptions:
                happening.add((module, target))
                continue
            wrong.append(f"{module} ({layer}) imports {target} ({other})")
    assert not wrong, "imports against the architecture:\n" + "\n".join(wrong)
    gone = exceptions - happening
    assert not gone, f"no longer happening, remove from the page's known exceptions: {sorted(gone)}"


@pytest.mark.parametrize(
    "module, expected",
    [("cli/search.py", {"render/search.py", "reports/search.py", "cli/common.py", "cli/reports.py"}), ("render/compare.py", {"render/markdown.py"})],
)
def test_imports_are_found_in_every_form(module: str, expected: set[str]) -> None:
    """The import finder sees imports inside functions and `from package import module`."""
    assert expected <= imports_of(module)
