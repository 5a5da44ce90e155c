"""The import graph goes one way (issue 8): every app owns its features, and what spans apps sits
above them. Read from the source (every import, module-level or inside a function), never by
importing it, so a violation fails here before it can hide behind a lazy import.

Layers, lowest first; a module may import its own package and the packages of lower layers only.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    {"core"},  # small helpers every app may use: JSON-LD, the feed of stories
    {"shows"},
    {"articles"},
    {"comments"},
    {
        "search",
        "newsroom",
        "ops",
        "api",
    },  # span apps: site search, the newsroom's roles, backups, the public API
    {"aouad_site", "demo", "bench"},  # the project (settings, urls, home page) and its tools
]
PACKAGES = set().union(*LAYERS)
SKIPPED_DIRECTORIES = {"migrations", "tests", "__pycache__"}


def project_modules(root, packages):
    """{dotted module name: path} of the packages' Python files, migrations and tests left out."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if SKIPPED_DIRECTORIES & set(relative.parts[:-1]):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def resolve(name, modules):
    """The project module that importing ``name`` runs: the longest prefix of it that is one."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def imports_of(module, path, modules):
    """The project modules that ``module`` imports anywhere in its file (functions included)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *filter(None, [node.module])])
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {target for target in (resolve(name, modules) for name in names) if target}
    found.discard(module)
    return found


def import_graph(root=ROOT, packages=PACKAGES):
    modules = project_modules(root, packages)
    return {module: imports_of(module, path, modules) for module, path in modules.items()}


def layer_of(module, layers=LAYERS):
    package = module.split(".")[0]
    return next(number for number, members in enumerate(layers) if package in members)


def layering_violations(graph, layers=LAYERS):
    """(importer, imported) pairs where an import reaches a package of its own layer or above."""
    return sorted(
        (importer, imported)
        for importer, targets in graph.items()
        for imported in targets
        if importer.split(".")[0] != imported.split(".")[0]
        and layer_of(imported, layers) >= layer_of(importer, layers)
    )


def import_cycles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm), sorted."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(cycles)


def imports_from(graph, package, forbidden):
    return sorted(
        (importer, imported)
        for importer, targets in graph.items()
        if importer.split(".")[0] == package
        for imported in targets
        if imported.split(".")[0] in forbidden
    )


# The project ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_the_graph_sees_every_package_and_function_level_imports(graph):
    assert {module.split(".")[0] for module in graph} == PACKAGES
    assert "search.index" in graph["search.apps"]  # imported inside a receiver
    assert "articles.models" in graph["articles.search"]


def test_imports_only_go_down_the_layers(graph):
    assert layering_violations(graph) == []


def test_no_app_imports_the_project_package(graph):
    assert [pair for pair in layering_violations(graph) if pair[1].startswith("aouad_site")] == []
    assert [
        (importer, imported)
        for importer, targets in graph.items()
        if not importer.startswith("aouad_site")
        for imported in targets
        if imported.startswith("aouad_site")
    ] == []


def test_shows_imports_no_app_above_it(graph):
    assert imports_from(graph, "shows", {"articles", "comments", "search", "newsroom", "aouad_site"}) == []


def test_articles_imports_neither_comments_nor_the_apps_that_span_apps(graph):
    assert imports_from(graph, "articles", {"comments", "search", "newsroom", "aouad_site"}) == []


def test_no_import_cycle_outside_the_comments_app(graph):
    assert [
        cycle for cycle in import_cycles(graph) if not all(module.startswith("comments.") for module in cycle)
    ] == []


def test_no_import_cycle_anywhere(graph):
    assert import_cycles(graph) == []


def test_no_app_imports_another_apps_views(graph):
    """An app links or redirects to another app's pages; it never renders them."""
    assert [
        (importer, imported)
        for importer, targets in graph.items()
        if not importer.startswith("aouad_site")
        for imported in targets
        if imported.endswith(".views") and imported.split(".")[0] != importer.split(".")[0]
    ] == []


# The checker itself: it must be able to fail ------------------------------------------------------------


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_checker_reads_relative_absolute_and_function_level_imports(tmp_path):
    write(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/models.py": "import os\n",
            "low/sub/__init__.py": "from .. import models\n",
            "low/sub/deep.py": "from ..models import Thing\nfrom . import other\n",
            "low/sub/other.py": "",
            "low/migrations/0001_initial.py": "import high.views\n",
            "high/__init__.py": "",
            "high/views.py": "from django.db import models\n\ndef view():\n    from low.sub import deep\n",
        },
    )

    graph = import_graph(tmp_path, {"low", "high"})

    assert "low.migrations.0001_initial" not in graph
    assert graph["low.models"] == set()
    assert graph["low.sub"] == {"low.models"}
    assert graph["low.sub.deep"] == {"low.models", "low.sub.other"}
    assert graph["high.views"] == {"low.sub.deep"}


def test_the_checker_catches_an_upward_import_and_a_cycle():
    layers = [{"shows"}, {"articles"}, {"aouad_site"}]
    graph = {
        "shows.views": {"articles.models", "shows.models"},
        "shows.models": set(),
        "articles.models": {"shows.models", "aouad_site.jsonld"},
        "articles.a": {"articles.b"},
        "articles.b": {"articles.c"},
        "articles.c": {"articles.a"},
        "aouad_site.jsonld": set(),
    }

    assert layering_violations(graph, layers) == [
        ("articles.models", "aouad_site.jsonld"),
        ("shows.views", "articles.models"),
    ]
    assert import_cycles(graph) == [["articles.a", "articles.b", "articles.c"]]
    assert imports_from(graph, "shows", {"articles"}) == [("shows.views", "articles.models")]
