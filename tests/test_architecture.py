"""The package's shape, as ARCHITECTURE.md draws it: floors that follow the data flow, imports that
only point down it, no circles, no page module calling another, small modules, MkDocs only in
the adapter.

Imports are read from the source with `ast`, every one of them: at the top of a module, inside
a function, and under `if TYPE_CHECKING:`, because a type a module names is a dependency too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "policy_handbook"

# Each floor may import its own modules and any floor with a lower number, never a higher one.
FLOORS = {
    # Shared by every floor: strings, the page registry's names, the build's date, the cache.
    "__init__": 0,
    "text": 0,
    "pages": 0,
    "dates": 0,
    "signing": 0,
    "cache": 1,  # signs what it keeps (signing); the loader keeps loaded policies in it
    "policy": 2,  # YAML in: the checked model
    "planning": 3,  # the model and calendar/ to a plan
    # A document to a draft policy file, checked by the loader: beside planning, not below it;
    # neither imports the other.
    "importer": 3,
    "feeds": 4,  # a plan to .ics bytes
    "views": 5,  # what a page shows
    "site": 6,  # Markdown pages from templates, search
    "options": 7,  # what a build asks for
    "handbook": 8,  # the one pipeline
    "new_site": 8,  # starters: a policy file (`new`), a whole site (`init`)
    "cli": 9,
    "mkdocs_plugin": 9,
    "__main__": 10,
}
# The page modules: one per page kind (or a kind's organisation and site-wide pages).
PAGE_MODULES = {
    "site.policy_page",
    "site.home_page",
    "site.what_to_do_pages",
    "site.card_page",
    "site.topics_page",
    "site.replies_pages",
    "site.follow_pages",
    "site.calendar_pages",
    "site.search",
}
MAX_LINES = 400
MAX_TOP_LEVEL_MODULES = 12


def _modules() -> dict[str, Path]:
    """Dotted name under policy_handbook (a package by its own name) -> file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that `name` imports, wherever in the file."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    if name == "__init__":
        here = []
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("policy_handbook"):
                target = node.module.removeprefix("policy_handbook").lstrip(".")
            else:
                continue
            for alias in node.names:
                whole = f"{target}.{alias.name}".lstrip(".")
                found.add(whole if whole in MODULES else target or "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("policy_handbook"):
                    found.add(alias.name.removeprefix("policy_handbook").lstrip(".") or "__init__")
    found.discard(name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _floor(name: str) -> str:
    return name.split(".")[0]


def test_every_module_has_a_floor():
    assert {_floor(name) for name in MODULES} <= set(FLOORS)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_point_down_the_flow(name):
    floor = _floor(name)
    upward = [
        target
        for target in sorted(GRAPH[name])
        if FLOORS[_floor(target)] > FLOORS[floor]
        or (FLOORS[_floor(target)] == FLOORS[floor] and _floor(target) != floor)
    ]
    assert not upward, f"{name} ({floor}, floor {FLOORS[floor]}) imports {upward}"


def test_no_import_circles():
    """Depth-first search over the whole package: a module reached again while its own imports
    are still being followed closes a circle."""
    circles = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                circles.append(" -> ".join(trail[trail.index(target) :] + [target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(MODULES):
        if name not in state:
            visit(name, [name])
    assert not circles


def test_page_modules_never_import_each_other():
    crossing = {
        name: sorted(GRAPH[name] & PAGE_MODULES)
        for name in PAGE_MODULES
        if GRAPH[name] & PAGE_MODULES
    }
    assert not crossing, "what two pages share belongs in views/ or text/"


def test_every_page_module_exists():
    assert PAGE_MODULES <= set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_400_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_the_top_level_holds_about_a_dozen_modules():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def _imports_mkdocs(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "mkdocs":
            return True
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "mkdocs" for a in node.names
        ):
            return True
    return False


def test_only_the_adapter_imports_mkdocs():
    importing = sorted(name for name, path in MODULES.items() if _imports_mkdocs(path))
    assert importing and all(_floor(name) == "mkdocs_plugin" for name in importing), importing


def test_the_graph_reads_real_imports():
    """The checks above are only as good as the graph: spot-check edges that exist today."""
    assert "policy.model" in GRAPH["policy.loader"]
    assert "views.replies" in GRAPH["site.block_html"]
    assert "planning" in GRAPH["feeds.ical"]
    assert "feeds.ical" in GRAPH["site.calendar_pages"]  # an import inside a function
