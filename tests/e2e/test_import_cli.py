"""`repfocus import activities`, `classify` and `bench ingest` through the CLI runner."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from repfocus.cli.main import app
from repfocus.config import get_settings
from repfocus.services.bench_ingest import write_salesforce_events
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, ActivityRollup
from tests.factories import make_organization, make_user

runner = CliRunner()

GOOD = (
    "external_id,rep_email,started_at,duration_minutes,kind,subject,account_name,account_status,contact_name,"
    "contact_title\n"
    "a1,ann@acme.example,2026-11-02T15:00:00Z,30,call,Intro call,Globex,prospect,Jane Doe,"
    "Director of Software Engineering\n"
    "a2,ann@acme.example,2026-11-02T16:00:00Z,,email,Follow-up,Globex,prospect,Jane Doe,\n"
)


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s, time_zone="UTC")
        make_user(s, email="ann@acme.example")
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_import_prints_the_json_report_and_reimport_adds_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "acts.csv"
    path.write_text(GOOD)
    code, out = run("import", "activities", str(path), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert set(report) == {
        "format", "rows_read", "imported", "duplicates", "estimated_durations", "unclassified", "created",
        "rejected", "by_category",
    }  # fmt: skip
    assert report["format"] == "csv" and report["imported"] == 2 and report["estimated_durations"] == 1
    assert report["created"] == {"accounts": 1, "contacts": 1}
    assert report["by_category"] == {"prospecting_call": 30, "prospecting_email": 5}
    code, out = run("import", "activities", str(path), "--json")
    assert code == 0 and json.loads(out)["duplicates"] == 2 and json.loads(out)["imported"] == 0


def test_a_rejected_row_makes_exit_code_1_and_partial_writes_an_error_csv(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "acts.csv"
    path.write_text(GOOD + "a3,bob@acme.example,2026-11-02T17:00:00Z,10,call,x,,,,\n")
    code, out = run("import", "activities", str(path), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["imported"] == 0
    reason = "no rep with email bob@acme.example; add the user first or pass --create-reps"
    assert report["rejected"] == [{"line": 4, "field": "rep_email", "reason": reason}]
    code, out = run("import", "activities", str(path), "--partial", "--json")
    assert code == 1 and json.loads(out)["imported"] == 2
    errors = (tmp_path / "acts.csv.errors.csv").read_text().splitlines()
    assert errors[0] == "line,field,reason" and errors[1].startswith("4,rep_email,")


def test_create_reps_with_a_team_and_dry_run(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "acts.csv"
    path.write_text(GOOD.replace("ann@", "new@"))
    code, out = run(
        "import", "activities", str(path), "--create-reps", "--team", "East", "--dry-run", "--json"
    )
    assert code == 0 and json.loads(out)["imported"] == 2
    code, out = run("import", "activities", str(path), "--json")
    assert code == 1  # the dry run created nobody


def test_a_binary_file_gets_a_clear_error_and_exit_1(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    result = runner.invoke(app, ["import", "activities", str(path)])
    assert result.exit_code == 1
    assert "binary" in result.stderr and "Nothing was imported" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_usage_errors_exit_2(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "acts.csv"
    path.write_text(GOOD)
    assert run("import", "activities", str(path), "--format", "excel")[0] == 2
    assert run("import", "activities", str(tmp_path / "missing.csv"))[0] == 2


def test_salesforce_export_with_owner_mapping_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "Event.csv"
    path.write_text(
        "Id,OwnerId,WhoId,WhatId,AccountId,Subject,ActivityDateTime,DurationInMinutes,Type,IsDeleted\n"
        "00U000000000001AAA,005000000000001AAA,,001000000000001AAA,001000000000001AAA,Discovery,"
        "2026-11-02 15:00:00,45,Meeting,0\n"
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text('[users]\n"005000000000001AAA" = "ann@acme.example"\n')
    code, out = run("import", "activities", str(path), "--mapping", str(mapping), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["format"] == "salesforce" and report["by_category"] == {"prospect_meeting": 45}


def test_classify_explain_and_reclassify(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "acts.csv"
    path.write_text(GOOD)
    assert run("import", "activities", str(path))[0] == 0
    code, out = run("classify", "--explain", "1", "--json")
    assert code == 0 and json.loads(out)["rules_tried"][-1]["id"] == "prospecting-call"
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nid = "calls"\ncategory = "sales_research"\nkind = ["call"]\n')
    code, out = run("classify", "--rules", str(rules), "--reclassify", "--json")
    assert code == 0 and json.loads(out.splitlines()[-4:] and out[out.index("{") :]) == {
        "examined": 2,
        "changed": 2,
    }
    assert run("classify", "--explain", "999")[0] == 1
    assert run("classify")[0] == 2


def test_bench_ingest_prints_its_json(tmp_path: Path) -> None:
    code, out = run(
        "bench", "ingest", "--rows", "300", "--naive-sample", "100", "--workdir", str(tmp_path), "--json"
    )
    assert code == 0, out
    result = json.loads(out)
    assert set(result) == {"rows", "seconds", "rows_per_s", "peak_rss_mb", "naive_rows_per_s", "ratio"}
    assert result["rows"] == 300 and result["rows_per_s"] > 0 and result["ratio"] > 0


def test_duration_defaults_are_shown_changed_and_used(db: Database, tmp_path: Path) -> None:
    code, out = run("import", "durations", "--json")
    assert code == 0 and json.loads(out)["email"] == 5
    code, out = run("import", "durations", "email=12", "--json")
    assert code == 0 and json.loads(out)["email"] == 12
    assert run("import", "durations", "fax=3")[0] == 2
    assert run("import", "durations", "call=lots")[0] == 2
    path = tmp_path / "acts.csv"
    path.write_text(GOOD)
    code, out = run("import", "activities", str(path), "--json")
    assert json.loads(out)["by_category"]["prospecting_email"] == 12


def test_an_import_killed_midway_leaves_the_database_as_it_was(db: Database, tmp_path: Path) -> None:
    # big enough to go on in a worker process and to spill the page cache into the log before commit
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 400_000)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[users]\n"005000000000000AAA" = "ann@acme.example"\n')
    db_file = Path(db.url.removeprefix("sqlite:///"))
    wal = db_file.with_name(db_file.name + "-wal")
    env = {**os.environ, "REPFOCUS_DATABASE_URL": db.url}
    repfocus = str(Path(sys.executable).with_name("repfocus"))
    cmd = [repfocus, "import", "activities", str(data), "--mapping", str(mapping)]
    cmd += ["--create-reps", "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        # kill once rows reach the write-ahead log (the page cache spilled), or after a while
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            workers |= _children(proc.pid)
            if wal.exists() and wal.stat().st_size > 1 << 20:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the import finished before it could be killed"
        assert workers, "the import did not prepare its rows in a worker process"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    # the worker notices (a broken pipe) and ends: no orphan left running
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
        assert s.scalar(select(func.count()).select_from(ActivityRollup)) == 0
        assert s.scalar(select(func.count()).select_from(Account)) == 0


def _children(pid: int) -> set[int]:
    """Return the ids of the processes `pid` has started (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found.update(int(c) for c in task.read_text().split())
    return found


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, ended but not yet reaped by init, counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False
