"""Diagnosis signals per rep and period, built from the measures (measures, trend, cadence, funnel,
persistence), each beside its target or team median. A signal without data says why (Signal.absent).

Two small reads are added here because no measure exposes them yet: the selling minutes spent with
bullseye accounts (tier A/B) per rep, and the last day each rep had coaching logged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.analytics.cadence import cadence_for
from repfocus.analytics.funnel_signals import funnel_signals, persistence_signal
from repfocus.analytics.measures import RepMeasures, measures_for
from repfocus.analytics.playbook_usage import usage_by_rep
from repfocus.analytics.scope import RepRef, rep_refs
from repfocus.analytics.team_medians import TeamMedians
from repfocus.analytics.trend import trends_for
from repfocus.domain.bullseye import ON_TARGET_TIERS
from repfocus.domain.diagnosis import model as m
from repfocus.domain.diagnosis.labels import persona_label
from repfocus.domain.diagnosis.model import RepSignals, Signal
from repfocus.domain.measures import ratio, slope
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKETS, bucket_of
from repfocus.store.bullseye import current_bullseye, current_version
from repfocus.store.models import ActivityRollup, PlaybookItem, Target

CONTENT_CATEGORIES = ("content_search", "content_creation")
OFF_PRIORITY_BUCKETS = ("servicing", "recruiting_support", "research_content", "admin")
SELLING = BUCKETS["selling"]


def unguided_teams(session: Session, peers: Sequence[RepRef]) -> frozenset[int | None]:
    """Return the teams (of `peers`) without weekly cadence targets while another team has them."""
    guided = set(
        session.scalars(
            select(Target.team_id).where(
                Target.metric == "weekly_count", Target.rep_id.is_(None), Target.value > 0
            )
        )
    )
    if not guided:
        return frozenset()  # nobody has direction: the organization is the only yardstick anyway
    return frozenset(p.team_id for p in peers if p.team_id not in guided)


def bullseye_account_minutes(
    session: Session, *, period: Period, rep_ids: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """Return {rep_id: (selling minutes with tier A/B accounts, selling minutes with any account)}."""
    if not rep_ids:
        return {}
    r = ActivityRollup
    stmt = (
        select(r.rep_id, r.tier, func.sum(r.minutes))
        .where(r.rep_id.in_(rep_ids), r.day.between(period.start, period.end), r.category.in_(SELLING))
        .where(r.tier != "")
        .group_by(r.rep_id, r.tier)
    )
    out: dict[int, list[int]] = {}
    for rep_id, tier, minutes in session.execute(stmt):
        acc = out.setdefault(rep_id, [0, 0])
        acc[1] += int(minutes)
        if tier in ON_TARGET_TIERS:
            acc[0] += int(minutes)
    return {k: (v[0], v[1]) for k, v in out.items()}


def rep_signals(
    session: Session,
    *,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    min_team_reps: int = 3,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> list[tuple[RepRef, RepSignals]]:
    """Return every selected rep's signals over `period`; medians are taken over each rep's whole team."""
    reps = rep_refs(session, team=team, rep_email=rep_email, visible=visible)
    peers = rep_refs(session)  # medians: the team, or the organization for a team too small
    meds = TeamMedians(peers, min_team_reps, unguided_teams(session, peers))
    bullseye = current_bullseye(session)
    saved_bullseye = current_version(session) is not None
    measures = measures_for(session, period=period, reps=peers, bullseye=bullseye)
    ids = [p.rep_id for p in peers]
    builders: list[Callable[[RepRef], Signal]] = [
        _share_signals(measures, meds),
        _on_target_signal(measures, meds),
        _persona_signal(measures, meds, bullseye.target_personas),
        _bullseye_signal(bullseye_account_minutes(session, period=period, rep_ids=ids), meds),
        _content_signal(measures, meds),
        _new_logo_signal(measures, meds),
        _off_priority_signal(measures, meds),
        _trend_signal(session, period, peers, meds),
        _cadence_signal(session, period, peers, meds),
        *funnel_signals(session, period, peers, meds, saved_bullseye, bullseye.placement_mix),
        persistence_signal(session, period, peers, meds),
        _playbook_signal(session, period, measures, meds),
    ]
    out = []
    for rep in reps:
        signals = {s.name: s for s in (build(rep) for build in builders)}
        if meds.uses_organization(rep):
            signals = {
                k: replace(v, extra={**v.extra, "median_of": "organization"}) for k, v in signals.items()
            }
        touches = sum(measures[rep.rep_id].count_by_category.get(c, 0) for c in SELLING)
        rs = RepSignals(rep.email, rep.name, rep.team, period, signals, selling_touches=touches)
        out.append((rep, rs))
    return out


PLAYBOOK_TOUCHES = ("prospecting_email", "prospect_meeting", "job_order_intake", "account_growth")


def _share_signals(measures: Mapping[int, RepMeasures], meds: TeamMedians) -> Callable[[RepRef], Signal]:
    selling = {k: v.selling_share for k, v in measures.items()}

    def build(rep: RepRef) -> Signal:
        mm = measures[rep.rep_id]
        if mm.selling_share is None:
            return Signal.absent(m.SELLING_SHARE, "no time logged in the period")
        return Signal(
            m.SELLING_SHARE, mm.selling_share, target=mm.target_selling_share, median=meds.of(rep, selling)
        )

    return build


def _on_target_signal(measures: Mapping[int, RepMeasures], meds: TeamMedians) -> Callable[[RepRef], Signal]:
    shares = {k: v.on_target_share for k, v in measures.items()}

    def build(rep: RepRef) -> Signal:
        mm = measures[rep.rep_id]
        if mm.on_target_share is None:
            return Signal.absent(m.ON_TARGET_SHARE, "no selling time in the period")
        return Signal(
            m.ON_TARGET_SHARE,
            mm.on_target_share,
            target=mm.target_on_target_share,
            median=meds.of(rep, shares),
        )

    return build


def _persona_signal(
    measures: Mapping[int, RepMeasures], meds: TeamMedians, targets: Sequence[str]
) -> Callable[[RepRef], Signal]:
    shares = {k: v.target_persona_share for k, v in measures.items()}
    mixes = {k: v.persona_mix for k, v in measures.items()}
    label = ", ".join(persona_label(p) for p in targets)

    def build(rep: RepRef) -> Signal:
        mm = measures[rep.rep_id]
        if mm.target_persona_share is None:
            return Signal.absent(m.TARGET_PERSONA_SHARE, "no selling touches in the period")
        others = {p: s for p, s in mm.persona_mix.items() if p not in targets and p != "none" and s}
        extra: dict[str, float | str] = {"target_personas": label}
        if others:
            top = max(others, key=lambda p: others[p] or 0.0)
            top_median = meds.of(rep, {k: (mix.get(top) or 0.0) for k, mix in mixes.items() if mix})
            if top_median is not None:
                extra.update(
                    top_other_persona=top, top_other_share=others[top] or 0.0, top_other_median=top_median
                )
        return Signal(
            m.TARGET_PERSONA_SHARE, mm.target_persona_share, median=meds.of(rep, shares), extra=extra
        )

    return build


def _bullseye_signal(minutes: Mapping[int, tuple[int, int]], meds: TeamMedians) -> Callable[[RepRef], Signal]:
    shares = {k: ratio(a, b) for k, (a, b) in minutes.items()}

    def build(rep: RepRef) -> Signal:
        value = shares.get(rep.rep_id)
        if value is None:
            return Signal.absent(m.BULLSEYE_ACCOUNT_SHARE, "no selling time with accounts in the period")
        return Signal(m.BULLSEYE_ACCOUNT_SHARE, value, median=meds.of(rep, shares))

    return build


def _content_signal(measures: Mapping[int, RepMeasures], meds: TeamMedians) -> Callable[[RepRef], Signal]:
    shares = {
        k: ratio(sum(v.minutes_by_category.get(c, 0) for c in CONTENT_CATEGORIES), v.total_minutes)
        for k, v in measures.items()
    }

    def build(rep: RepRef) -> Signal:
        value = shares.get(rep.rep_id)
        if value is None:
            return Signal.absent(m.CONTENT_SHARE, "no time logged in the period")
        return Signal(m.CONTENT_SHARE, value, median=meds.of(rep, shares), benchmark=0.31)

    return build


def _playbook_signal(
    session: Session, period: Period, measures: Mapping[int, RepMeasures], meds: TeamMedians
) -> Callable[[RepRef], Signal]:
    """Playbook use: item and template uses per selling email and meeting, beside the team median."""
    if session.scalar(select(func.count()).select_from(PlaybookItem)) == 0:
        return lambda rep: Signal.absent(m.PLAYBOOK_USE, "no playbook set up yet")
    usage = usage_by_rep(session, period)
    rates: dict[int, float | None] = {}
    for rep_id, mm in measures.items():
        touches = sum(mm.count_by_category.get(c, 0) for c in PLAYBOOK_TOUCHES)
        used = usage.get(rep_id)
        uses = used.item_uses + used.template_uses if used else 0
        rates[rep_id] = min(1.0, uses / touches) if touches else None

    def build(rep: RepRef) -> Signal:
        value = rates.get(rep.rep_id)
        if value is None:
            return Signal.absent(m.PLAYBOOK_USE, "no prospecting emails or meetings in the period")
        return Signal(m.PLAYBOOK_USE, value, median=meds.of(rep, rates))

    return build


def _trend_signal(
    session: Session, period: Period, peers: Sequence[RepRef], meds: TeamMedians
) -> Callable[[RepRef], Signal]:
    weeks = period.weeks()
    full = [w >= period.start and w.toordinal() + 6 <= period.end.toordinal() for w in weeks]
    changes: dict[int, float | None] = {}
    used: dict[int, int] = {}
    for rep_id, t in trends_for(session, period=period, reps=peers).items():
        series = [
            float(s) if tot else None
            for s, tot, ok in zip(t.selling_minutes, t.total_minutes, full, strict=True)
            if ok
        ]
        present = [v for v in series if v is not None]
        used[rep_id] = len(present)
        changes[rep_id] = fitted_change(series)

    def build(rep: RepRef) -> Signal:
        value = changes.get(rep.rep_id)
        if value is None:
            return Signal.absent(m.ACTIVITY_TREND, "fewer than two whole weeks with selling time")
        return Signal(
            m.ACTIVITY_TREND, value, median=meds.of(rep, changes), extra={"weeks": used[rep.rep_id]}
        )

    return build


def fitted_change(series: Sequence[float | None]) -> float | None:
    """Return the change from the first to the last week along the least-squares line, relative to the
    fitted first week (-0.4: fell by 40%); None with fewer than two weeks or nothing at the start."""
    present = [v for v in series if v is not None]
    per_week = slope(series)
    if per_week is None or not present:
        return None
    xs = [i for i, v in enumerate(series) if v is not None]
    mean_x, mean_y = sum(xs) / len(xs), sum(present) / len(present)
    first = mean_y + per_week * (xs[0] - mean_x)
    last = mean_y + per_week * (xs[-1] - mean_x)
    if first <= 0:
        return None if mean_y <= 0 else round(max(-1.0, (last - first) / mean_y), 4)
    return round(max(-1.0, (last - first) / first), 4)


def _off_priority_signal(
    measures: Mapping[int, RepMeasures], meds: TeamMedians
) -> Callable[[RepRef], Signal]:
    """The non-selling bucket (content aside: knowledge_tools' signal) furthest above the team median."""
    shares: dict[str, dict[int, float | None]] = {}
    for bucket in OFF_PRIORITY_BUCKETS:
        shares[bucket] = {
            k: ratio(
                sum(
                    mins
                    for c, mins in v.minutes_by_category.items()
                    if bucket_of(c) == bucket and c not in CONTENT_CATEGORIES
                ),
                v.total_minutes,
            )
            for k, v in measures.items()
        }

    def build(rep: RepRef) -> Signal:
        best: tuple[float, str, float, float] | None = None
        for bucket, values in shares.items():
            value, mid = values.get(rep.rep_id), meds.of(rep, values)
            if value is None or mid is None:
                continue
            if best is None or value - mid > best[0]:
                best = (value - mid, bucket, value, mid)
        if best is None:
            return Signal.absent(m.OFF_PRIORITY_SHARE, "no time logged in the period or no team median")
        _excess, bucket, value, mid = best
        return Signal(m.OFF_PRIORITY_SHARE, value, median=mid, extra={"bucket": bucket})

    return build


def _new_logo_signal(measures: Mapping[int, RepMeasures], meds: TeamMedians) -> Callable[[RepRef], Signal]:
    shares = {k: v.new_logo_share for k, v in measures.items()}

    def build(rep: RepRef) -> Signal:
        value = shares.get(rep.rep_id)
        if value is None:
            return Signal.absent(m.NEW_LOGO_SHARE, "no selling time with accounts in the period")
        return Signal(m.NEW_LOGO_SHARE, value, median=meds.of(rep, shares))

    return build


def _cadence_signal(
    session: Session, period: Period, peers: Sequence[RepRef], meds: TeamMedians
) -> Callable[[RepRef], Signal]:
    scores = {k: v.score for k, v in cadence_for(session, period=period, reps=peers).items()}

    def build(rep: RepRef) -> Signal:
        value = scores.get(rep.rep_id)
        if value is None:
            return Signal.absent(m.CADENCE_ADHERENCE, "no cadence targets set for the rep or team")
        return Signal(m.CADENCE_ADHERENCE, value, median=meds.of(rep, scores))

    return build
