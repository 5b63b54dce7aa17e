"""The diagnosis on generated demo organizations: planted causes found, healthy reps left alone."""

from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.services.diagnosis_bench import HEALTHY, bench_diagnose


def test_planted_causes_are_found_on_a_noiseless_demo() -> None:
    result = bench_diagnose(orgs=1, first_seed=7, noise_levels=(0.0,), reps=18, today=date(2026, 11, 25))
    assert result.top1_accuracy is not None and result.top1_accuracy >= 0.9, result.confusion
    healthy = result.confusion[HEALTHY]
    flagged = sum(healthy.values()) - healthy[HEALTHY]
    assert flagged <= 1, result.confusion  # one small organization; the 10% target is over the bench's orgs


def test_bench_prints_the_confusion_matrix_as_json() -> None:
    out = CliRunner().invoke(cli, ["bench", "diagnose", "--orgs", "1", "--reps", "8", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    matrix = data["confusion"]["matrix"]
    assert sum(sum(row.values()) for row in matrix.values()) == data["reps"] == 8
    assert set(matrix) == {"direction", "knowledge_tools", "competencies", "motivation", "dna", HEALTHY}
    assert data["per_org"][0]["seed"] == 101
