"""Email templates in use: merge fields for a contact, a sandboxed preview, sending (logged as a
prospecting_email activity), and the next best content for a contact."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.domain.journey import ContactSignals, ItemFacts, Recommendation, next_best_content
from repfocus.services.playbook_items import PlaybookItemNotFound
from repfocus.services.template_sandbox import Rendered, TemplateRejected, merge_fields, render
from repfocus.store.activities import insert_activities
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, Contact, JobOrder, PlaybookItem, PlaybookUse, User

EMAIL_MINUTES = 5  # logged per templated email; the analytics compare content time before and after


class ContactNotFound(LookupError):
    """No contact has that email address."""


class RepNotFound(LookupError):
    """No user has that id or email."""


class MergeFieldsMissing(ValueError):
    """A template cannot be sent: some merge fields have no value for this contact."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        super().__init__(
            "missing merge fields: " + ", ".join(missing) + " (fill them in or pass them as details)"
        )


@dataclass(frozen=True, slots=True)
class NextBest:
    """The content to use next with a contact, and why."""

    contact_email: str
    persona: str
    stage: str
    stage_reason: str
    items: list[Recommendation]
    template: Recommendation | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "contact": self.contact_email,
            "persona": self.persona,
            "stage": self.stage,
            "stage_reason": self.stage_reason,
            "items": [r.as_dict() for r in self.items],
            "template": self.template.as_dict() if self.template else None,
        }


def _contact(session: Session, email: str) -> Contact:
    contact = session.scalar(
        select(Contact)
        .where(func.lower(Contact.email) == email.strip().lower())
        .order_by(Contact.id)
        .limit(1)
    )
    if contact is None:
        raise ContactNotFound(f"no contact with email {email!r}")
    return contact


def contact_id(db: Database, *, email: str) -> int:
    """Return the id of the contact with `email`; raise ContactNotFound."""
    with db.session() as session:
        return _contact(session, email).id


def contact_choices(db: Database, *, limit: int = 300) -> list[tuple[str, str]]:
    """Return buyer contacts as (email, "name — account") for the preview form, by name."""
    with db.read_session() as session:
        return [
            (str(email), f"{name} — {account or 'no account'}")
            for email, name, account in session.execute(
                select(Contact.email, Contact.name, Account.name)
                .outerjoin(Account, Account.id == Contact.account_id)
                .where(Contact.email.is_not(None), Contact.persona.not_in(("candidate", "consultant")))
                .order_by(Contact.name)
                .limit(limit)
            )
        ]


def _rep(session: Session, *, rep_id: int | None, rep_email: str | None, fallback: int | None) -> User | None:
    if rep_email:
        rep = session.scalar(select(User).where(func.lower(User.email) == rep_email.strip().lower()))
        if rep is None:
            raise RepNotFound(f"no user with email {rep_email!r}")
        return rep
    ident = rep_id if rep_id is not None else fallback
    return session.get(User, ident) if ident is not None else None


def fields_for(
    contact: Contact, account: Account | None, rep: User | None, details: Mapping[str, str]
) -> dict[str, Any]:
    """Return the merge fields for a contact: contact.*, account.*, rep.* and details.* (typed in)."""
    parts = (contact.name or "").split()
    rep_parts = (rep.name if rep else "").split()
    return merge_fields(
        {
            "contact": {
                "first_name": contact.first_name or (parts[0] if parts else None),
                "last_name": contact.last_name or (parts[-1] if len(parts) > 1 else None),
                "name": contact.name,
                "title": contact.title,
                "email": contact.email,
                "phone": contact.phone,
            },
            "account": {
                "name": account.name if account else None,
                "industry": account.industry if account else None,
                "region": account.region if account else None,
            },
            "rep": {
                "name": rep.name if rep else None,
                "first_name": rep_parts[0] if rep_parts else None,
                "email": rep.email if rep else None,
            },
            "details": dict(details),
        }
    )


def preview(
    db: Database,
    *,
    contact_email: str,
    slug: str | None = None,
    source: str | None = None,
    subject: str = "",
    rep_id: int | None = None,
    rep_email: str | None = None,
    details: Mapping[str, str] | None = None,
) -> Rendered:
    """Render a stored template (`slug`) or the given `source` for a contact; missing fields are
    flagged in the result. Raise TemplateRejected when the template is unsafe or invalid."""
    with db.session() as session:
        if slug is not None:
            item = session.scalar(select(PlaybookItem).where(PlaybookItem.slug == slug))
            if item is None or item.kind != "email_template":
                raise PlaybookItemNotFound(f"no email template {slug!r}")
            source, subject = item.body, item.subject or ""
        if source is None:
            raise TemplateRejected("give a template: a slug or the template text")
        contact = _contact(session, contact_email)
        account = session.get(Account, contact.account_id) if contact.account_id else None
        rep = _rep(
            session, rep_id=rep_id, rep_email=rep_email, fallback=account.owner_id if account else None
        )
        fields = fields_for(contact, account, rep, details or {})
    return render(source, fields, subject=subject)


def use_template(
    db: Database, *, slug: str, contact_email: str, rep_id: int, details: Mapping[str, str] | None = None
) -> Rendered:
    """Render a template for a contact and log it: a prospecting_email activity (so the time it
    took is measured) and a playbook use. Refuse when any merge field is missing."""
    rendered = preview(db, slug=slug, contact_email=contact_email, rep_id=rep_id, details=details)
    if rendered.missing:
        raise MergeFieldsMissing(rendered.missing)
    with db.session() as session:
        contact = _contact(session, contact_email)
        if session.get(User, rep_id) is None:
            raise RepNotFound(f"no user with id {rep_id}")
        item_id = session.scalar(select(PlaybookItem.id).where(PlaybookItem.slug == slug))
        now = datetime.now(UTC)
        insert_activities(
            session,
            [
                {
                    "rep_id": rep_id,
                    "started_at": now,
                    "duration_minutes": EMAIL_MINUTES,
                    "duration_estimated": True,
                    "kind": "email",
                    "category": "prospecting_email",
                    "classified_by": f"playbook:{slug}",
                    "subject": rendered.subject[:500],
                    "direction": "outbound",
                    "account_id": contact.account_id,
                    "contact_id": contact.id,
                }
            ],
        )
        session.add(
            PlaybookUse(item_id=item_id, rep_id=rep_id, contact_id=contact.id, action="email", used_at=now)
        )
        session.commit()
    return rendered


def _signals(session: Session, contact: Contact, now: datetime) -> ContactSignals:
    account = session.get(Account, contact.account_id) if contact.account_id else None
    categories: dict[str, int] = {}
    service_lines: tuple[str, ...] = ()
    if account is not None:
        rows = session.execute(
            select(Activity.category, func.count())
            .where(Activity.account_id == account.id, Activity.started_at >= now - timedelta(days=90))
            .group_by(Activity.category)
        )
        categories = {c: int(n) for c, n in rows if c}
        service_lines = tuple(
            sorted(set(session.scalars(select(JobOrder.job_type).where(JobOrder.account_id == account.id))))
        )
    emails = session.scalar(
        select(func.count()).where(
            Activity.contact_id == contact.id,
            Activity.category == "prospecting_email",
            Activity.started_at >= now - timedelta(days=30),
        )
    )
    used = session.scalars(
        select(PlaybookItem.slug)
        .join(PlaybookUse, PlaybookUse.item_id == PlaybookItem.id)
        .where(PlaybookUse.contact_id == contact.id, PlaybookUse.used_at >= now - timedelta(days=30))
    )
    return ContactSignals(
        persona=contact.persona,
        account_status=account.status if account else None,
        industry=account.industry if account else None,
        service_lines=service_lines,
        account_categories=categories,
        emails_to_contact_30d=int(emails or 0),
        used_with_contact=frozenset(used),
    )


def next_best(db: Database, *, contact_email: str, now: datetime | None = None, limit: int = 3) -> NextBest:
    """Return the stage, the top items and the email template for a contact, each with its reason."""
    now = now or datetime.now(UTC)
    with db.session() as session:
        contact = _contact(session, contact_email)
        signals = _signals(session, contact, now)
        facts = [
            ItemFacts(
                i.slug,
                i.title,
                i.kind,
                tuple(i.stages),
                tuple(i.personas),
                tuple(i.industries),
                tuple(i.service_lines),
                i.scenario,
            )
            for i in session.scalars(select(PlaybookItem))
        ]
        email = contact.email or contact_email
    stage, reason, items, template = next_best_content(facts, signals, limit=limit)
    return NextBest(email, signals.persona, stage, reason, items, template)
