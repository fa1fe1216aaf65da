"""No input may lose good articles or freeze Warta.

Every failure with one input refuses that input alone, by name and with a reason; the batch goes
on and what was committed stays. Hostile corpora (bench/fuzz.py) go through the CLI and the
API; hypothesis throws random bytes and records at the readers; an input over its analysis
budget is refused and its worker replaced; concurrent writers wait their turn.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warta
from tests.conftest import EXAMPLE_SAMPLES, REPO, Warta, clean_env, load_bench
from warta.errors import InputRejected, StoreBusy
from warta.ingest import Skipped, read_inputs
from warta.ingest.records import record_to_raw
from warta.model import RawDocument, web_url
from warta.run.local import InProcess, ingest
from warta.run.processes import GROUP_CHARACTERS, AnalysisWorkers
from warta.store import SQLiteStore
from warta.web import create_app

INDOSUM = REPO.parent / "shared" / "data" / "indosum"
needs_indosum = pytest.mark.skipif(not INDOSUM.exists(), reason="needs ../shared/data/indosum")
TOKEN = "rahasia"
ARTICLE = (
    "Banjir Rendam Ratusan Rumah di Garut\n\n"
    "GARUT - Banjir merendam ratusan rumah warga di Kecamatan Tarogong, Senin (2/1/2023). "
    '"Air naik sejak subuh," kata Kepala BPBD Garut, Asep Suryana.\n'
)


fuzz = load_bench("fuzz")


def _items(*paths: Path | str) -> list[RawDocument | InputRejected | Skipped]:
    return list(read_inputs([str(p) for p in paths]))


# --- each input alone: the cases that used to end a whole batch -----------------------------


def test_each_listed_fault_refuses_its_input_alone(tmp_path: Path) -> None:
    folder = tmp_path / "masukan"
    folder.mkdir()
    (folder / "baik.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "url.jsonl").write_text(
        json.dumps({"url": "http://[::1", "text": ARTICLE + " satu"})
        + "\n{broken\n"
        + json.dumps({"text": ARTICLE + " dua"})
        + "\n",
        encoding="utf-8",
    )
    (folder / "surrogat.jsonl").write_bytes(b'{"text": "Sebuah \\ud800 berita yang panjang"}\n')
    (folder / "dalam.json").write_bytes(b"[" * 100_000)
    (folder / os.fsdecode(b"bad\xff.txt")).write_text(ARTICLE + " tiga", encoding="utf-8")
    loop = folder / "lingkar"
    loop.mkdir()
    (loop / "a").symlink_to("b")
    (loop / "b").symlink_to("a")
    os.mkfifo(folder / "pipa.txt")
    (folder / ".tersembunyi.txt").write_text(ARTICLE + " empat", encoding="utf-8")

    with warta.open_store(tmp_path / "w.db") as store:
        started = time.monotonic()
        report = ingest([str(folder)], store)
        assert time.monotonic() - started < 60  # the named pipe did not block
        refused = {r.origin.removeprefix(str(folder) + "/"): r.reason for r in report.rejected}
        assert report.added == 4, refused  # baik, url.jsonl:1 and :3, bad\xff
        assert set(refused) == {
            "url.jsonl:2", "surrogat.jsonl:1", "dalam.json", "lingkar/a", "lingkar/b", "pipa.txt"
        }  # fmt: skip
        assert "surrogate" in refused["surrogat.jsonl:1"]
        assert "nested too deeply" in refused["dalam.json"]
        assert "symbolic links" in refused["lingkar/a"]
        assert "named pipe" in refused["pipa.txt"]
        assert [s.name for s in report.skipped] == [str(folder / ".tersembunyi.txt")]
        origins = {a.source["origin"] for a in store.list_articles()}
        assert str(folder / "bad\\xff.txt") in origins  # the name shown, its bytes escaped
        stored = {r.origin for r in store.list_rejects()}
        assert len(stored) == 6  # every refusal is kept, names and all
        with_bad_url = next(a for a in store.list_articles() if "satu" in "".join(a.body))
        assert with_bad_url.url is None  # an unparsable URL is no identity, nor a link


def test_paths_no_file_system_takes_and_devices_are_refused_at_once() -> None:
    refused = _items("bad\x00path", "/dev/null", "/dev/zero")
    assert [type(r).__name__ for r in refused] == [
        "SourceNotFound",
        "InputRejected",
        "InputRejected",
    ]
    reasons = [r.reason for r in refused if isinstance(r, InputRejected)]
    assert (
        "NUL" in reasons[0]
        and "character device" in reasons[1]
        and "character device" in reasons[2]
    )


def test_urls_that_are_no_web_address_do_not_identify_articles(tmp_path: Path) -> None:
    records = [{"url": "javascript:alert(8)", "text": f"{ARTICLE} nomor {n}"} for n in range(3)]
    path = tmp_path / "tiga.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    with warta.open_store(tmp_path / "w.db") as store:
        report = ingest([str(path)], store)
        assert report.added == 3 and not report.refused
        assert all(article.url is None for article in store.list_articles())
    for bad in ("javascript:alert(8)", "mailto:a@b.id", "file:///etc/passwd", "/berita/1",
                "http://[::1", "http://x.id:port/", "data:text/html,x", "  "):  # fmt: skip
        assert web_url(bad) is None, bad
    for good in ("https://kompas.com/a", "http://detik.com/b?c=1", "//tempo.co/x"):
        assert web_url(good) == good


def test_one_broken_jsonl_line_is_refused_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": f"{ARTICLE} {n}"}).encode() for n in range(4)
    ]  # NUL, invalid UTF-8 and broken JSON between good lines
    data = b"\n".join(
        [lines[0], b'{"text": "\x00"}', lines[1], b'{"text": "\xff\xfe"}', lines[2], b"{", lines[3]]
    )
    path = tmp_path / "campur.jsonl"
    path.write_bytes(data)
    items = _items(path)
    assert [type(i).__name__ for i in items] == [
        "RawDocument", "NotText", "RawDocument", "NotText", "RawDocument", "MalformedInput",
        "RawDocument",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "record",
    [{"text": 5}, {"title": ["a"], "text": "x"}, [1, 2], None, {"body": [1]}, {"id": {}},
     {"html": False}, {}, "teks", {"text": "a\ud800b"}, {"id": "x\udfff", "text": "kata"}],
)  # fmt: skip
def test_records_of_the_wrong_shape_are_refused_with_a_reason(record: Any) -> None:
    with pytest.raises(InputRejected) as refused:
        record_to_raw("r.jsonl:1", record)
    assert refused.value.origin == "r.jsonl:1" and refused.value.reason


# --- properties: nothing a file can hold makes a reader raise -------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3000), suffix=st.sampled_from(["", ".txt", ".html", ".jsonl", ".json"])
)
def test_any_bytes_are_read_or_refused(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"masukan{suffix}"
    path.write_bytes(data)
    for item in _items(path):
        assert isinstance(item, RawDocument | InputRejected)
        if isinstance(item, InputRejected):
            assert item.origin.startswith(str(path)) and item.reason


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_FIELDS = st.sampled_from(["text", "html", "body", "id", "url", "title", "published", "outlet"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_FIELDS, _JSON | st.text(max_size=200), max_size=6) | _JSON)
def test_any_json_record_is_read_or_refused(record: Any) -> None:
    try:
        raw = record_to_raw("r.jsonl:1", record)
    except InputRejected as refused:
        assert refused.reason
        return
    assert raw.text.strip()
    raw.text.encode("utf-8")  # storable: no lone surrogate got through
    assert raw.url is None or web_url(raw.url) == raw.url


# --- the analysis budget and the workers ----------------------------------------------------


def test_an_input_over_its_budget_is_refused_and_the_batch_goes_on() -> None:
    huge = RawDocument("huge.txt", "text", "Judul\n\n" + "Presiden Joko kata " * 300_000, "utf-8")
    good = RawDocument("baik.txt", "text", ARTICLE, "utf-8")
    workers = AnalysisWorkers(count=1, budget=1.0)
    try:
        started = time.monotonic()
        over, fine = workers.analyze([huge, good])
        assert time.monotonic() - started < 30
        assert isinstance(over, InputRejected) and "longer than 1 s" in over.reason
        assert over.origin == "huge.txt"
        assert (
            isinstance(fine, warta.Article) and fine.title == "Banjir Rendam Ratusan Rumah di Garut"
        )
    finally:
        workers.close()


def test_a_group_over_its_budget_refuses_only_the_slow_input() -> None:
    """A slow input analysed in a group with others: the group runs over one input's budget,
    its inputs are analysed again one at a time, and only the slow one is refused."""
    slow = RawDocument("lambat.txt", "text", "Judul\n\n" + "Presiden Joko kata " * 5000, "utf-8")
    assert len(slow.text) < GROUP_CHARACTERS  # grouped with the others
    raws = [RawDocument(f"{n}.txt", "text", f"{ARTICLE} {n}", "utf-8") for n in range(2)]
    workers = AnalysisWorkers(count=1, budget=0.3)
    try:
        workers.start()
        started = time.process_time()
        first, over, last = workers.analyze([raws[0], slow, raws[1]])
        assert time.process_time() - started < 5  # the parent waits; workers do the work
    finally:
        workers.close()
    assert isinstance(over, InputRejected) and "longer than 0.3 s" in over.reason
    assert over.origin == "lambat.txt"
    assert isinstance(first, warta.Article) and isinstance(last, warta.Article)
    assert (first.source["origin"], last.source["origin"]) == ("0.txt", "1.txt")


def test_a_worker_that_dies_costs_only_its_input() -> None:
    workers = AnalysisWorkers(count=2, budget=30.0)
    try:
        workers.start()
        victim = workers._idle[-1]  # the next to be given an input
        os.kill(victim.process.pid, signal.SIGKILL)
        (died,) = workers.analyze([RawDocument("0.txt", "text", ARTICLE, "utf-8")])
        assert isinstance(died, InputRejected) and "died" in died.reason
        assert died.origin == "0.txt"
    finally:
        workers.close()


def test_a_group_whose_worker_dies_is_analysed_again_one_input_at_a_time() -> None:
    """Inputs go to a worker in groups; when its worker dies, the group's inputs are analysed
    again one at a time, so only an input that kills a worker itself is refused."""
    workers = AnalysisWorkers(count=2, budget=30.0)
    try:
        workers.start()
        victim = workers._idle[-1]  # the next to be given a group
        os.kill(victim.process.pid, signal.SIGKILL)
        raws = [RawDocument(f"{n}.txt", "text", f"{ARTICLE} {n}", "utf-8") for n in range(4)]
        results = workers.analyze(raws)
        assert all(isinstance(r, warta.Article) for r in results), results
        assert [r.source["origin"] for r in results if isinstance(r, warta.Article)] == [
            "0.txt",
            "1.txt",
            "2.txt",
            "3.txt",
        ]  # in the order given
        assert victim.process.poll() is not None
    finally:
        workers.close()


def test_in_process_analysis_gives_the_same_articles() -> None:
    raws = [RawDocument(f"{n}.txt", "text", f"{ARTICLE} {n}", "utf-8") for n in range(2)]
    workers = AnalysisWorkers(count=1, budget=30.0)
    try:
        isolated = workers.analyze(raws)
    finally:
        workers.close()
    here = InProcess().analyze(raws)
    assert [a.to_dict() for a in isolated if isinstance(a, warta.Article)] == [
        a.to_dict() for a in here if isinstance(a, warta.Article)
    ]
    assert len(here) == 2


# --- hostile corpora through the CLI and the API --------------------------------------------


@needs_indosum
def test_hostile_corpus_through_the_cli(tmp_path: Path) -> None:
    expected = fuzz.write_corpus(tmp_path / "corpus", inputs=120, seed=11, good_share=0.3)
    code, stderr = fuzz.run_cli([str(tmp_path / "corpus")], tmp_path / "w.db", clean_env())
    outcome = fuzz.check(expected, tmp_path / "w.db", stderr, code)
    assert not outcome.failures, outcome.failures
    assert code == 1 and "Traceback" not in stderr
    kinds = {kind for kind, _ in outcome.counts}
    assert len(kinds) >= 15  # the corpus really is varied


@needs_indosum
def test_hostile_corpus_through_the_api(tmp_path: Path) -> None:
    expected = fuzz.write_corpus(tmp_path / "corpus", inputs=80, seed=12, good_share=0.3)
    files = sorted(
        p for p in (tmp_path / "corpus").rglob("*") if p.is_file() and not p.is_symlink()
    )
    db = tmp_path / "w.db"
    warta.open_store(db).close()
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as server:
        refused = 0
        for start in range(0, len(files), 25):
            upload = [
                ("files", (os.fsencode(p.name).decode("utf-8", "replace"), p.read_bytes()))
                for p in files[start : start + 25]
            ]
            response = server.post(
                "/api/ingest", files=upload, headers={"Authorization": f"Bearer {TOKEN}"}
            )
            assert response.status_code == 200, response.text
            answer = response.json()
            assert all(item["reason"] for item in answer["refused"])
            refused += answer["refused_count"]
    codes = {item.code for item in expected if item.code}
    with sqlite3.connect(db) as connection:
        documents = [row[0] for row in connection.execute("SELECT document FROM articles")]
    connection.close()
    found = [code for document in documents for code in set(fuzz._CODE.findall(document))]
    linked = {item.code for item in expected if item.kind == "good-linked"}
    times = Counter(found)  # a damaged article ("either") may be stored too, but once
    assert all(times[code] == 1 for code in codes), times  # every good article, once
    assert max(times.values()) == 1
    assert linked <= set(found)
    bad = sum(1 for item in expected if item.outcome == "bad" and Path(item.origin).is_file())
    assert refused >= bad > 0


# --- writers that share a database ----------------------------------------------------------


def test_a_writer_gives_up_cleanly_when_the_database_stays_locked(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    shutil.copytree(EXAMPLE_SAMPLES, tmp_path / "contoh")
    with warta.open_store(db) as store:
        assert ingest([str(tmp_path / "contoh" / "000_87a8535064c28a9e.txt")], store).added == 1
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, holding the database
    try:
        with SQLiteStore(db, write_wait=0.5) as store:
            with pytest.raises(StoreBusy) as busy:
                ingest([str(tmp_path / "contoh")], store)
            assert busy.value.retry_after >= 1 and "try again" in str(busy.value)
        result = Warta(db, tmp_path)(
            "ingest", tmp_path / "contoh", env={"WARTA_WRITE_WAIT_SECONDS": "1"}
        )
        assert result.returncode == 2, result
        assert "busy" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with warta.open_store(db) as store:
        assert store.count_articles() == 1  # nothing half-written
        report = ingest([str(tmp_path / "contoh")], store)
        assert report.added == 4 and report.unchanged == 1


@needs_indosum
def test_a_cli_ingest_and_an_api_ingest_share_one_database(tmp_path: Path) -> None:
    articles = fuzz.indosum_articles(260)
    big = tmp_path / "besar.jsonl"
    big.write_text(
        "".join(json.dumps({"url": f"https://a.id/{n}", "title": t, "text": "\n\n".join(p)}) + "\n"
                for n, (t, p) in enumerate(articles[:200])),
        encoding="utf-8",
    )  # fmt: skip
    db = tmp_path / "w.db"
    warta.open_store(db).close()
    cli = subprocess.Popen(
        [*Warta.command(), "--db", str(db), "ingest", str(big), "--batch-size", "20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    answers: list[int] = []
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as server:
        for n, (title, paragraphs) in enumerate(articles[200:260]):
            record = {"url": f"https://b.id/{n}", "title": title, "text": "\n\n".join(paragraphs)}
            upload = [("files", (f"{n}.jsonl", json.dumps(record).encode()))]
            while True:
                response = server.post(
                    "/api/ingest", files=upload, headers={"Authorization": f"Bearer {TOKEN}"}
                )
                answers.append(response.status_code)
                if response.status_code != 503:
                    break
                assert int(response.headers["Retry-After"]) >= 1
                time.sleep(0.5)
            assert response.status_code == 200, response.text
            assert response.json()["refused_count"] == 0
    _, stderr = cli.communicate(timeout=600)
    assert cli.returncode == 0, stderr
    assert "Traceback" not in stderr
    with warta.open_store(db) as store:
        assert store.count_articles() == 260
        urls = [a.url for a in store.list_articles()]
        assert len(set(urls)) == 260


def test_threads_ingesting_into_one_database_all_finish(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    warta.open_store(db).close()
    errors: list[BaseException] = []

    def run(n: int) -> None:
        path = tmp_path / f"t{n}.jsonl"
        path.write_text(
            "".join(json.dumps({"text": f"{ARTICLE} utas {n} nomor {m}"}) + "\n" for m in range(6)),
            encoding="utf-8",
        )
        try:
            with warta.open_store(db) as store:
                assert ingest([str(path)], store, batch_size=2).added == 6
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    with warta.open_store(db) as store:
        assert store.count_articles() == 18


def test_the_server_answers_while_a_hostile_upload_is_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARTA_ANALYSIS_BUDGET_SECONDS", "4")
    db = tmp_path / "w.db"
    with warta.open_store(db) as store:
        assert ingest([str(EXAMPLE_SAMPLES)], store).added == 5
    hostile = [
        ("files", ("kurung.html", b"<html><body><p>" + b"<" * 1_000_000 + b"</p></body></html>")),
        ("files", ("panjang.txt", ("Judul\n\n" + "Presiden Joko kata " * 400_000).encode())),
    ]
    answer: dict[str, Any] = {}
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as server:
        server.get("/api/articles")  # the app is up

        def upload() -> None:
            response = server.post(
                "/api/ingest", files=hostile, headers={"Authorization": f"Bearer {TOKEN}"}
            )
            answer.update(response.json(), status=response.status_code)

        uploading = threading.Thread(target=upload)
        uploading.start()
        time.sleep(0.5)  # the upload is being read and analysed
        for _ in range(5):
            assert server.get("/api/articles").status_code == 200
            assert server.get("/api/search", params={"q": "Putin"}).status_code == 200
        answered_during_upload = uploading.is_alive()
        uploading.join(timeout=120)
    assert answered_during_upload  # the GETs did not wait for the analysis
    assert answer["status"] == 200
    reasons = {item["file"]: item["reason"] for item in answer["refused"]}
    assert "longer than 4 s" in reasons["panjang.txt"]
    assert "kurung.html" in reasons


def test_a_killed_cli_leaves_no_worker_behind(tmp_path: Path) -> None:
    huge = tmp_path / "besar.txt"
    huge.write_text("Judul\n\n" + "Presiden Joko kata " * 500_000, encoding="utf-8")
    cli = subprocess.Popen(
        [*Warta.command(), "--db", str(tmp_path / "w.db"), "ingest", str(huge)],
        stderr=subprocess.DEVNULL,
        env=clean_env(),
    )
    workers: list[str] = []
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and cli.poll() is None:
        time.sleep(0.2)
        workers = _children(cli.pid)
    assert workers, "the ingest started no worker"
    # any of the workers (one per core) may be given the article
    while max(map(_cpu_seconds, workers)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # the workers are warming up, then one waits for the article
        workers = _children(cli.pid) or workers
    assert max(map(_cpu_seconds, workers)) >= 2, "no worker started on the article"
    cli.kill()
    cli.wait()
    time.sleep(1)
    alive = [
        pid
        for pid in workers
        if Path(f"/proc/{pid}/status").exists()
        and "zombie" not in Path(f"/proc/{pid}/status").read_text()
    ]
    assert not alive  # killed with the CLI, not left analysing for minutes


def _children(pid: int) -> list[str]:
    """The processes whose parent is ``pid``, from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if fields[1] == str(pid):
            children.append(stat.parent.name)
    return children


def _cpu_seconds(pid: str) -> float:
    """User and system CPU time of a process so far, from /proc (0 once it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
