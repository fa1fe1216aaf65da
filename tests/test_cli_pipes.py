"""A command whose output is piped into a reader that stops early (``| head -1``) ends as any
Unix command does there: quietly, with the status a shell gives for SIGPIPE."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from warta.cli.app import EXIT_BROKEN_PIPE

from .conftest import REPO, clean_env

#: Commands whose output is read a line at a time, on the samples (or on a file of tokens).
PIPED = [
    ("articles",),
    ("articles", "--format", "jsonl"),
    ("search", "Putin"),
    ("search", "Putin", "--format", "jsonl"),
    ("stories",),
    ("story", "1"),
    ("quotes",),
    ("quotes", "--format", "csv"),
    ("entities",),
    ("outlets",),
    ("export", "articles", "-f", "jsonl"),
    ("export", "quotes"),
    ("export", "mentions"),
    ("tag", "--scheme", "idner", str(REPO / "examples" / "ner.tsv")),
]


def test_the_status_is_the_shells_for_sigpipe() -> None:
    assert EXIT_BROKEN_PIPE == 128 + 13  # SIGPIPE is 13 on every Unix


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_a_reader_that_stops_ends_the_command_quietly(
    samples_db: Path, args: tuple[str, ...]
) -> None:
    # The read end is closed before the command writes: its first write meets a broken pipe,
    # whatever the size of its output (`head -1` closes it after a line).
    command = subprocess.Popen(
        [sys.executable, "-m", "warta", "--db", str(samples_db), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    assert command.stdout is not None and command.stderr is not None
    command.stdout.close()
    errors = command.stderr.read().decode("utf-8")
    command.stderr.close()
    assert command.wait(timeout=300) == EXIT_BROKEN_PIPE, errors
    assert errors == ""  # no traceback, no "Exception ignored", no error blaming the input


def test_head_takes_the_first_tag_and_the_shell_sees_sigpipe(tmp_path: Path) -> None:
    """The pipeline as typed: ``warta tag FILE | head -1``, on a file larger than a pipe holds."""
    sentences = (REPO / "examples" / "ner.tsv").read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    tokens = tmp_path / "many.tsv"
    tokens.write_text(sentences * 400, encoding="utf-8")  # some 200 kB of tags out
    shell = subprocess.run(
        ["bash", "-c", '"$0" -m warta tag --scheme idner "$1" | head -1; echo "${PIPESTATUS[0]}"',
         sys.executable, str(tokens)],
        capture_output=True,
        env=clean_env(),
        timeout=300,
        check=False,
    )  # fmt: skip
    first, status = shell.stdout.decode("utf-8").splitlines()
    assert first.split("\t") == ["Moskow", "B-LOC"]
    assert status == str(EXIT_BROKEN_PIPE)
    assert shell.stderr.decode("utf-8") == ""
