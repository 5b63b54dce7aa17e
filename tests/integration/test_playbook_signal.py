"""The knowledge-and-tools diagnosis reads playbook use: a rep who never uses it, beside teammates who do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from repfocus.analytics.signals import rep_signals
from repfocus.domain.diagnosis import model as m
from repfocus.domain.diagnosis.rules import judge_knowledge_tools
from repfocus.domain.diagnosis.thresholds import load_thresholds
from repfocus.domain.period import Period
from repfocus.services.playbook_files import load_starter_playbook
from repfocus.services.playbook_usage import record_use
from repfocus.store.db import Database
from tests.factories import make_activity, make_organization, make_team, make_user

SLUG = "objection-rates-too-high"


def _team_sending_emails(db: Database) -> tuple[dict[str, int], Period]:
    now = datetime.now(UTC)
    with db.session() as s:
        make_organization(s, time_zone="UTC")
        team = make_team(s, name="East")
        ids = {}
        for name in ("ann", "bob", "cy"):
            rep = make_user(s, email=f"{name}@acme.example", name=name.title(), team_id=team.id)
            ids[name] = rep.id
            for i in range(10):
                make_activity(
                    s, rep_id=rep.id, kind="email", category="prospecting_email", subject="Intro",
                    started_at=now - timedelta(hours=1, minutes=i), source="csv", external_id=f"{name}{i}",
                )  # fmt: skip
        s.commit()
    return ids, Period(now.date() - timedelta(days=6), now.date())


def _signals(db: Database, period: Period) -> dict[str, m.Signal]:
    with db.read_session() as s:
        return {rs.email: rs.get(m.PLAYBOOK_USE) for _rep, rs in rep_signals(s, period=period)}


def test_without_a_playbook_the_signal_says_so_and_is_left_out(sqlite_db: Database) -> None:
    _ids, period = _team_sending_emails(sqlite_db)
    signal = _signals(sqlite_db, period)["cy@acme.example"]
    assert not signal.has_data and signal.missing == "no playbook set up yet"


def test_a_rep_who_never_uses_the_playbook_is_flagged_for_knowledge_and_tools(sqlite_db: Database) -> None:
    ids, period = _team_sending_emails(sqlite_db)
    load_starter_playbook(sqlite_db)
    for name in ("ann", "bob"):
        for _ in range(8):
            record_use(sqlite_db, slug=SLUG, rep_id=ids[name], action="copy")
    signals = _signals(sqlite_db, period)
    assert signals["ann@acme.example"].value == 0.8
    cy = signals["cy@acme.example"]
    assert cy.value == 0.0 and cy.median == 0.8
    with sqlite_db.read_session() as s:
        rs = next(rs for _rep, rs in rep_signals(s, period=period) if rs.email == "cy@acme.example")
    judged = [j for j in judge_knowledge_tools(rs, load_thresholds()) if j.signal == m.PLAYBOOK_USE]
    assert judged and judged[0].severity is not None
    assert judged[0].line.startswith("Playbook or template used in 0% of emails and meetings")
