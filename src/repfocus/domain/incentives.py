"""Incentive arithmetic: a plan pays, per rule, an amount per event of one activity category, with
marginal tiers, an accelerator past a threshold and a cap per period; every amount is explained.

Tiers are marginal, like tax brackets: with per_event 25 and tiers {from 10: 35, from 20: 50}, the
first 10 events pay 25 each, events 11-20 pay 35 each and every event from the 21st on pays 50, so
one more event never pays less than the one before and nothing jumps retroactively. The accelerator
is marginal too: every event past `after` is paid at its tier's rate times the multiplier (rounded
to the cent). The cap limits a rule's payout in the period asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from repfocus.domain.period import Period
from repfocus.domain.taxonomy import CATEGORIES

CENT = Decimal("0.01")
MAX_RULES = 10
MAX_TIERS = 10
MAX_AMOUNT = Decimal("1000000")
MAX_MULTIPLIER = Decimal("10")
MAX_NAME = 120
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


class IncentiveInvalid(ValueError):
    """A plan or rule breaks a rule; `field` names the input at fault (rules[0].tiers[1].amount)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Tier:
    """From the event after the `start`th on, each event pays `rate`."""

    start: int
    rate: Decimal


@dataclass(frozen=True, slots=True)
class Accelerator:
    """Every event past the `after`th is paid `multiplier` times its rate."""

    after: int
    multiplier: Decimal


@dataclass(frozen=True, slots=True)
class Rule:
    """What one measured behaviour pays: events of `category`."""

    name: str
    category: str
    per_event: Decimal
    tiers: tuple[Tier, ...] = ()
    accelerator: Accelerator | None = None
    cap: Decimal | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "category": self.category, "per_event": str(self.per_event)}
        if self.tiers:
            out["tiers"] = [{"from": t.start, "amount": str(t.rate)} for t in self.tiers]
        if self.accelerator:
            a = self.accelerator
            out["accelerator"] = {"after": a.after, "multiplier": str(a.multiplier)}
        if self.cap is not None:
            out["cap"] = str(self.cap)
        return out


@dataclass(frozen=True, slots=True)
class IncentivePlan:
    """A plan in force from valid_from to valid_to (inclusive local days), paying in `currency`."""

    name: str
    valid_from: date
    valid_to: date
    currency: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Band:
    """A run of events paid at one rate."""

    events: int
    rate: Decimal

    @property
    def amount(self) -> Decimal:
        return self.events * self.rate


@dataclass(frozen=True, slots=True)
class RuleLine:
    """One rule's payout for one rep: the events counted, the bands they were paid in, the total before
    and after the cap."""

    rule: str
    category: str
    count: int
    bands: tuple[Band, ...]
    gross: Decimal
    amount: Decimal
    capped: bool

    @property
    def rate(self) -> str:
        """Return the bands as "10 × 25.00 + 3 × 35.00" ("—" without events)."""
        return " + ".join(f"{b.events} × {b.rate}" for b in self.bands) or "—"


def clip(plan: IncentivePlan, period: Period) -> Period | None:
    """Return the days of `period` inside the plan's window; None when they do not overlap."""
    start, end = max(plan.valid_from, period.start), min(plan.valid_to, period.end)
    return Period(start, end) if start <= end else None


def _bands(rule: Rule, count: int) -> list[Band]:
    """Split `count` events into runs of one rate: the tier boundaries and the accelerator's threshold."""
    cuts = sorted(
        {0, *(t.start for t in rule.tiers), *([rule.accelerator.after] if rule.accelerator else [])}
    )
    bands: list[Band] = []
    for i, lo in enumerate(cuts):
        hi = min(cuts[i + 1], count) if i + 1 < len(cuts) else count
        if hi <= lo:
            break
        rate = rule.per_event
        for tier in rule.tiers:
            if tier.start <= lo:
                rate = tier.rate
        if rule.accelerator and lo >= rule.accelerator.after:
            rate = (rate * rule.accelerator.multiplier).quantize(CENT, ROUND_HALF_UP)
        if bands and bands[-1].rate == rate:
            bands[-1] = Band(bands[-1].events + hi - lo, rate)
        else:
            bands.append(Band(hi - lo, rate))
    return bands


def rule_line(rule: Rule, count: int) -> RuleLine:
    """Return what `count` events pay under `rule`: marginal tiers, accelerator, then the cap."""
    bands = tuple(_bands(rule, max(count, 0)))
    gross = sum((b.amount for b in bands), Decimal("0.00")).quantize(CENT)
    capped = rule.cap is not None and gross > rule.cap
    amount = rule.cap.quantize(CENT) if capped and rule.cap is not None else gross
    return RuleLine(rule.name, rule.category, max(count, 0), bands, gross, amount, capped)


def plan_lines(plan: IncentivePlan, counts: Mapping[str, int]) -> list[RuleLine]:
    """Return one line per rule of the plan for a rep's event counts per category (clipped already)."""
    return [rule_line(rule, counts.get(rule.category, 0)) for rule in plan.rules]


def total(lines: Sequence[RuleLine]) -> Decimal:
    """Return the sum of the lines' amounts (after their caps)."""
    return sum((line.amount for line in lines), Decimal("0.00"))


def describe(rule: Rule) -> str:
    """Return a rule in words: "25.00 per prospect_meeting; from event 11: 35.00; ×1.5 past 30"."""
    parts = [f"{rule.per_event} per {rule.category}"]
    parts += [f"from event {t.start + 1}: {t.rate}" for t in rule.tiers]
    if rule.accelerator:
        parts.append(f"×{rule.accelerator.multiplier.normalize()} past {rule.accelerator.after}")
    if rule.cap is not None:
        parts.append(f"cap {rule.cap}")
    return "; ".join(parts)


# --- reading a plan from data (TOML, JSON, a form): every problem names its field


def _amount(field: str, value: Any, *, limit: Decimal = MAX_AMOUNT) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise IncentiveInvalid(field, f'{value!r} is not an amount; write it like "25.00"')
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise IncentiveInvalid(field, f'{value!r} is not an amount; write it like "25.00"') from exc
    if not amount.is_finite() or amount < 0 or amount > limit:
        raise IncentiveInvalid(field, f"{value!r} must lie between 0 and {limit}")
    if amount != amount.quantize(CENT):
        raise IncentiveInvalid(field, f"{value!r} has more than 2 decimals")
    return amount.quantize(CENT)


def _count(field: str, value: Any, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError as exc:
            raise IncentiveInvalid(field, f"{value!r} is not a whole number") from exc
    if not low <= value <= 1_000_000:
        raise IncentiveInvalid(field, f"{value} must lie between {low} and 1000000")
    return int(value)


def _day(field: str, value: Any) -> date:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise IncentiveInvalid(field, f"{value!r} is not a date; write it as YYYY-MM-DD") from exc
    if not FIRST_DAY <= day <= LAST_DAY:  # far from the calendar's ends, where week arithmetic overflows
        raise IncentiveInvalid(field, f"{day} is outside the years {FIRST_DAY.year}-{LAST_DAY.year}")
    return day


def _text(field: str, value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise IncentiveInvalid(field, "is empty; give it a name")
    if len(text) > MAX_NAME:
        raise IncentiveInvalid(field, f"is {len(text)} characters long; at most {MAX_NAME}")
    return text


def _known(field: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise IncentiveInvalid(f"{field}{unknown[0]}", f"unknown field; use {', '.join(sorted(allowed))}")


def _table(field: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise IncentiveInvalid(field, "must be a table of fields")
    return value


def check_rule(data: Mapping[str, Any], *, field: str = "rules[0]") -> Rule:
    """Return the rule in `data`; IncentiveInvalid naming the field when the category is not in the
    taxonomy, an amount is negative or has more than 2 decimals, tiers do not start above 0 in rising
    order, the accelerator's multiplier is not above 1, or a key is unknown."""
    data = _table(field, data)
    _known(f"{field}.", data, {"name", "category", "per_event", "tiers", "accelerator", "cap"})
    category = str(data.get("category") or "").strip()
    if category not in CATEGORIES:
        raise IncentiveInvalid(f"{field}.category", f"{category!r} is not an activity category")
    name = _text(f"{field}.name", data.get("name") or category)
    if "per_event" not in data:
        raise IncentiveInvalid(f"{field}.per_event", "is missing; give the amount each event pays")
    per_event = _amount(f"{field}.per_event", data["per_event"])
    raw_tiers = data.get("tiers") or []
    if not isinstance(raw_tiers, list) or len(raw_tiers) > MAX_TIERS:
        raise IncentiveInvalid(f"{field}.tiers", f"must be a list of at most {MAX_TIERS} tiers")
    tiers: list[Tier] = []
    for i, raw in enumerate(raw_tiers):
        where = f"{field}.tiers[{i}]"
        raw = _table(where, raw)
        _known(f"{where}.", raw, {"from", "amount"})
        start = _count(f"{where}.from", raw.get("from"), low=1)
        if tiers and start <= tiers[-1].start:
            raise IncentiveInvalid(
                f"{where}.from", f"{start} must be above the tier before ({tiers[-1].start})"
            )
        tiers.append(Tier(start, _amount(f"{where}.amount", raw.get("amount"))))
    accelerator = None
    if data.get("accelerator") is not None:
        raw = _table(f"{field}.accelerator", data["accelerator"])
        _known(f"{field}.accelerator.", raw, {"after", "multiplier"})
        after = _count(f"{field}.accelerator.after", raw.get("after"), low=0)
        where = f"{field}.accelerator.multiplier"
        multiplier = _amount(where, raw.get("multiplier"), limit=MAX_MULTIPLIER)
        if multiplier <= 1:
            raise IncentiveInvalid(where, f"{multiplier} must be above 1 (1.5 pays half as much again)")
        accelerator = Accelerator(after, multiplier)
    cap = None if data.get("cap") in (None, "") else _amount(f"{field}.cap", data["cap"])
    return Rule(name, category, per_event, tuple(tiers), accelerator, cap)


def check_plan(data: Mapping[str, Any], *, currency: str = "USD") -> IncentivePlan:
    """Return the plan in `data` (name, valid_from, valid_to, currency, rules); IncentiveInvalid naming
    the field when the window ends before it starts, there is no rule or too many, or a rule is bad.
    Keys other than those (and `teams`, read by the caller) are refused."""
    _known("", data, {"name", "valid_from", "valid_to", "currency", "rules", "teams"})
    name = _text("name", data.get("name"))
    start = _day("valid_from", data.get("valid_from"))
    end = _day("valid_to", data.get("valid_to"))
    if end < start:
        raise IncentiveInvalid("valid_to", f"{end} is before valid_from ({start})")
    code = str(data.get("currency") or currency).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise IncentiveInvalid("currency", f"{code!r} is not a 3-letter currency code such as USD")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise IncentiveInvalid("rules", "give at least one rule (what behaviour pays how much)")
    if len(rules) > MAX_RULES:
        raise IncentiveInvalid("rules", f"{len(rules)} rules; at most {MAX_RULES}")
    checked = tuple(check_rule(r, field=f"rules[{i}]") for i, r in enumerate(rules))
    return IncentivePlan(name, start, end, code, checked)
