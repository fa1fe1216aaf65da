"""The writer's side of an ingest, recorded once and replayed: for measuring it in instructions.

``bench/cpu.py`` measures CPU time, which moves by 10% or more from run to run on the shared
machine, more than most changes to the writer gain. This script records what the writer is
given during ``bench/cpu.py``'s ingest (each batch's :meth:`SQLStore.write` and each
:func:`cluster_unplaced` call, with the analysed articles and their words) and replays it in a
fresh process into a fresh store, without the analysis, so that a run under callgrind counts
the same work each time (about a minute for 300 articles). The same recording replayed by two
versions of the code must give the same store (``--dump``), and the difference of their
instruction counts is what a change gained.

``--phases`` chooses what is replayed: ``words`` (:func:`~warta.corpus.words.article_words` of
every article, its caches cold as in a new process: the search forms, stems and copy
signatures), ``store`` (the writes and the clustering), or ``none`` (loading the recording and
the modules: the fixed part, to take off the others). Run from the repository root::

    .venv/bin/python bench/replay.py record --articles 300 /tmp/writer-300.pkl
    PYTHONHASHSEED=0 valgrind --tool=callgrind .venv/bin/python bench/replay.py \\
        replay /tmp/writer-300.pkl --phases store
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import runpy
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def record(articles: int, out: Path) -> None:
    """Run ``bench/cpu.py`` on ``articles`` articles and pickle the writer's calls to ``out``."""
    from warta.corpus.cluster import cluster_unplaced  # noqa: PLC0415
    from warta.run import local  # noqa: PLC0415
    from warta.store import core  # noqa: PLC0415

    calls: list[tuple[str, bytes]] = []
    write = core.SQLStore.write

    def recorded_write(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(("write", pickle.dumps((args, kwargs))))
        return write(self, *args, **kwargs)

    def recorded_cluster(store: Any, words: Any = None, written: Any = None) -> Any:
        calls.append(("cluster", pickle.dumps((words, written))))
        return cluster_unplaced(store, words, written)

    core.SQLStore.write = recorded_write  # type: ignore[method-assign]
    vars(local)["cluster_unplaced"] = recorded_cluster  # the name the ingest calls it by
    sys.argv = [str(HERE / "cpu.py"), "--articles", str(articles)]
    runpy.run_path(str(HERE / "cpu.py"), run_name="__main__")
    with out.open("wb") as handle:
        pickle.dump(calls, handle)


def replay(recording: Path, phases: set[str], dump_to: str | None) -> dict[str, float]:
    """Replay a recording; the CPU seconds of each phase."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from warta.corpus.cluster import cluster_unplaced  # noqa: PLC0415
    from warta.corpus.words import article_words  # noqa: PLC0415
    from warta.store import open_store  # noqa: PLC0415

    with recording.open("rb") as handle:
        calls = [(kind, pickle.loads(blob)) for kind, blob in pickle.load(handle)]
    written = [article for kind, (args, _) in calls if kind == "write" for article, _ in args[0]]
    seconds = {"words": 0.0, "write": 0.0, "cluster": 0.0}
    if "words" in phases:
        start = time.process_time()
        for article in written:
            article_words(article)
        seconds["words"] = time.process_time() - start
    with tempfile.TemporaryDirectory(prefix="warta-replay-") as folder:
        db = Path(folder) / "warta.db"
        with open_store(db) as store:
            for kind, payload in calls if "store" in phases else []:
                start = time.process_time()
                if kind == "write":
                    args, kwargs = payload
                    store.write(*args, **kwargs)
                else:
                    store_words, articles = payload
                    cluster_unplaced(store, store_words, articles)
                seconds["write" if kind == "write" else "cluster"] += time.process_time() - start
        if dump_to:
            sys.path.insert(0, str(HERE))
            from cpu import dump  # noqa: PLC0415

            dump(db, Path(dump_to), "0", Path(folder))  # every time stamp masked
    return {"articles": len(written), **{k: round(v, 3) for k, v in seconds.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="record the writer's calls of bench/cpu.py")
    recording.add_argument("--articles", type=int, default=300, metavar="N")
    recording.add_argument("out", type=Path)
    replaying = commands.add_parser("replay", help="replay a recording into a fresh store")
    replaying.add_argument("recording", type=Path)
    replaying.add_argument("--phases", default="words,store", help="words, store or none")
    replaying.add_argument("--dump", metavar="FILE", help="write the store's tables here")
    args = parser.parse_args()
    if args.command == "record":
        record(args.articles, args.out)
    else:
        print(json.dumps(replay(args.recording, set(args.phases.split(",")), args.dump)))


if __name__ == "__main__":
    main()
