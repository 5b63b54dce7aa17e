"""`repfocus hiring add-candidate | status | score | compare | weights` through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.store.db import Database
from tests.factories import make_organization, make_team, make_user

runner = CliRunner()


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s)
        team = make_team(s, name="East")
        make_user(s, email="boss@example.com", name="Boss", role="manager", team_id=team.id)
        make_user(s, email="lead@example.com", name="Lead", role="leader")
        make_user(s, email="sam@example.com", name="Sam Rep", team_id=team.id)
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def _add(name: str) -> int:
    code, out, err = _run("hiring", "add-candidate", "--name", name, "--role", "Account executive")
    assert code == 0, err
    return int(out.split()[2].rstrip(":"))


def _score(cid: int, interviewer: str, *ratings: str, extra: tuple[str, ...] = ()) -> tuple[int, str, str]:
    options = []
    for trait, value in zip(
        ("--persistence", "--assertiveness", "--money-talk", "--objection-handling", "--prospecting-drive"),
        ratings,
        strict=True,
    ):
        options += [trait, value]
    return _run("hiring", "score", str(cid), "--interviewer", interviewer, *options, *extra)


def test_candidates_are_scored_and_compared_as_table_json_and_csv(db: Database) -> None:
    hunter, quiet = _add("Hana Hunter"), _add("Quinn Quiet")
    note = ("--note", "persistence=Called back twice", "--on", "2026-11-20")
    assert _score(hunter, "boss@example.com", "5", "4", "4", "4", "4", extra=note)[0] == 0
    assert _score(hunter, "lead@example.com", "5", "4", "4", "4", "4")[0] == 0
    assert _score(quiet, "boss@example.com", "2", "3", "1", "3", "3")[0] == 0
    code, out, _ = _run("hiring", "compare", "--format", "json")
    assert code == 0
    got = json.loads(out)
    assert [(c["name"], c["score"], c["recommendation"]) for c in got["candidates"]] == [
        ("Hana Hunter", 82.5, "hire"),
        ("Quinn Quiet", 35.0, "no"),  # 2.4 weighted
    ]
    assert got["candidates"][1]["red_flags"] == ["persistence", "money_talk"]
    code, out, _ = _run("hiring", "compare", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rank"], r["name"], r["persistence"], r["needs_interview"]) for r in rows] == [
        ("1", "Hana Hunter", "5.0", "False"),
        ("2", "Quinn Quiet", "2.0", "True"),
    ]
    code, out, _ = _run("hiring", "compare")
    assert code == 0 and "Hana Hunter" in out and "needs another interview" in out


def test_rejected_input_exits_1_naming_the_option_and_a_usage_error_exits_2(db: Database) -> None:
    cid = _add("Ola")
    code, _, err = _score(cid, "boss@example.com", "5", "4", "9", "4", "4")
    assert code == 1 and "--money-talk: 9 is outside 1-5" in err
    code, _, err = _run(
        "hiring", "score", str(cid), "--interviewer", "boss@example.com", "--persistence", "4"
    )
    assert code == 1 and "--assertiveness: is missing" in err
    code, _, err = _score(cid, "sam@example.com", "4", "4", "4", "4", "4")
    assert code == 1 and "--interviewer: sam@example.com is not an active leader or manager" in err
    code, _, err = _score(cid + 99, "boss@example.com", "4", "4", "4", "4", "4")
    assert code == 1 and "no candidate" in err
    assert _score(cid, "boss@example.com", "4", "4", "4", "4", "4")[0] == 0
    code, _, err = _score(cid, "boss@example.com", "4", "4", "4", "4", "4")
    assert code == 1 and "--on: boss@example.com already scored Ola" in err
    code, _, err = _score(cid, "boss@example.com", "x", "4", "4", "4", "4")
    assert code == 2
    code, _, err = _score(cid, "lead@example.com", "4", "4", "4", "4", "4", extra=("--on", "someday"))
    assert code == 2 and "--on: 'someday' is not a date" in err
    code, _, err = _score(cid, "lead@example.com", "4", "4", "4", "4", "4", extra=("--note", "no equals"))
    assert code == 2
    code, _, err = _run("hiring", "add-candidate", "--name", "X", "--role", "AE", "--status", "ghosted")
    assert code == 1 and "--status: 'ghosted' is not a status" in err
    code, _, err = _run("hiring", "compare", "--format", "xml")
    assert code == 2


def test_status_changes_and_weights_are_set_and_shown(db: Database) -> None:
    cid = _add("Pat")
    code, out, _ = _run("hiring", "status", str(cid), "offer")
    assert code == 0 and "is now offer" in out
    code, _, err = _run("hiring", "status", str(cid), "ghosted")
    assert code == 1
    code, out, _ = _run("hiring", "weights")
    assert code == 0 and "persistence: 0.3" in out
    set_ = ["--persistence", "0.2", "--assertiveness", "0.2", "--money-talk", "0.2"]
    code, _, err = _run("hiring", "weights", *set_, "--objection-handling", "0.2")
    assert code == 1 and "--prospecting-drive: is missing" in err
    code, out, _ = _run(
        "hiring", "weights", *set_, "--objection-handling", "0.2", "--prospecting-drive", "0.2"
    )
    assert code == 0 and "money_talk: 0.2" in out
    code, _, err = _run(
        "hiring", "weights", *set_, "--objection-handling", "0.2", "--prospecting-drive", "0.5"
    )
    assert code == 1 and "weights: sum to 1.3" in err
