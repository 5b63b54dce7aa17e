"""`repfocus bench`: performance measurements printed as JSON (never timed unit tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from repfocus.cli.context import console, write_json
from repfocus.services import playbook_bench
from repfocus.store.db import Database

app = typer.Typer(help="Benchmarks; each prints its measurements (JSON with --json).", no_args_is_help=True)


@app.command("playbook")
def playbook(
    items: int = typer.Option(10_000, "--items", min=1, help="Generated items in the library."),
    queries: int = typer.Option(300, "--queries", min=1, help="Searches to time."),
    database: str = typer.Option(
        None, "--database", help="Database URL to fill (default: a temp SQLite file)."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Time ranked, filtered playbook searches over a generated library (target: median <= 20 ms).

    JSON: {"items", "queries", "search_median_ms", "search_p95_ms"}
    """
    with tempfile.TemporaryDirectory(prefix="repfocus-bench-") as tmp:
        db = Database(database or f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.upgrade()
        result = playbook_bench.run_search_bench(db, items=items, queries=queries)
        db.dispose()
    if as_json:
        write_json(result)
    else:
        console.print(
            f"{result['queries']} searches over {result['items']:,} items: "
            f"median {result['search_median_ms']} ms, p95 {result['search_p95_ms']} ms"
        )
