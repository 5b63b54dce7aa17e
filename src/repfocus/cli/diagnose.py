"""`repfocus diagnose`: why each rep spends time on the wrong work — the five causes with evidence."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from repfocus.cli.context import OutputFormat, console, err_console, fail, open_database, write_json
from repfocus.cli.report import FORMAT, FROM, REP, TEAM, TO, parse_period
from repfocus.config import get_settings
from repfocus.domain.diagnosis import CAUSES, ThresholdsInvalid
from repfocus.domain.diagnosis.model import CAUSE_LABELS
from repfocus.services import diagnosis as service
from repfocus.services import diagnosis_snapshots as snapshots

THRESHOLDS = typer.Option(
    None,
    "--thresholds",
    help="TOML file overriding diagnosis thresholds (default REPFOCUS_DIAGNOSIS_THRESHOLDS).",
)
SAVE = typer.Option(
    False,
    "--save",
    help="Also save this diagnosis as the snapshot a later period's diagnosis compares with (audited).",
)
MARK = {"high": "[red]high[/red]", "medium": "[yellow]medium[/yellow]", "low": "[dim]low[/dim]"}


def diagnose(
    team: str = TEAM,
    rep: str = REP,
    start: str = FROM,
    end: str = TO,
    fmt: OutputFormat = FORMAT,
    thresholds: str = THRESHOLDS,
    save: bool = SAVE,
) -> None:
    """Diagnose each rep: direction, knowledge_tools, competencies, motivation or dna, with evidence.

    JSON: {"period": {"from", "to"}, "organization_findings": [finding], "reps": [{"email", "findings":
    [{"cause", "severity", "confidence", "evidence": [str], "remedies": [{"code", "cause", "text",
    "due_in_days"}]}], "moved": [...], "competency_gaps": [{"competency", "label", "score", "rated_on",
    "change", "evidence"}]}]}, findings ranked worst first; competency_gaps are the manager's ratings that
    need training.
    """
    if team and rep:
        raise fail("give --team or --rep, not both", code=2)
    if fmt is OutputFormat.csv:
        raise fail("diagnose prints table or json", code=2)
    try:
        th = service.configured_thresholds(thresholds or get_settings().diagnosis_thresholds or None)
    except ThresholdsInvalid as exc:
        raise fail(escape(str(exc))) from exc
    db = open_database()
    period = parse_period(db, start, end)
    try:
        report = service.diagnose(db, actor=None, period=period, team=team, rep_email=rep, thresholds=th)
    except service.RepNotFound as exc:
        raise fail(escape(f"{exc}; check --rep")) from exc
    if not report.reps:
        raise fail("no reps match the filters; check --team or --rep")
    if save:
        try:
            saved = snapshots.save_diagnosis(
                db, actor=None, period=period, team=team, rep_email=rep, thresholds=th
            )
        except (service.RepNotFound, snapshots.SnapshotRejected) as exc:  # the reps left meanwhile
            raise fail(escape(str(exc))) from exc
        # stderr: the JSON on stdout keeps its documented shape
        err_console.print(f"saved the diagnosis of {len(saved.reps)} rep(s), {period.start} – {period.end}")
    if fmt is OutputFormat.json:
        write_json(report.as_dict())
        return
    table = Table(title=f"Diagnosis {period.start} – {period.end}")
    table.add_column("rep")
    table.add_column("team")
    for cause in CAUSES:
        table.add_column(CAUSE_LABELS[cause])
    for r in report.reps:
        table.add_row(r.name, r.team or "", *(MARK.get(r.severity_of(c) or "", "·") for c in CAUSES))
    console.print(table)
    for r in report.reps:
        if r.top is None or r.top.severity == "low":
            continue
        console.print(f"\n[bold]{r.name}[/bold] <{r.email}> — {CAUSE_LABELS[r.top.cause]} ({r.top.severity})")
        for line in r.top.evidence:
            console.print(f"  • {line}", highlight=False)
        console.print(f"  → {r.top.remedies[0].text}", highlight=False)
        for move in r.moves:
            console.print(
                f"  ~ {move.signal}: {move.before} → {move.now} ({move.direction})", highlight=False
            )
    if report.organization_findings:
        console.print("\n[bold]Organization[/bold]")
        for f in report.organization_findings:
            for line in f.evidence:
                console.print(f"  {MARK[f.severity]} {line}", highlight=False)
