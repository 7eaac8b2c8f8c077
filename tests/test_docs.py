"""The README and docs/*.md stay true to the code: every endpoint they name is served, every setting they name is read
in water_targets/settings.py (and every setting read there is in the settings table of docs/deployment.md), every
repository path and relative link resolves, a name documented as living in a file is in that file, and the README
stays a short front page (≤ 150 lines, ≤ 20 KB, exactly the two commands `make run` and `make test`).

Each check is a function returning the problems it finds, so a test names all of them at once."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
# docs/security.md is kept by its own authors (its tables are wider than 120 characters); every other check
# applies to it too.
OWN_PAGES = [p for p in PAGES if p.name != "security.md"]
SETTINGS_PY = ROOT / "water_targets" / "settings.py"

MAX_README_LINES = 150
MAX_README_BYTES = 20_000
MAX_LINE = 120

# Environment variables the docs may name as such although water_targets/settings.py does not read them.
ENV_NOT_SETTINGS = {
    "MALLOC_ARENA_MAX": "glibc's own variable; web/serving.py only leaves an explicit one alone",
}
# The blueprint roots, which the docs name as prefixes ("every POST under `/api/`", "api.py (/api/v1)").
URL_PREFIXES = {"/api", "/api/v1", "/export", "/admin", "/auth"}
# Backticked paths that are not in the repository: made at run time (git-ignored) or outside it.
PATH_SKIPS = {
    "instance/": "the database and lock files, made at run time (git-ignored)",
    ".venv/": "made by `make run` / `make test` (git-ignored)",
    "../": "outside the repository (the seed documents of ../shared/seeds/)",
}
# Words of docs/layout.md's code block that look like file names but are not files of ours.
LAYOUT_WORDS = {"plotly.js": "the JavaScript library (serving.py serves a partial bundle of it)"}
FILE_EXTENSIONS = {"py", "js", "css", "sh", "csv", "md", "json", "txt", "toml", "xlsx", "gz", "png", "html", "ini"}
# Where source is searched for the UPPER_CASE names the docs mention (constants, Flask config keys …).
SOURCE_DIRS = ["app.py", "Makefile", ".ci", "water_targets", "web", "callbacks", "layouts", "scripts", "bench",
               "tests", "migrations", "examples", "assets"]  # fmt: skip
SOURCE_SUFFIXES = {".py", ".js", ".sh", ""}
NOT_SOURCE = {".git", ".venv", "__pycache__", "node_modules", ".pytest_cache", ".ruff_cache", "instance"}

FENCE = re.compile(r"^```.*?^```[^\n]*$", re.S | re.M)
SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)\)")
UPPER = r"[A-Z][A-Z0-9_]{2,}"
ASSIGNMENT = re.compile(rf"(?<![\w$])({UPPER})=")
SHELL_VARIABLE = re.compile(rf"\$\{{?({UPPER})")
URL_PATH = re.compile(r"(?<![\w/.:-])/(?:api|export|admin|auth)(?:/[^\s`)\]?,;'\"]*)?")
METHOD_BEFORE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\s+$")
NAMED_IN_FILE = re.compile(
    r"`(?P<path>[\w./-]+\.(?:py|js))`\s*(?:\((?P<list>`[^`]+`(?:,\s*`[^`]+`)*)\)|(?P<one>`[^`]+`))"
)


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def prose(markdown: str) -> str:
    """The page without its fenced code blocks."""
    return FENCE.sub("", markdown)


def fences(markdown: str) -> list[str]:
    return FENCE.findall(markdown)


def spans(markdown: str) -> list[str]:
    return SPAN.findall(prose(markdown))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


# --- settings ------------------------------------------------------------------------------------------------


def settings_read(source: str) -> set[str]:
    """The environment variables water_targets/settings.py reads."""
    return set(re.findall(r'(?:os\.environ\.get|_env_int)\(\s*"([A-Z][A-Z0-9_]*)"', source))


def settings_defined(source: str) -> set[str]:
    """Module-level names of water_targets/settings.py (CHROMIUM_ARGS …)."""
    return set(re.findall(rf"^({UPPER})\s*[:=]", source, re.M))


def settings_tables(markdown: str) -> list[str]:
    """The names in the first column of every table whose header's first cell is "setting"."""
    names, in_table = [], False
    for line in prose(markdown).splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        first = line.strip("|").split("|")[0].strip()
        if not in_table and first.lower() == "setting":
            in_table = True
        elif in_table and not set(first) <= set("-: "):
            names += re.findall(rf"`({UPPER})`", first)
    return names


def blocks(markdown: str) -> list[str]:
    """Paragraphs, list items and table rows of the prose."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", prose(markdown)):
        out += re.split(r"\n(?=\s*(?:[-*] |\d+\. |\|))", paragraph)
    return out


def setting_problems(pages: dict[str, str], source: str, code_text: str) -> list[str]:
    """A name "looks like a setting" when it is in a settings table, assigned (`NAME=…`, also in code blocks), a
    shell variable (`$NAME`) or named in the same paragraph, list item or table row as the words "environment
    variable" or "setting": it must be read in water_targets/settings.py (a name merely defined there, such as
    CHROMIUM_ARGS, may be named beside those words), or be one of ENV_NOT_SETTINGS. Any other backticked
    UPPER_CASE name must be a setting or appear in the source code (a constant, a Flask config key …)."""
    read, defined = settings_read(source), settings_defined(source)
    known = read | set(ENV_NOT_SETTINGS)
    problems = []
    for page, markdown in pages.items():
        for name in settings_tables(markdown):
            if name not in read:
                problems.append(f"{page}: {name} is in a settings table but settings.py does not read it")
        for chunk in spans(markdown) + fences(markdown):
            for name in ASSIGNMENT.findall(chunk) + SHELL_VARIABLE.findall(chunk):
                if name not in known:
                    problems.append(f"{page}: {name} is set in the environment but settings.py does not read it")
        for block in blocks(markdown):
            if re.search(r"\b(environment|settings?)\b", block, re.I):
                for name in re.findall(rf"`({UPPER})[=`<>*]", block):
                    if name not in known | defined:
                        problems.append(f"{page}: {name} is named as a setting but settings.py does not read it")
        for span in spans(markdown):
            m = re.fullmatch(rf"({UPPER})(\*|[=<>].*)?", span)
            if not m:
                continue
            name, wildcard = m.group(1), m.group(2) == "*"
            if wildcard:
                if not any(s.startswith(name) for s in read):
                    problems.append(f"{page}: no setting matches {name}*")
            elif name not in known | defined and not re.search(rf"\b{name}\b", code_text):
                problems.append(f"{page}: {name} is neither a setting nor a name in the source code")
    return problems


def undocumented_settings(table_page: str, source: str) -> list[str]:
    missing = settings_read(source) - set(settings_tables(table_page))
    return [f"{name} is read in settings.py but missing from the settings table" for name in sorted(missing)]


# --- URLs ----------------------------------------------------------------------------------------------------


def documented_paths(markdown: str) -> list[tuple[str, str | None]]:
    """(path, method or None) for every /api, /export, /admin and /auth path of a page; `map.png|map.svg` (also
    escaped in tables, `\\|`) names both files."""
    markdown = re.sub(r"https?://127\.0\.0\.1:8050(?=/)", " ", markdown)
    found = []
    for m in URL_PATH.finditer(markdown):
        raw = m.group(0).rstrip(".:")
        method = METHOD_BEFORE.search(markdown[max(0, m.start() - 10) : m.start()])
        first, *others = re.split(r"\\?\|", raw)
        head = first.rsplit("/", 1)[0]
        for path in [first, *(f"{head}/{other}" for other in others)]:
            found.append((path, method.group(1) if method else None))
    return found


def canonical(rule: str) -> str:
    return re.sub(r"<[^>]*>", "<>", rule)


def rule_regex(rule: str) -> str:
    return "[^/]+".join(re.escape(part) for part in canonical(rule).split("<>"))


def missing_endpoints(pages: dict[str, str], rules: Iterable[tuple[str, set[str]]]) -> list[str]:
    """Documented paths that no URL rule of the app serves (catch-all rules left out), or not with the method
    documented. Path parameters (`<n>`, `<int:rev>`, `<fmt>`) match any one segment; `*` in a path is a wildcard."""
    rules = [(rule, methods) for rule, methods in rules if "<path:" not in rule]
    problems = []
    for page, markdown in pages.items():
        for path, method in documented_paths(markdown):
            doc = canonical(path)
            served = [rule for rule, methods in rules if not method or method in methods]
            if doc.rstrip("/") in URL_PREFIXES:
                ok = any(rule.startswith(doc.rstrip("/") + "/") for rule in served)
            elif "*" in doc:
                ok = any(fnmatchcase(canonical(rule), doc) for rule in served)
            else:
                ok = any(re.fullmatch(rule_regex(rule), doc) for rule in served)
            if not ok:
                problems.append(f"{page}: {method or ''} {path} is not an endpoint of the app".replace(":  ", ": "))
    return problems


# --- paths, links, names in files ------------------------------------------------------------------------------


def repo_files() -> dict[str, list[Path]]:
    """File name → paths, for the bare names the docs use (`status.py`, `documents.csv`)."""
    by_name: dict[str, list[Path]] = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in NOT_SOURCE]
        for name in files:
            by_name.setdefault(name, []).append(Path(folder) / name)
    return by_name


def resolve(path: str, names: dict[str, list[Path]]) -> Path | None:
    """A repository path, also written short: `status.py` (anywhere), `store/users.py` (in water_targets/)."""
    if "/" not in path.rstrip("/"):
        if path.endswith("/"):
            return ROOT / path if (ROOT / path).is_dir() else None
        return (names.get(path) or [None])[0]
    for base in (ROOT, ROOT / "water_targets", ROOT / "web"):
        if (base / path).exists():
            return base / path
    return None


def is_repo_path(span: str) -> bool:
    if not re.fullmatch(r"[\w.-]+(?:/[\w.-]+)*/?", span) or span.startswith(tuple(PATH_SKIPS)):
        return False
    last = span.rstrip("/").rsplit("/", 1)[-1]
    has_extension = "." in last.strip(".") and last.rsplit(".", 1)[1] in FILE_EXTENSIONS and "/" not in span[-1:]
    top = span.split("/", 1)[0]
    return has_extension or ("/" in span and (span.endswith("/") or (ROOT / top).exists()))


def missing_paths(pages: dict[str, str], names: dict[str, list[Path]]) -> list[str]:
    return [
        f"{page}: `{span}` does not exist"
        for page, markdown in pages.items()
        for span in spans(markdown)
        if is_repo_path(span) and resolve(span, names) is None
    ]


def slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", words).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", prose(markdown), re.M):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def broken_links(pages: dict[Path, str]) -> list[str]:
    """Relative links (and their #anchors) that lead nowhere; http(s) and mailto links are not fetched."""
    problems = []
    for page, markdown in pages.items():
        for target in LINK.findall(prose(markdown)):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            dest = (page.parent / file).resolve() if file else page
            if not dest.exists():
                problems.append(f"{rel(page)}: link {target} leads to no file")
            elif anchor and dest.suffix == ".md" and anchor not in anchors(text(dest)):
                problems.append(f"{rel(page)}: link {target}: {rel(dest)} has no heading #{anchor}")
    return problems


def names_not_in_files(pages: dict[str, str], names: dict[str, list[Path]]) -> list[str]:
    """ "`water_targets/classes.py` (`SPECIAL_STYLES`, `MARKS`)" or "`progress.py` `browser_progress`": each name
    must occur in that file."""
    problems = []
    for page, markdown in pages.items():
        for m in NAMED_IN_FILE.finditer(prose(markdown)):
            path = m.group("path")
            files = names.get(path, []) if "/" not in path else [f for f in [resolve(path, names)] if f]
            if not files:
                continue  # missing_paths names it
            sources = [text(f) for f in files]  # a bare name (`progress.py`): any file of that name
            for span in re.findall(r"`([^`]+)`", m.group("list") or m.group("one")):
                ident = re.fullmatch(r"([A-Za-z_][\w.]*)(?:\(\))?", span)
                word = rf"\b{re.escape(ident.group(1).rsplit('.', 1)[-1])}\b" if ident else None
                if word and not any(re.search(word, s) for s in sources):
                    problems.append(f"{page}: `{span}` is not in {path}")
    return problems


def layout_problems(markdown: str, names: dict[str, list[Path]]) -> list[str]:
    """The code block of docs/layout.md: every directory or file it names exists; a bare file name is looked up in
    the entry (the path at the start of a line) it is listed under."""
    problems = []
    for block in fences(markdown):
        entry = ROOT
        for line in block.splitlines()[1:-1]:
            tokens = [t.strip("(),;:`") for t in line.split()]
            if line and not line[0].isspace() and tokens:
                first = ROOT / tokens[0]
                entry = first if first.is_dir() else first.parent
            for token in tokens:
                if not token or token.startswith("/") or "<" in token:
                    continue
                is_dir = token.endswith("/") and re.fullmatch(r"[\w.-]+(?:/[\w.-]+)*/", token)
                is_file = re.fullmatch(r"[\w.-]+(?:/[\w.-]+)*\.(?:py|js|sh|csv|xlsx|json|md)", token)
                if not (is_dir or is_file) or token in LAYOUT_WORDS:
                    continue
                where = ROOT / token if "/" in token else entry / token
                if not where.exists():
                    problems.append(f"docs/layout.md: {rel(where)} ({token}) does not exist")
    return problems


# --- the tests -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {rel(p): text(p) for p in PAGES}


@pytest.fixture(scope="module")
def names() -> dict[str, list[Path]]:
    return repo_files()


def source_text() -> str:
    parts = []
    for entry in SOURCE_DIRS:
        path = ROOT / entry
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for f in files:
            if f.suffix in SOURCE_SUFFIXES and f != Path(__file__) and "vendor" not in f.parts:
                parts.append(f.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_the_readme_is_a_short_front_page() -> None:
    body = README.read_bytes()
    lines = body.count(b"\n")
    assert len(body) <= MAX_README_BYTES, f"README.md is {len(body)} bytes; move detail to docs/"
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move detail to docs/"


def test_the_readme_keeps_exactly_the_two_commands() -> None:
    readme = text(README)
    run = "| install and run the dashboard (then open http://127.0.0.1:8050) | `make run` |"
    test = "| run the tests (installs the Python and Debian packages they need when missing) | `make test` |"
    assert run in readme and test in readme, "the Two commands table changed"
    assert set(re.findall(r"`make [\w-]+`", readme)) == {"`make run`", "`make test`"}


def test_the_readme_links_every_docs_page() -> None:
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in LINK.findall(text(README))}
    missing = [rel(p) for p in DOCS.glob("*.md") if p.resolve() not in linked]
    assert not missing, f"README.md does not link {missing}"


def test_lines_are_wrapped() -> None:
    long = [
        f"{rel(p)}:{i}: {len(line)} characters"
        for p in OWN_PAGES
        for i, line in enumerate(text(p).splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert not long, "\n".join(long)


def test_every_documented_endpoint_exists(dash_app, pages) -> None:
    rules = [(r.rule, set(r.methods)) for r in dash_app.server.url_map.iter_rules()]
    assert sum(len(documented_paths(m)) for m in pages.values()) > 30  # the extraction still finds them
    problems = missing_endpoints(pages, rules)
    assert not problems, "\n".join(problems)


def test_documented_settings_are_read_in_settings_py(pages) -> None:
    source = text(SETTINGS_PY)
    assert {"DATABASE_URL", "REQUIRE_LOGIN", "RATE_LIMIT_STORAGE"} <= settings_read(source)
    problems = setting_problems(pages, source, source_text())
    assert not problems, "\n".join(problems)


def test_every_setting_is_in_the_settings_table() -> None:
    problems = undocumented_settings(text(DOCS / "deployment.md"), text(SETTINGS_PY))
    assert not problems, "\n".join(problems)


def test_the_exceptions_are_still_exceptions() -> None:
    read = settings_read(text(SETTINGS_PY))
    assert not set(ENV_NOT_SETTINGS) & read, "a setting read in settings.py needs no exception"


def test_every_repository_path_exists(pages, names) -> None:
    assert sum(is_repo_path(s) for m in pages.values() for s in spans(m)) > 50  # the extraction still finds them
    problems = missing_paths(pages, names)
    assert not problems, "\n".join(problems)


def test_every_relative_link_resolves() -> None:
    problems = broken_links({p: text(p) for p in PAGES})
    assert not problems, "\n".join(problems)


def test_names_documented_in_a_file_are_in_it(pages, names) -> None:
    problems = names_not_in_files(pages, names)
    assert not problems, "\n".join(problems)


def test_the_code_layout_names_existing_files(names) -> None:
    problems = layout_problems(text(DOCS / "layout.md"), names)
    assert not problems, "\n".join(problems)


def test_every_screenshot_is_shown() -> None:
    shown = {
        (page.parent / target).resolve()
        for page in PAGES
        for target in LINK.findall(prose(text(page)))
        if target.endswith(".png")
    }
    missing = [rel(p) for p in sorted(DOCS.glob("*.png")) if p.resolve() not in shown]
    assert not missing, f"screenshots no page shows: {missing}"
    spec = json.loads(text(DOCS / "screenshots.json"))  # the views scripts/screenshots.py takes
    taken = [name for views in spec.values() for name in views]
    assert taken and not [n for n in taken if (DOCS / f"{n}.png").resolve() not in shown], "a screenshot is not shown"
