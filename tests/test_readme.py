"""The project's rule: every README example gives a result on the demo data. The first two
```sh blocks of "Using Warta" (the commands on the samples, then following a portal served on
this machine) are run as written, line by line and in order, from a copy of the repository's
root (its examples/ and tests/ linked) after `warta demo`: in this process, or through a shell
for the lines that pipe or redirect. A line ending in `&` starts in the background until the
block is done. `warta serve` and `warta watch` lines are left out, since they run until stopped:
tests/test_web.py, tests/test_api.py and tests/test_fetch*.py cover them. The third block is,
as it says, for what the demo does not have.
"""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO, Result, Warta, clean_env

#: What a command prints when it has nothing to show ("no sources: ...", "no refused inputs").
EMPTY_ANSWER = re.compile(r"^no \w+", re.IGNORECASE)

#: Commands that run until stopped.
UNTIL_STOPPED = re.compile(r"\bwarta (--db \S+ )?(serve|watch)\b")

#: Where the README's portal listens (examples/feed.xml names it).
PORTAL = ("127.0.0.1", 8001)


def example_blocks() -> list[list[str]]:
    """The commands of each ```sh block under "Using Warta", without comment-only lines."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    using = readme[readme.index("## Using Warta") : readme.index("### What Warta reads")]
    blocks = re.findall(r"```sh\n(.*?)```", using, re.S)
    return [
        [line for line in map(str.strip, block.splitlines()) if line and not line.startswith("#")]
        for block in blocks
    ]


def without_comment(command: str) -> str:
    """The command itself, before the comment that explains it (two spaces, then #)."""
    return command.split("  #", maxsplit=1)[0].strip()


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


def test_the_readme_has_the_blocks_this_test_runs() -> None:
    blocks = example_blocks()
    assert len(blocks) == 3
    assert len(blocks[0]) > 40 and blocks[0][0].startswith("warta ingest examples/samples")
    portal = without_comment(blocks[1][0])
    assert portal.endswith("&") and f"{PORTAL[0]} {PORTAL[1]}" in portal


def test_every_example_on_the_samples_gives_a_result(
    repo_copy: tuple[Path, dict[str, str]],
) -> None:
    run_block(example_blocks()[0], *repo_copy)


def test_following_the_portal_of_the_readme_gives_a_result(
    repo_copy: tuple[Path, dict[str, str]],
) -> None:
    work, env = repo_copy
    with socket.socket() as probe:
        if probe.connect_ex(PORTAL) == 0:
            pytest.skip(f"something else listens on {PORTAL}, where the README's portal goes")
    # The portal's politeness delay is what a live portal needs, not what this test checks.
    run_block(example_blocks()[1], work, {**env, "WARTA_FETCH_HOST_DELAY_SECONDS": "0.01"})
    assert list((work / "warta-archive").glob("*.warc.gz")), "the fetch archived nothing"


def run_block(commands: list[str], work: Path, env: dict[str, str]) -> None:
    """Run ``commands`` in order in ``work``; each must exit 0 (the one example of bad input
    says it exits 1) and answer something."""
    with background(commands, work, env):
        for command in commands:
            if UNTIL_STOPPED.search(command) or without_comment(command).endswith("&"):
                continue
            done = run_example(command, work, env)
            report = (
                f"$ {command}\n-> exit {done.returncode}\n"
                f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
            assert done.returncode == (1 if "exit code 1" in command else 0), report
            assert "Traceback" not in done.stderr, report
            target = written_file(command)
            answer = (work / target).read_text(encoding="utf-8") if target else done.stdout
            assert answer.strip() or "exit code 1" in command, report
            assert not EMPTY_ANSWER.match(answer.strip()), report


@contextmanager
def background(commands: list[str], work: Path, env: dict[str, str]) -> Iterator[None]:
    """Start the commands that end in `&` (the portal) and stop them when the block is done."""
    started = [
        subprocess.Popen(
            shlex.split(without_comment(command).removesuffix("&")),
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for command in commands
        if without_comment(command).endswith("&")
    ]
    try:
        if started:
            wait_for(PORTAL)
        yield
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=10)


def wait_for(address: tuple[str, int], seconds: float = 10) -> None:
    """Return once something accepts connections at ``address``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(address) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on {address} after {seconds} s")


def run_example(command: str, work: Path, env: dict[str, str]) -> Result:
    """``command`` as a user types it in ``work``: through bash when it pipes or redirects,
    else in this process (the same command tree, without a child's start-up time)."""
    if not re.search(r"[|<>]", without_comment(command)):
        words = shlex.split(command, comments=True)
        settings: dict[str, str] = {}
        while "=" in words[0]:  # VAR=value before the command
            name, _, value = words.pop(0).partition("=")
            settings[name] = value
        assert words[0] == "warta", command
        return Warta(work / "warta.db", work).run(*words[1:], use_db=False, env={**env, **settings})
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
