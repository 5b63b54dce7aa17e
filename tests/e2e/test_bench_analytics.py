"""`repfocus bench analytics` end to end on a small data set: the three ways agree, the JSON is as documented.

Not a timing test: the numbers are whatever the machine gives; the command itself fails when the rollups,
the raw GROUP BY and pandas disagree on the figures.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from repfocus.cli.main import app as cli

KEYS = {
    "activities",
    "reps",
    "dashboard_ms",
    "raw_groupby_ms",
    "pandas_ms",
    "ratio_vs_raw",
    "ratio_vs_pandas",
    "ingest_overhead_pct",
}


def test_bench_analytics_prints_the_documented_json() -> None:
    result = CliRunner().invoke(cli, ["bench", "analytics", "--activities", "3000", "--reps", "6", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert (data["activities"], data["reps"]) == (3000, 6)
    assert data["dashboard_ms"] > 0 and data["raw_groupby_ms"] > 0 and data["pandas_ms"] > 0


def test_bench_refuses_more_reps_than_activities() -> None:
    result = CliRunner().invoke(cli, ["bench", "analytics", "--activities", "1000", "--reps", "2000"])
    assert result.exit_code == 2
    assert "--activities must be at least --reps" in result.output
