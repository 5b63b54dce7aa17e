"""`repfocus bench`: benchmarks that print JSON (medians and ratios against the naive way)."""

from __future__ import annotations

import typer

from repfocus.cli.context import EXIT_USAGE, err_console, fail, write_json
from repfocus.services import bench_analytics

app = typer.Typer(help="Benchmarks; each prints JSON with medians and ratios.", no_args_is_help=True)


@app.command("analytics")
def analytics(
    activities: int = typer.Option(5_000_000, "--activities", min=1000, help="Activities to generate."),
    reps: int = typer.Option(500, "--reps", min=1, help="Reps to spread them over."),
    as_json: bool = typer.Option(False, "--json", help="Print only the JSON line (no progress)."),
    database_url: str = typer.Option(
        None, "--database-url", help="An EMPTY database to fill (default: a temporary SQLite file)."
    ),
) -> None:
    """Time the org-wide 13-week dashboard from rollups vs raw GROUP BY vs pandas over a CSV export.

    Prints {"activities", "reps", "dashboard_ms", "raw_groupby_ms", "pandas_ms", "ratio_vs_raw",
    "ratio_vs_pandas", "ingest_overhead_pct"}.
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
