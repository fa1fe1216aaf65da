"""Docs stay true: every command has help and is in the README, every setting is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command

from warta.cli import app
from warta.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_cli_has_the_commands_the_issue_names() -> None:
    assert {"ingest", "articles", "article", "analyze", "rejects", "demo"} <= set(COMMANDS)
    assert {"entities", "quotes", "eval"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 20
    assert f"warta {name}" in (ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_commands() -> None:
    opening = (ROOT / "README.md").read_text()[:400]
    assert "make demo" in opening
    assert "make test" in opening


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: object) -> None:
    name = setting.name  # type: ignore[attr-defined]
    assert f"`{name}`" in (ROOT / "docs" / "settings.md").read_text()


def test_ci_runs_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
