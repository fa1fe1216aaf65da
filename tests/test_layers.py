"""Layers import only downward, in the order data moves (docs/design.md, "Layers")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import warta

PACKAGE = Path(warta.__file__).parent

#: The layers, lowest first. A module may import its own layer and those below it.
LAYERS = (
    "model",
    "lang",
    "ingest",
    "sources",
    "analyze",
    "corpus",
    "store",
    "run",
    "present",
    "cli",
)
#: Modules of the lowest layer that are files at the package's root.
MODEL_MODULES = frozenset({"model", "records", "errors", "settings", "timestamps"})
#: Layers beside the others: web (and `python -m warta`) stand with cli; eval (scoring against
#: golds) may use any.
SAME_AS = {"web": "cli", "__main__": "cli"}
BESIDE = frozenset({"eval"})
#: Upward imports that remain, each a known step of a redesign still to take; this set may
#: only shrink (it is empty: every layer imports only downward).
KNOWN_UPWARD: frozenset[tuple[str, str]] = frozenset()


def layer_of(module: str) -> str | None:
    """The layer of ``warta.X...``, or None for the package itself."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    top = parts[1]
    if top in MODEL_MODULES:
        return "model"
    return SAME_AS.get(top, top)


def imports(path: Path) -> set[str]:
    """The warta modules a file imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("warta"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("warta"))
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def upward_imports() -> set[tuple[str, str]]:
    rank = {name: index for index, name in enumerate(LAYERS)}
    found = set()
    for path in PACKAGE.rglob("*.py"):
        source = module_name(path)
        here = layer_of(source)
        if here is None or here in BESIDE:
            continue
        assert here in rank, f"{source}: layer {here!r} is not in LAYERS"
        for target in imports(path):
            there = layer_of(target)
            if there is None or there in BESIDE:
                continue
            assert there in rank, f"{source} imports {target}: layer {there!r} is not in LAYERS"
            if rank[there] > rank[here]:
                found.add((source, target))
    return found


def test_layers_import_only_downward() -> None:
    found = upward_imports()
    assert not found - KNOWN_UPWARD, f"new upward imports: {sorted(found - KNOWN_UPWARD)}"
    # A step of the redesign taken: strike it from KNOWN_UPWARD.
    assert not KNOWN_UPWARD - found, f"no longer upward: {sorted(KNOWN_UPWARD - found)}"


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text("from warta.cli.app import app\nimport warta.model\n", encoding="utf-8")
    assert imports(module) == {"warta.cli.app", "warta.model"}
    assert layer_of("warta.store.base") == "store" and layer_of("warta.errors") == "model"
    assert layer_of("warta.web.app") == "cli" and layer_of("warta") is None


def test_nothing_presentational_at_the_package_root() -> None:
    root_modules = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert root_modules <= MODEL_MODULES, sorted(root_modules - MODEL_MODULES)


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\n{statement}\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_import_warta_and_help_load_only_what_they_use() -> None:
    """`import warta` loads nothing else of Warta, and the CLI's commands (what `warta --help`
    loads) nothing heavy: each command imports its work when it runs."""
    heavy = {"numpy", "sqlite3", "fastapi", "trafilatura", "datasketch", "scipy", "Sastrawi"}
    after_import = _modules_after("import warta")
    assert {m for m in after_import if m.startswith("warta.")} <= {"warta.errors"}
    assert not heavy & after_import
    after_cli = _modules_after("import warta.cli")
    assert not heavy & after_cli, sorted(heavy & after_cli)
    assert not {m for m in after_cli if m.startswith(("warta.store", "warta.analyze", "warta.run"))}


def test_reading_the_store_loads_no_analysis(tmp_path: Path) -> None:
    """Opening a store and listing articles (what `warta articles` does) loads neither NumPy
    nor the NER models: those are for writing and clustering."""
    db = tmp_path / "empty.db"
    from warta.store import open_store

    open_store(db).close()  # created (and migrated) beforehand, as a store one reads is
    after_read = _modules_after(
        "from warta.store import open_store\n"
        "from warta.records import ArticleQuery\n"
        f"with open_store({str(db)!r}) as store:\n"
        "    store.list_articles(ArticleQuery(limit=5))"
    )
    assert "warta.store.core" in after_read  # the statement did run
    assert not {"numpy", "warta.lang.id.ner.tagger", "Sastrawi"} & after_read


def test_the_public_api_is_all_there() -> None:
    import warta

    assert set(warta.__all__) == {"__version__", *warta._PUBLIC}
    for name in warta._PUBLIC:
        assert getattr(warta, name).__name__ == name
