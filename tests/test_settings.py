"""Settings: defaults, then a TOML file, then the environment, then arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.errors import UsageError
from warta.settings import SETTINGS, load_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in SETTINGS:
        monkeypatch.delenv(f"WARTA_{setting.name.upper()}", raising=False)
    monkeypatch.delenv("WARTA_CONFIG", raising=False)
    assert load_settings() == {setting.name: setting.default for setting in SETTINGS}


def test_file_then_environment_then_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "warta.toml"
    config.write_text("batch_size = 7\nmax_document_bytes = 1000\n")
    monkeypatch.setenv("WARTA_CONFIG", str(config))
    monkeypatch.setenv("WARTA_BATCH_SIZE", "9")
    values = load_settings({"db": "other.db"})
    assert (values["batch_size"], values["max_document_bytes"], values["db"]) == (
        9,
        1000,
        "other.db",
    )


def test_unknown_key_and_wrong_type_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "warta.toml"
    config.write_text("batchsize = 7\n")
    monkeypatch.setenv("WARTA_CONFIG", str(config))
    with pytest.raises(UsageError, match="unknown setting 'batchsize'"):
        load_settings()
    monkeypatch.delenv("WARTA_CONFIG")
    monkeypatch.setenv("WARTA_BATCH_SIZE", "many")
    with pytest.raises(UsageError, match="must be of type int"):
        load_settings()
    monkeypatch.setenv("WARTA_BATCH_SIZE", "0")
    with pytest.raises(UsageError, match="must be positive"):
        load_settings()
