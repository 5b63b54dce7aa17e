"""Where a buyer is in the journey, and which playbook content fits them next (with the reason)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

PERSONA_PLURALS = {
    "it_hiring_manager": "IT hiring managers",
    "it_executive": "IT executives",
    "hr_recruiter": "HR and talent acquisition",
    "procurement": "procurement and VMS",
}


@dataclass(frozen=True, slots=True)
class ContactSignals:
    """What is known about a contact: persona, the account, and the last 90 days of activity."""

    persona: str
    account_status: str | None = None
    industry: str | None = None
    service_lines: tuple[str, ...] = ()
    account_categories: Mapping[str, int] = field(default_factory=dict)  # category -> count, 90 days
    emails_to_contact_30d: int = 0
    used_with_contact: frozenset[str] = frozenset()  # slugs used with this contact in 30 days


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """The tags of a playbook item that matter for choosing it."""

    slug: str
    title: str
    kind: str
    stages: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    service_lines: tuple[str, ...] = ()
    scenario: str | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """An item chosen for a contact, its score and why it was chosen."""

    slug: str
    title: str
    kind: str
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "score": self.score,
            "reason": self.reason,
        }


def journey_stage(account_status: str | None, categories: Mapping[str, int]) -> tuple[str, str]:
    """Return (stage, reason): clients are customers; otherwise the furthest step reached in the last
    90 days decides (negotiation or job-order intake: deciding; a meeting: evaluating; calls or
    emails: problem_aware; nothing: unaware). Former clients start at problem_aware."""
    if account_status == "active_client":
        return "customer", "the account is an active client"
    if categories.get("negotiation") or categories.get("job_order_intake"):
        return "deciding", "a job order or rate talk with the account in the last 90 days"
    if categories.get("prospect_meeting"):
        return "evaluating", "a meeting with the account in the last 90 days"
    if account_status == "former_client":
        return "problem_aware", "a former client: they know the problem and know you"
    touches = categories.get("prospecting_call", 0) + categories.get("prospecting_email", 0)
    if touches:
        return "problem_aware", f"{touches} prospecting touches in the last 90 days, no meeting yet"
    return "unaware", "no conversation with the account in the last 90 days"


def template_scenario(signals: ContactSignals, stage: str) -> tuple[str, str]:
    """Return (scenario, reason) for the email to send next: the follow-up count after unanswered
    emails, the re-engagement of a former client, the after-meeting or candidate email otherwise."""
    if signals.account_status == "active_client":
        return "strong_candidate", "an active client: market a strong available candidate"
    if stage == "deciding":
        return "rate_objection", "rates are being discussed: answer the rate objection with value"
    if stage == "evaluating":
        return "after_first_meeting", "a meeting took place: follow it up"
    if signals.account_status == "former_client":
        return "re_engage_former_client", "a former client with no recent meeting: re-engage"
    if signals.emails_to_contact_30d >= 2:
        return "follow_up_3", f"{signals.emails_to_contact_30d} emails in 30 days without a meeting"
    if signals.emails_to_contact_30d == 1:
        return "follow_up_2", "one email in 30 days without a meeting"
    return "cold_intro", "no email to this contact in 30 days"


def _fit(item: ItemFacts, signals: ContactSignals, stage: str) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    if stage in item.stages:
        score += 3
        reasons.append(f"for the {stage.replace('_', ' ')} stage")
    elif not item.stages:
        score += 0.5
    else:
        score -= 2
    if signals.persona in item.personas:
        score += 3
        reasons.append(f"written for {PERSONA_PLURALS.get(signals.persona, signals.persona)}")
    elif not item.personas:
        score += 0.5
    else:
        score -= 2
    if signals.industry and signals.industry.lower() in item.industries:
        score += 1.5
        reasons.append(f"{signals.industry} industry")
    lines = set(signals.service_lines) & set(item.service_lines)
    if lines:
        score += 1
        reasons.append("matches their " + ", ".join(sorted(lines)).replace("_", " ") + " job orders")
    if item.slug in signals.used_with_contact:
        score -= 5.5
        reasons.append("already used with this contact in the last 30 days")
    return score, reasons


def next_best_content(
    items: Sequence[ItemFacts], signals: ContactSignals, *, limit: int = 3
) -> tuple[str, str, list[Recommendation], Recommendation | None]:
    """Return (stage, stage reason, the best non-template items, the best email template) for a
    contact: stage and persona fit weigh most, then industry and service line; content already used
    with the contact drops; the template must fit the scenario the activity calls for."""
    stage, stage_reason = journey_stage(signals.account_status, signals.account_categories)
    scenario, scenario_reason = template_scenario(signals, stage)
    scored: list[Recommendation] = []
    template: Recommendation | None = None
    for item in items:
        score, reasons = _fit(item, signals, stage)
        if item.kind == "email_template":
            if item.scenario != scenario:
                continue
            rec = Recommendation(
                item.slug, item.title, item.kind, score + 5, "; ".join([scenario_reason, *reasons])
            )
            if template is None or (rec.score, rec.slug) > (template.score, template.slug):
                template = rec
        elif score > 0:
            scored.append(
                Recommendation(item.slug, item.title, item.kind, score, "; ".join(reasons) or "general")
            )
    scored.sort(key=lambda r: (-r.score, r.slug))
    return stage, stage_reason, scored[:limit], template
