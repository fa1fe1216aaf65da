"""Stemming: Sastrawi run on compiled patterns gives Sastrawi's own stems."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from warta.lang.id import stems

#: Words with the stems Sastrawi's unaltered code gives them (see make_sample.py there).
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "stems" / "sastrawi-sample.tsv"


def sastrawi_modules() -> list[object]:
    stems._stemmer()
    return [module for name, module in sys.modules.items() if name.startswith("Sastrawi.")]


def test_sastrawi_modules_use_compiled_patterns() -> None:
    using_re = [module for module in sastrawi_modules() if hasattr(module, "re")]
    assert using_re
    assert all(module.re is stems._CompiledRe for module in using_re)  # type: ignore[attr-defined]


def test_compiled_re_has_all_sastrawi_uses_of_re() -> None:
    used: set[str] = set()
    for module in sastrawi_modules():
        source = getattr(module, "__file__", None)
        if source:
            used.update(re.findall(r"\bre\.(\w+)", Path(source).read_text(encoding="utf-8")))
    assert used >= {"match", "sub"}
    assert all(hasattr(stems._CompiledRe, name) for name in used)


def test_sastrawi_stems_as_its_own_code_does() -> None:
    pairs = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) == 3000
    stemmer = stems._stemmer()
    wrong = [(word, root) for word, root in pairs if stemmer.stem(word) != root]  # type: ignore[attr-defined]
    assert wrong == []


@pytest.mark.parametrize(
    ("word", "root"),
    [("pembicaraan", "bicara"), ("berunding", "runding"), ("dirundingkan", "runding")],
)
def test_sastrawi_stem(word: str, root: str) -> None:
    assert stems.sastrawi_stem(word) == root
