"""`repfocus bench`: performance measured end to end, printed as JSON. Each command calls one service."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, console, err_console, fail, write_json
from repfocus.domain.diagnosis import ThresholdsInvalid
from repfocus.services import bench_analytics, diagnosis_bench
from repfocus.services.bench_ingest import bench_ingest
from repfocus.services.diagnosis import configured_thresholds
from repfocus.services.playbook_bench import bench_playbook

app = typer.Typer(help="Benchmarks: each prints its numbers (JSON with --json).", no_args_is_help=True)


def _show(title: str, result: dict[str, object], as_json: bool) -> None:
    if as_json:
        write_json(result)
        return
    table = Table(title=title, show_header=False)
    for key, value in result.items():
        table.add_row(key, str(value))
    console.print(table)


@app.command("ingest")
def ingest(
    rows: int = typer.Option(1_000_000, "--rows", min=1, help="Rows in the generated Salesforce Event file."),
    naive_sample: int = typer.Option(20_000, "--naive-sample", min=100, help="Rows for the naive ORM run."),
    workdir: Path | None = typer.Option(
        None, "--workdir", help="Where to put the temporary file and databases."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import a generated Salesforce export into a fresh SQLite database (parse, validate, classify, roll up).

    JSON: {"rows", "seconds", "rows_per_s", "peak_rss_mb", "naive_rows_per_s", "ratio"}; naive is an ORM
    session.add per row of the same rows, measured on --naive-sample rows. An import this big prepares its
    rows in a worker process: peak_rss_mb is the peak of both processes added.
    """
    _show("bench ingest", bench_ingest(rows=rows, naive_sample=naive_sample, workdir=workdir), as_json)


@app.command("analytics")
def analytics(
    activities: int = typer.Option(5_000_000, "--activities", min=1000, help="Activities to generate."),
    reps: int = typer.Option(500, "--reps", min=1, help="Reps to spread them over."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (progress notes go to stderr otherwise)."),
    database_url: str = typer.Option(
        None, "--database-url", help="An EMPTY database to fill (default: a temporary SQLite file)."
    ),
) -> None:
    """Time the org-wide 13-week dashboard from rollups vs raw GROUP BY vs pandas over a CSV export.

    JSON: {"activities", "reps", "dashboard_ms", "raw_groupby_ms", "pandas_ms", "ratio_vs_raw",
    "ratio_vs_pandas", "ingest_overhead_pct"} (medians of 5 runs).
    """
    if activities < reps:
        raise fail("--activities must be at least --reps", code=EXIT_USAGE)

    def progress(message: str) -> None:
        if not as_json:
            err_console.print(f"[dim]{message}[/dim]")

    try:
        result = bench_analytics.run_analytics_bench(
            activities=activities, reps=reps, database_url=database_url, progress=progress
        )
    except bench_analytics.BenchUnavailable as exc:
        raise fail(str(exc)) from exc
    write_json(result.as_dict())


@app.command("diagnose")
def diagnose(
    orgs: int = typer.Option(10, "--orgs", min=1, help="How many organizations to generate."),
    reps: int = typer.Option(24, "--reps", min=6, help="Reps per organization."),
    first_seed: int = typer.Option(101, "--seed", help="Seed of the first organization (then +1 each)."),
    noise: str = typer.Option(
        "0,0.1,0.2,0.3", "--noise", help="Noise levels (0..1) the organizations cycle through."
    ),
    thresholds: str = typer.Option(None, "--thresholds", help="TOML file overriding diagnosis thresholds."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON only."),
) -> None:
    """Accuracy of the diagnosis on demo organizations with planted causes (each: next seed, next noise).

    JSON: {"orgs", "reps", "planted_reps", "healthy_reps", "top1_accuracy", "healthy_flagged_share",
    "confusion": {"rows": "planted", "columns": "predicted", "matrix": {planted: {predicted: n}}},
    "per_org": [{"seed", "noise", "reps", "correct"}], "seconds"}
    """
    try:
        levels = [float(x) for x in noise.split(",") if x.strip()]
    except ValueError as exc:
        raise fail(
            f"--noise: give numbers between 0 and 1 separated by commas, got {noise!r}", code=2
        ) from exc
    if not levels or any(not 0 <= x <= 1 for x in levels):
        raise fail(f"--noise: give numbers between 0 and 1 separated by commas, got {noise!r}", code=2)
    try:
        th = configured_thresholds(thresholds)
    except ThresholdsInvalid as exc:
        raise fail(escape(str(exc))) from exc
    result = diagnosis_bench.bench_diagnose(
        orgs=orgs, reps=reps, first_seed=first_seed, noise_levels=levels, thresholds=th
    )
    data = result.as_dict()
    if as_json:
        write_json(data)
        return
    table = Table(title="Planted cause (rows) vs top-ranked finding (columns)")
    table.add_column("planted")
    for label in diagnosis_bench.LABELS:
        table.add_column(label, justify="right")
    for planted, row in result.confusion.items():
        table.add_row(planted, *(str(row[p]) for p in diagnosis_bench.LABELS))
    console.print(table)
    console.print(f"top-1 accuracy {data['top1_accuracy']}, healthy flagged {data['healthy_flagged_share']}")
    write_json({k: v for k, v in data.items() if k != "per_org"})
    _show("bench analytics", result.as_dict(), as_json)


@app.command("playbook")
def playbook(
    items: int = typer.Option(10_000, "--items", min=1, help="Generated items in the library."),
    queries: int = typer.Option(300, "--queries", min=1, help="Searches to time."),
    database: str | None = typer.Option(
        None, "--database", help="Database URL to fill (default: a temp SQLite file)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Time ranked, filtered playbook searches (through the service: FTS, filters, highlights) over a
    generated library; target median <= 20 ms on SQLite.

    JSON: {"items", "queries", "search_median_ms", "search_p95_ms"}
    """
    _show("bench playbook", bench_playbook(items=items, queries=queries, database=database), as_json)
