"""The app's modules import one way: no import cycle among them, counting imports inside functions (only imports
under `if TYPE_CHECKING:` are left out, as they never run). And a module keeps its private names (one leading
underscore) to itself: what another module uses is public."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("water_targets", "web", "callbacks", "layouts")


def modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _from_module(name: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module a `from ... import` in module `name` reads, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = name.split(".") if is_package else name.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def _targets(name: str, path: Path, node: ast.AST, known: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        candidates = [a.name for a in node.names]
    else:
        base = _from_module(name, path.name == "__init__.py", node)
        candidates = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    out = []
    for target in candidates:
        while target and target not in known and "." in target:
            target = target.rsplit(".", 1)[0]
        if target in known and target != name:
            out.append(target)
    return out


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped:
                graph[name].update(_targets(name, path, node, known))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_the_apps_modules() -> None:
    graph = import_graph()
    assert "water_targets.data" in graph["water_targets.imports.pipeline"]  # the graph sees relative imports
    assert cycles(graph) == []


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_names_taken(name: str, is_package: bool, tree: ast.AST, known: set[str]) -> list[tuple[str, str, str]]:
    """(module, imported module, name) for each private name module `name` takes from another of the app's
    modules: `from m import _name`, or `m._name` on a module it imported (`import m`, `from p import m`)."""
    found: list[tuple[str, str, str]] = []
    bound: dict[str, str] = {}  # local name -> the app module it is
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bound.update({a.asname or a.name: a.name for a in node.names if a.name in known})
        elif isinstance(node, ast.ImportFrom):
            base = _from_module(name, is_package, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    bound[alias.asname or alias.name] = f"{base}.{alias.name}"
                if _private(alias.name) and base in known and base != name:
                    found.append((name, base, alias.name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            module = bound.get(ast.unparse(node.value))
            if module is not None and module != name:
                found.append((name, module, node.attr))
    return sorted(set(found))


def test_the_check_finds_a_private_name_taken() -> None:
    source = (
        "from .b import _hidden, shown, __version__\n"
        "from . import b as bee\n"
        "import pkg.b\n"
        "bee._other, pkg.b._third, bee.__doc__, x._not_a_module\n"
        "def _own(): pass\n"
    )
    taken = private_names_taken("pkg.a", False, ast.parse(source), {"pkg", "pkg.a", "pkg.b"})
    assert taken == [("pkg.a", "pkg.b", "_hidden"), ("pkg.a", "pkg.b", "_other"), ("pkg.a", "pkg.b", "_third")]


def test_no_private_name_is_imported_from_another_module() -> None:
    known = modules()
    offenders = [
        taken
        for name, path in known.items()
        for taken in private_names_taken(
            name, path.name == "__init__.py", ast.parse(path.read_text(encoding="utf-8")), set(known)
        )
    ]
    assert offenders == [], "private names used by another module (module, imported module, name): " + ", ".join(
        map(str, offenders)
    )


# ------------------------------------------------------------------ layers

# Storage → domain model (data.py loads it) → pure builders → callbacks and HTTP → layouts. A builder, the
# geometry, the vocabulary and the parsers never reach the database, whatever they import on the way.
NEVER_REACH_STORAGE = (
    "water_targets.geo",
    "water_targets.boundaries.upload_geometry",
    "water_targets.boundaries.reading",
    "water_targets.indicators",
    "water_targets.schemas",
    "water_targets.model",
    "water_targets.choropleth",
    "water_targets.snapshot",
    "water_targets.classes",
    "water_targets.figures",
    "water_targets.ranking",
    "water_targets.status",
    "water_targets.progress",
    "water_targets.tables",
    "water_targets.progress_table",
    "water_targets.queries",
    "water_targets.regions",
    "water_targets.controls",
    "water_targets.qualifiers",
    "water_targets.geometry",
    "water_targets.exports",
    "water_targets.imports.parse",
    "water_targets.i18n",
    "water_targets.urlstate",
)
STORAGE = ("water_targets.store", "water_targets.data")
# Which top-level layer may not import which.
FORBIDDEN = {
    "water_targets": ("web", "callbacks", "layouts", "app"),
    "web": ("callbacks", "layouts", "app"),
    "callbacks": ("web", "app"),
    "layouts": ("web", "callbacks", "app"),
}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _in(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_layers_point_one_way() -> None:
    graph = import_graph()
    wrong = sorted(
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if _in(target, FORBIDDEN.get(module.split(".")[0], ()))
    )
    assert wrong == []


def test_builders_geometry_and_vocabulary_never_reach_storage() -> None:
    graph = import_graph()
    pure = [m for m in graph if _in(m, NEVER_REACH_STORAGE)]
    assert "water_targets.exports.maps" in pure and "water_targets.choropleth" in pure
    reaching = {m: sorted(t for t in reachable(graph, m) if _in(t, STORAGE))[:3] for m in pure}
    assert {m: r for m, r in reaching.items() if r} == {}
    chain = {"a": {"b"}, "b": {"water_targets.data"}, "water_targets.data": set()}
    assert "water_targets.data" in reachable(chain, "a")  # the check follows imports of imports


def test_comparators_and_qualifiers_are_defined_in_one_table() -> None:
    """Their codes, symbols and words are spelt out in water_targets/qualifiers.py only."""
    spelt = []
    for path in [ROOT / "app.py", *(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))]:
        if path.name == "qualifiers.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) >= 2:
                items = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                if {"maintain_baseline", "not_applicable"} <= items or {"provisional", "revised"} <= items:
                    spelt.append((str(path.relative_to(ROOT)), node.lineno))
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"<=", ">="} <= keys:
                    spelt.append((str(path.relative_to(ROOT)), node.lineno))
    assert spelt == []


# Where an import of the app's own modules may wait until a function runs: the command line (each command loads
# only what it needs, so `--help` and quick commands start fast), the demo data (loaded by `make demo` only) and
# the admin pages' route modules (registered on the blueprints once, by name).
LATE_IMPORTS = {"water_targets.__main__", "app", "web.admin"}


def test_the_app_imports_its_modules_at_the_top() -> None:
    known = modules()
    late = []
    for name, path in known.items():
        if name in LATE_IMPORTS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom) and _targets(name, path, node, known):
                    late.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    assert not late, "imports of the app's modules inside functions:\n" + "\n".join(late)


# The vocabulary at the bottom: texts, settings, the qualifier table, geometry without internal imports; the data's
# vocabulary (columns, Problem, Frames, Dataset: indicators.py) on texts and settings only.
BOTTOM = {
    "water_targets.i18n": set(),
    "water_targets.settings": set(),
    "water_targets.qualifiers": set(),
    "water_targets.geometry": set(),
    "water_targets.indicators": {"water_targets.i18n", "water_targets.settings"},
}


def test_the_vocabulary_is_the_bottom_layer() -> None:
    graph = import_graph()
    assert {m: graph[m] - allowed for m, allowed in BOTTOM.items() if graph[m] - allowed} == {}


def test_no_two_modules_of_one_name_do_different_jobs() -> None:
    """A module's name says its job: two modules share a name only as a domain module (water_targets/X) and what
    wires it to the page or to HTTP (callbacks/X.py, web/X.py), importing it."""
    graph = import_graph()
    by_name: dict[str, list[str]] = {}
    for module in graph:
        if module not in PACKAGES:
            by_name.setdefault(module.rsplit(".", 1)[-1], []).append(module)

    def wires(module: str, domain: str) -> bool:
        return module.split(".")[0] in ("callbacks", "web") and any(_in(t, (domain,)) for t in graph[module])

    odd = {}
    for name, mods in by_name.items():
        domain = f"water_targets.{name}"
        if len(mods) > 1 and not (domain in mods and all(wires(m, domain) for m in mods if m != domain)):
            odd[name] = sorted(mods)
    assert odd == {}
