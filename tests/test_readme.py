"""The project's rule: every README example gives a result on the demo data. The first ```sh
block of "Using Warta" is run as written, line by line and in order, from a copy of the
repository's root (its examples/ and tests/ linked) after `warta demo`: in this process, or
through a shell for the lines that pipe or redirect. `warta serve` lines are left out: they
serve until stopped, and tests/test_web.py and tests/test_api.py cover what they serve.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, Result, Warta, clean_env

#: What a command prints when it has nothing to show ("no sources: ...", "no refused inputs").
EMPTY_ANSWER = re.compile(r"^no \w+", re.IGNORECASE)


def runnable_examples() -> list[str]:
    """The commands of the README's first example block, without the comment-only lines."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    using = readme[readme.index("## Using Warta") :]
    block = re.search(r"```sh\n(.*?)```", using, re.S)
    assert block is not None, "no ```sh block under 'Using Warta'"
    lines = (line.strip() for line in block.group(1).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def without_comment(command: str) -> str:
    """The command itself, before the comment that explains it (two spaces, then #)."""
    return command.split("  #", maxsplit=1)[0]


def written_file(command: str) -> Path | None:
    """The file a command writes its answer to (`> FILE` or `-o FILE`), if it does."""
    found = re.search(r"(?:>|-o)\s+(\S+)", without_comment(command))
    return Path(found.group(1)) if found else None


@pytest.fixture
def repo_copy(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working directory like the repository's root, and an environment where `warta` runs
    this checkout's Warta, after `warta demo` has made warta-demo.db there."""
    for name in ("examples", "tests"):
        (tmp_path / name).symlink_to(REPO / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "warta"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m warta "$@"\n')
    shim.chmod(0o755)
    env = clean_env({"PATH": f"{bin_dir}:{clean_env()['PATH']}"})
    demo = subprocess.run(
        ["warta", "demo"], cwd=tmp_path, env=env, capture_output=True, check=False
    )
    assert demo.returncode == 0, demo.stderr
    return tmp_path, env


def test_every_readme_example_gives_a_result_on_the_demo_data(
    repo_copy: tuple[Path, dict[str, str]],
) -> None:
    work, env = repo_copy
    examples = runnable_examples()
    assert len(examples) > 40, "the block of examples was not found whole"
    for command in examples:
        if re.match(r"warta (--db \S+ )?serve\b", command):
            continue
        done = run_example(command, work, env)
        report = (
            f"$ {command}\n-> exit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
        # The one example of bad input says it exits 1; every other succeeds.
        assert done.returncode == (1 if "exit code 1" in command else 0), report
        assert "Traceback" not in done.stderr, report
        target = written_file(command)
        answer = (work / target).read_text(encoding="utf-8") if target else done.stdout
        assert answer.strip() or "exit code 1" in command, report
        assert not EMPTY_ANSWER.match(answer.strip()), report


def run_example(command: str, work: Path, env: dict[str, str]) -> Result:
    """``command`` as a user types it in ``work``: through bash when it pipes or redirects,
    else in this process (the same command tree, without a child's start-up time)."""
    if not re.search(r"[|<>]", without_comment(command)):
        argv = shlex.split(command, comments=True)
        assert argv[0] == "warta", command
        return Warta(work / "warta.db", work).run(*argv[1:], use_db=False)
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Result([command], done.returncode, done.stdout, done.stderr)
