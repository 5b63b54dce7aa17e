"""Contact personas from job titles: an ordered rule table, first match wins (DESIGN.md, Contact)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final


@dataclass(frozen=True, slots=True)
class PersonaRule:
    """Titles matching `pattern` (case-insensitive regex) are `persona`, unless `unless` also matches."""

    id: str
    persona: str
    pattern: str
    unless: str | None = None


# Order matters: procurement and recruiting words beat seniority ("VP Talent Acquisition" is HR, not IT exec);
# IT executives before IT hiring managers ("VP Engineering" is an executive).
PERSONA_RULES: Final[tuple[PersonaRule, ...]] = (
    PersonaRule(
        "procurement",
        "procurement",
        r"\b(procurement|purchasing|sourcing manager|vendor management|vms|msp|supplier|buyer|"
        r"contingent (workforce|labor)|category manager)\b",
    ),
    PersonaRule(
        "hr_recruiter",
        "hr_recruiter",
        r"\b(talent acquisition|recruit(er|ing|ment)?|human resources|hr|people (operations|partner)|"
        r"hrbp|staffing coordinator|sourcer)\b",
    ),
    PersonaRule(
        "it_executive",
        "it_executive",
        r"\b(cio|cto|ciso|cdo|chief (information|technology|digital|data|security)|"
        r"(vp|svp|evp|vice president|head)( of)? (it|engineering|technology|software|infrastructure|data|"
        r"information technology|development|product development))\b",
    ),
    PersonaRule(
        "it_hiring_manager",
        "it_hiring_manager",
        r"\b(director|manager|lead|head|supervisor|architect)\b.*\b(it|software|engineering|development|"
        r"devops|infrastructure|data|cloud|security|applications?|systems|network|qa|technology|platform)\b"
        r"|\b(engineering|development|it|software|qa|data|devops) (director|manager|lead)\b",
    ),
    PersonaRule(
        "consultant",
        "consultant",
        r"\b(consultant|contractor)\b",
    ),
    PersonaRule("candidate", "candidate", r"\bcandidate\b"),
)


@dataclass(frozen=True, slots=True)
class PersonaMatch:
    persona: str
    rule_id: str | None  # None: no rule matched, the persona is 'other'


_COMPILED: Final = tuple(
    (rule, re.compile(rule.pattern, re.I), re.compile(rule.unless, re.I) if rule.unless else None)
    for rule in PERSONA_RULES
)


@lru_cache(maxsize=16384)
def match_persona(title: str | None) -> PersonaMatch:
    """Return the persona of the first rule whose pattern matches the title; 'other' when none does."""
    text = " ".join((title or "").replace("/", " ").replace(",", " ").split())
    if not text:
        return PersonaMatch("other", None)
    for rule, pattern, unless in _COMPILED:
        if pattern.search(text) and not (unless and unless.search(text)):
            return PersonaMatch(rule.persona, rule.id)
    return PersonaMatch("other", None)


def persona_for_title(title: str | None) -> str:
    """Return the persona a title implies ('other' when no rule matches)."""
    return match_persona(title).persona
