"""`repfocus bench`: performance measured end to end, printed as JSON. Each command calls one service."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, console, err_console, fail, write_json
from repfocus.services import bench_analytics
from repfocus.services.bench_ingest import bench_ingest
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
    session.add per row of the same rows, measured on --naive-sample rows.
    """
    _show("bench ingest", bench_ingest(rows=rows, naive_sample=naive_sample, workdir=workdir), as_json)


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
    _show("bench analytics", result.as_dict(), as_json)
