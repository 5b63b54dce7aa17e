"""Activity classification: an ordered rule table (data, not code), first matching rule wins.

A rule names a category and any of these conditions, all of which must hold:
kind, direction, persona, account_status (lists of allowed values; "none" matches a missing value)
and subject (keywords, any of which must appear as a word prefix in the subject, case-insensitive),
subject_not (keywords that veto the rule). An activity no rule matches stays unclassified.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from repfocus.domain.taxonomy import CATEGORIES, DIRECTIONS, KINDS, PERSONAS

SOURCE_RULE: Final = "source"  # classified_by when the imported file gave the category
_CONDITIONS: Final = ("kind", "direction", "persona", "account_status")
_ALLOWED: Final[dict[str, tuple[str, ...]]] = {
    "kind": KINDS,
    "direction": DIRECTIONS,
    "persona": PERSONAS,
    "account_status": ("prospect", "active_client", "former_client"),
}


class RulesInvalid(ValueError):
    """The rule table cannot be used; the message names the rule and the field."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What classification looks at. None means the activity has no such value."""

    kind: str
    subject: str = ""
    direction: str | None = None
    persona: str | None = None
    account_status: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    description: str = ""
    conditions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    subject: tuple[str, ...] = ()
    subject_not: tuple[str, ...] = ()
    any_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    not_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def failed_condition(self, facts: Facts, subject: str) -> str | None:
        """Return the first condition the facts fail, or None when the rule matches."""
        for name, allowed in self.conditions.items():
            value = getattr(facts, name) or "none"
            if value not in allowed:
                return f"{name} is {value}, not {' or '.join(sorted(allowed))}"
        if self.any_re is not None and not self.any_re.search(subject):
            return "no keyword of the rule in the subject"
        if self.not_re is not None and (hit := self.not_re.search(subject)):
            return f"subject contains {hit.group(0).strip()!r}"
        return None

    def explain(self) -> str:
        """Return the rule's conditions in words."""
        parts = [f"{k} in ({', '.join(sorted(v))})" for k, v in self.conditions.items()]
        if self.subject:
            parts.append(f"subject has any of ({', '.join(self.subject)})")
        if self.subject_not:
            parts.append(f"subject has none of ({', '.join(self.subject_not)})")
        return " and ".join(parts) or "always"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _keyword_regex(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(_fold(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})")


@dataclass(frozen=True, slots=True)
class Decision:
    category: str | None
    rule_id: str | None


class RuleTable:
    """An ordered, validated, precompiled rule table; classify() is cached per distinct facts."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._classify = lru_cache(maxsize=65536)(self._decide)
        self._cache: dict[
            tuple[str, str, str | None, str | None, str | None], tuple[str | None, str | None]
        ] = {}

    def classify(self, facts: Facts) -> Decision:
        """Return the category and rule id of the first rule that matches; (None, None) when none does."""
        return self._classify(facts)

    def classify_values(
        self, kind: str, subject: str, direction: str | None, persona: str | None, account_status: str | None
    ) -> tuple[str | None, str | None]:
        """Return (category, rule id) like classify(), cached per distinct values: the bulk-import path."""
        key = (kind, subject, direction, persona, account_status)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 200_000:  # subjects are free text: keep memory bounded
                self._cache.clear()
            decision = self._decide(Facts(kind, subject, direction, persona, account_status))
            hit = self._cache[key] = (decision.category, decision.rule_id)
        return hit

    def _decide(self, facts: Facts) -> Decision:
        subject = _fold(facts.subject)
        for rule in self.rules:
            if rule.failed_condition(facts, subject) is None:
                return Decision(rule.category, rule.id)
        return Decision(None, None)

    def explain(self, facts: Facts) -> list[tuple[Rule, str | None]]:
        """Return each rule up to the first match, with the condition it failed (None for the match)."""
        subject = _fold(facts.subject)
        out: list[tuple[Rule, str | None]] = []
        for rule in self.rules:
            failed = rule.failed_condition(facts, subject)
            out.append((rule, failed))
            if failed is None:
                break
        return out

    def get(self, rule_id: str) -> Rule | None:
        """Return the rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)


def _strings(rule_id: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RulesInvalid(f"rule {rule_id!r}: {key} must be a list of non-empty strings")
    return tuple(value)


def build_rule(raw: Mapping[str, Any], index: int) -> Rule:
    """Return one rule from its TOML/JSON form, validating every name against the taxonomy."""
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulesInvalid(f"rule #{index}: id is missing")
    known = {"id", "category", "description", "subject", "subject_not", *_CONDITIONS}
    if unknown := sorted(set(raw) - known):
        raise RulesInvalid(f"rule {rule_id!r}: unknown field(s) {', '.join(unknown)}")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise RulesInvalid(f"rule {rule_id!r}: category {category!r} is not one of the taxonomy's categories")
    conditions: dict[str, frozenset[str]] = {}
    for name in _CONDITIONS:
        if name in raw:
            values = _strings(rule_id, name, raw[name])
            bad = [v for v in values if v != "none" and v not in _ALLOWED[name]]
            if bad:
                raise RulesInvalid(f"rule {rule_id!r}: {name} {bad[0]!r} is not one of {_ALLOWED[name]}")
            conditions[name] = frozenset(values)
    subject = _strings(rule_id, "subject", raw["subject"]) if "subject" in raw else ()
    subject_not = _strings(rule_id, "subject_not", raw["subject_not"]) if "subject_not" in raw else ()
    return Rule(
        id=rule_id,
        category=str(category),
        description=str(raw.get("description", "")),
        conditions=conditions,
        subject=subject,
        subject_not=subject_not,
        any_re=_keyword_regex(subject),
        not_re=_keyword_regex(subject_not),
    )


def build_table(raw_rules: Iterable[Mapping[str, Any]]) -> RuleTable:
    """Return the rule table for a list of raw rules; ids must be unique."""
    rules = [build_rule(raw, i) for i, raw in enumerate(raw_rules, start=1)]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen or rule.id == SOURCE_RULE:
            raise RulesInvalid(f"rule id {rule.id!r} is used twice or reserved")
        seen.add(rule.id)
    if not rules:
        raise RulesInvalid("the rule table is empty")
    return RuleTable(rules)
