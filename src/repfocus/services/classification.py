"""Classification use cases: the organization's rule table, explaining one activity, re-classifying all."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from repfocus.domain.classification import (
    SOURCE_RULE,
    Facts,
    Rule,
    RulesInvalid,
    RuleTable,
    build_table,
)
from repfocus.domain.personas import persona_for_title
from repfocus.domain.taxonomy import PERSONAS
from repfocus.store.activities import recompute_rollups_for
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, Contact, Organization
from repfocus.store.organizations import the_organization

SETTINGS_KEY = "classification_rules"


class ActivityNotFound(LookupError):
    """No activity has the given id."""


def default_rules_text() -> str:
    """Return the TOML text of the rule table shipped with RepFocus."""
    return resources.files("repfocus.data").joinpath("classification.toml").read_text(encoding="utf-8")


def parse_rules(text: str) -> list[dict[str, Any]]:
    """Return the raw rules of a TOML rule file (`[[rule]]` tables), validated; raise RulesInvalid."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesInvalid(f"not valid TOML: {exc}") from exc
    raw = data.get("rule")
    if not isinstance(raw, list):
        raise RulesInvalid("no [[rule]] tables found")
    build_table(raw)
    return raw


def rule_table(session: Session) -> RuleTable:
    """Return the organization's rule table: its own rules if it set some, else the shipped defaults."""
    settings = session.scalar(select(Organization.settings).limit(1)) or {}
    raw = settings.get(SETTINGS_KEY)
    if raw:
        return build_table(raw)
    return build_table(parse_rules(default_rules_text()))


def set_rules(db: Database, *, text: str | None) -> int:
    """Store a rule table for the organization (None: back to the defaults); return the number of rules."""
    raw = parse_rules(text) if text is not None else None
    with db.session() as session:
        org = the_organization(session)
        settings = dict(org.settings or {})
        if raw is None:
            settings.pop(SETTINGS_KEY, None)
        else:
            settings[SETTINGS_KEY] = raw
        org.settings = settings
        session.commit()
    return len(raw) if raw is not None else len(parse_rules(default_rules_text()))


@dataclass(frozen=True)
class Explanation:
    activity_id: int
    facts: Facts
    category: str | None
    classified_by: str | None
    trail: list[tuple[Rule, str | None]]  # rules tried in order with the condition each failed
    stale: bool  # the stored category differs from what the current rules give

    def as_dict(self) -> dict[str, Any]:
        return {
            "activity_id": self.activity_id,
            "category": self.category,
            "classified_by": self.classified_by,
            "facts": {
                "kind": self.facts.kind,
                "subject": self.facts.subject,
                "direction": self.facts.direction,
                "persona": self.facts.persona,
                "account_status": self.facts.account_status,
            },
            "rules_tried": [
                {"id": r.id, "category": r.category, "conditions": r.explain(), "failed": why}
                for r, why in self.trail
            ],
            "stale": self.stale,
        }


_FACT_COLUMNS = (
    Activity.id,
    Activity.kind,
    Activity.subject,
    Activity.direction,
    Contact.persona,
    Account.status,
    Activity.category,
    Activity.classified_by,
)


def _facts_query() -> Any:
    return (
        select(*_FACT_COLUMNS)
        .outerjoin(Contact, Contact.id == Activity.contact_id)
        .outerjoin(Account, Account.id == Activity.account_id)
    )


def explain_activity(db: Database, *, activity_id: int) -> Explanation:
    """Return which rule classifies the activity under the current rules, and why the earlier ones did not."""
    with db.session() as session:
        row = session.execute(_facts_query().where(Activity.id == activity_id)).first()
        if row is None:
            raise ActivityNotFound(f"no activity with id {activity_id}")
        table = rule_table(session)
    _, kind, subject, direction, persona, status, category, classified_by = row
    facts = Facts(
        kind=kind, subject=subject or "", direction=direction, persona=persona, account_status=status
    )
    if classified_by == SOURCE_RULE:
        return Explanation(activity_id, facts, category, classified_by, [], stale=False)
    decision = table.classify(facts)
    return Explanation(
        activity_id, facts, category, classified_by, table.explain(facts), stale=decision.category != category
    )


def reclassify_all(db: Database, *, batch: int = 5000) -> dict[str, int]:
    """Apply the current rules to every activity not classified by its source, moving rollups with them.

    Returns {"examined", "changed"}; one transaction, so reports never see a half-applied rule change.
    """
    examined = changed = 0
    with db.session() as session:
        table = rule_table(session)
        query = _facts_query().where(
            (Activity.classified_by != SOURCE_RULE) | Activity.classified_by.is_(None)
        )
        moves: dict[tuple[str | None, str | None], list[int]] = {}
        for row in session.execute(query.order_by(Activity.id)):
            examined += 1
            aid, kind, subject, direction, persona, status, category, classified_by = row
            facts = Facts(kind, subject or "", direction, persona, status)
            decision = table.classify(facts)
            if (decision.category, decision.rule_id) != (category, classified_by):
                moves.setdefault((decision.category, decision.rule_id), []).append(aid)
        for (category, rule_id), ids in moves.items():
            for i in range(0, len(ids), batch):
                chunk = ids[i : i + batch]
                where = Activity.id.in_(chunk)

                def change(
                    where: Any = where, category: str | None = category, rule: str | None = rule_id
                ) -> None:
                    session.execute(
                        update(Activity).where(where).values(category=category, classified_by=rule)
                    )

                recompute_rollups_for(session, where, change)
                changed += len(chunk)
        session.commit()
    return {"examined": examined, "changed": changed}


class PersonaInvalid(ValueError):
    """The persona is not one of the taxonomy's personas, or the contact does not exist."""


def override_persona(db: Database, *, contact_id: int, persona: str | None) -> str:
    """Set a contact's persona by hand (None: back to the persona its title implies); the contact's
    activities are re-classified and move in the rollups at once. Returns the persona now in force."""
    if persona is not None and persona not in PERSONAS:
        raise PersonaInvalid(f"{persona!r} is not one of {', '.join(PERSONAS)}")
    with db.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise PersonaInvalid(f"no contact with id {contact_id}")
        new = persona if persona is not None else persona_for_title(contact.title)

        table = rule_table(session)

        def change() -> None:
            contact.persona, contact.persona_overridden = new, persona is not None
            session.flush()
            query = _facts_query().where(
                Activity.contact_id == contact_id,
                (Activity.classified_by != SOURCE_RULE) | Activity.classified_by.is_(None),
            )
            for aid, kind, subject, direction, persona_now, status, category, rule in session.execute(
                query
            ).all():
                decision = table.classify(Facts(kind, subject or "", direction, persona_now, status))
                if (decision.category, decision.rule_id) != (category, rule):
                    session.execute(
                        update(Activity)
                        .where(Activity.id == aid)
                        .values(category=decision.category, classified_by=decision.rule_id)
                    )

        recompute_rollups_for(session, Activity.contact_id == contact_id, change)
        session.commit()
    return new
