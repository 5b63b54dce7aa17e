"""`repfocus demo` then `repfocus report allocation --format json`: the report equals an independent sum."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from repfocus.cli.main import app
from repfocus.config import get_settings
from repfocus.domain.taxonomy import BUCKETS

runner = CliRunner()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _independent_minutes(url: str, start: date, end: date) -> dict[str, dict[str, int]]:
    """Sum the raw activities per rep email and bucket, by local day in the organization's time zone."""
    bucket = {category: name for name, categories in BUCKETS.items() for category in categories}
    engine = create_engine(url)
    with engine.connect() as conn:
        zone = ZoneInfo(conn.execute(text("SELECT time_zone FROM organizations")).scalar_one())
        rows = conn.execute(
            text(
                "SELECT u.email, a.started_at, a.duration_minutes, a.category "
                "FROM activities a JOIN users u ON u.id = a.rep_id"
            )
        ).all()
    engine.dispose()
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for email, started_at, minutes, category in rows:
        local = datetime.fromisoformat(str(started_at)).replace(tzinfo=UTC).astimezone(zone).date()
        if start <= local <= end:
            out[email][bucket.get(category, "unclassified")] += minutes
    return out


def test_report_allocation_json_equals_a_sum_over_the_demo_activities(database_url: str) -> None:
    loaded = runner.invoke(app, ["demo"])
    assert loaded.exit_code == 0, loaded.output
    assert "demo loaded" in loaded.output
    result = runner.invoke(app, ["report", "allocation", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    start, end = date.fromisoformat(report["period"]["from"]), date.fromisoformat(report["period"]["to"])
    assert (end - start).days == 13 * 7 - 1
    expected = _independent_minutes(database_url, start, end)
    assert len(report["reps"]) == 24 == len(expected)
    targets = set()
    for rep in report["reps"]:
        minutes = {b: m for b, m in rep["minutes"].items() if m}
        assert minutes == dict(expected[rep["email"]]), rep["email"]
        total = sum(minutes.values())
        assert rep["selling_share"] == pytest.approx(minutes["selling"] / total, abs=1e-4)
        targets.add(rep["target_selling_share"])
    assert targets == {0.4, None}


def test_demo_if_new_skips_a_database_that_already_has_an_organization(database_url: str) -> None:
    assert runner.invoke(app, ["demo", "--reps", "6", "--weeks", "1"]).exit_code == 0
    skipped = runner.invoke(app, ["demo", "--if-new"])
    assert skipped.exit_code == 0 and "skipped" in skipped.output
    refused = runner.invoke(app, ["demo"])
    assert refused.exit_code == 1 and "already holds an organization" in refused.output


def test_demo_rejects_a_bad_option_with_a_usage_error(database_url: str) -> None:
    result = runner.invoke(app, ["demo", "--reps", "0"])
    assert result.exit_code == 2 and "reps must be at least 1" in result.output
