"""Who an imported row is about: its rep, account and contact, matched in a fixed order and cached.

Reps by email (or the source's user id mapped to an email); accounts by external id, then domain, then
name; contacts by external id, then email, then name within the account. Unknown accounts and contacts
are created; unknown reps are rejected unless create_reps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table, false, func, insert, select, update
from sqlalchemy.orm import Session

from repfocus.domain.personas import persona_for_title
from repfocus.importers.records import ActivityRecord, RowError
from repfocus.store.models import Account, Contact, Team, User


def _key(text: str | None) -> str | None:
    text = " ".join((text or "").split()).lower()
    return text or None


class Identities:
    """Resolves and creates the people and companies rows refer to; one instance per import."""

    def __init__(
        self,
        session: Session,
        *,
        source: str,
        user_map: Mapping[str, str],
        create_reps: bool,
        team: str | None,
    ) -> None:
        self.session, self.source = session, source
        self.user_map = {k: v.strip().lower() for k, v in user_map.items()}
        self.create_reps, self.team = create_reps, team
        self.created_accounts = self.created_contacts = self.created_reps = 0
        self._new_accounts: list[tuple[Pending, dict[str, Any]]] = []
        self._new_contacts: list[tuple[Pending, Ref, dict[str, Any]]] = []
        self.reps: dict[str, int] = {e.lower(): i for i, e in session.execute(select(User.id, User.email))}
        self._seen: dict[str, int] = {}  # raw email, or NUL + source id -> rep id
        self._teams: dict[str, int] = {n: i for i, n in session.execute(select(Team.id, Team.name))}
        self.acc_ext: dict[tuple[str | None, str], tuple[Ref, str]] = {}
        self.acc_domain: dict[str, tuple[Ref, str]] = {}
        self.acc_name: dict[str, tuple[Ref, str]] = {}
        for aid, name, domain, status, src, ext in session.execute(
            select(
                Account.id, Account.name, Account.domain, Account.status, Account.source, Account.external_id
            )
        ):
            value = (aid, status)
            if ext:
                self.acc_ext[(src, ext)] = value
            if d := _key(domain):
                self.acc_domain.setdefault(d, value)
            if n := _key(name):
                self.acc_name.setdefault(n, value)
        self.con_ext: dict[tuple[str | None, str], tuple[Ref, str]] = {}
        self.con_email: dict[str, tuple[Ref, str]] = {}
        self.con_name: dict[tuple[Ref, str], tuple[Ref, str]] = {}
        for cid, account_id, name, email, persona, src, ext in session.execute(
            select(
                Contact.id,
                Contact.account_id,
                Contact.name,
                Contact.email,
                Contact.persona,
                Contact.source,
                Contact.external_id,
            )
        ):
            value = (cid, persona)
            if ext:
                self.con_ext[(src, ext)] = value
            if e := _key(email):
                self.con_email.setdefault(e, value)
            if n := _key(name):
                self.con_name.setdefault((account_id, n), value)

    # --- reps ---------------------------------------------------------------------------------------
    def rep(self, rec: ActivityRecord) -> tuple[int | None, RowError | None]:
        """Return the rep id for the record, or the reason it cannot be found."""
        key = rec.rep_email if rec.rep_email is not None else f"\0{rec.rep_source_id}"
        if (rep_id := self._seen.get(key)) is not None:
            return rep_id, None
        rep_id, error = self._rep(rec)
        if rep_id is not None:
            self._seen[key] = rep_id
        return rep_id, error

    def _rep(self, rec: ActivityRecord) -> tuple[int | None, RowError | None]:
        email = _key(rec.rep_email)
        field = "rep_email"
        if email is None and rec.rep_source_id:
            field = "owner"
            email = self.user_map.get(rec.rep_source_id)
            if email is None and self.create_reps:
                email = f"{rec.rep_source_id.lower()}@{self.source}.invalid"
            if email is None:
                return None, RowError(
                    rec.line,
                    field,
                    f"owner {rec.rep_source_id} has no email: map it in the [users] table of a --mapping "
                    "file, or pass --create-reps",
                )
        if email is None:
            return None, RowError(rec.line, field, "no rep: the row names no owner or rep email")
        if (rep_id := self.reps.get(email)) is not None:
            return rep_id, None
        if not self.create_reps:
            return None, RowError(
                rec.line, field, f"no rep with email {email}; add the user first or pass --create-reps"
            )
        if "@" not in email:
            return None, RowError(rec.line, field, f"{email!r} is not an email address")
        return self._create_rep(email, rec), None

    def _create_rep(self, email: str, rec: ActivityRecord) -> int:
        team_name = self.team or rec.team
        team_id = None
        if team_name:
            team_id = self._teams.get(team_name)
            if team_id is None:
                team_id = int(
                    self.session.execute(insert(Team).values(name=team_name).returning(Team.id)).scalar_one()
                )
                self._teams[team_name] = team_id
        name = rec.extra.get("rep_name") or email.split("@")[0]
        rep_id = int(
            self.session.execute(
                insert(User).values(email=email, name=name, role="rep", team_id=team_id).returning(User.id)
            ).scalar_one()
        )
        self.reps[email] = rep_id
        self.created_reps += 1
        return rep_id

    # --- accounts -----------------------------------------------------------------------------------
    def account(self, rec: ActivityRecord) -> tuple[Ref, str | None]:
        """Return (account id, status) for the record, creating the account when it is new."""
        ext = rec.account_external_id
        if ext and (hit := self.acc_ext.get((self.source, ext))):
            return hit
        domain, name = _key(rec.account_domain), _key(rec.account_name)
        hit = (self.acc_domain.get(domain) if domain else None) or (self.acc_name.get(name) if name else None)
        if not hit and not (ext or domain or name) and rec.contact_email and "@" in rec.contact_email:
            hit = self.acc_domain.get(rec.contact_email.rsplit("@", 1)[1].lower())
        if hit:
            return hit
        if not (ext or domain or name):
            return None, None
        status = rec.account_status or "prospect"
        display = (rec.account_name or "").strip() or domain or f"{self.source} account {ext}"
        pending = Pending()
        self._new_accounts.append(
            (
                pending,
                {
                    "name": display[:200],
                    "domain": domain,
                    "status": status,
                    "tier": "off",
                    "tech_tags": [],
                    "source": self.source if ext else None,
                    "external_id": ext,
                },
            )
        )
        self.created_accounts += 1
        value = (pending, status)
        if ext:
            self.acc_ext[(self.source, ext)] = value
        if domain:
            self.acc_domain.setdefault(domain, value)
        if name:
            self.acc_name.setdefault(name, value)
        return value

    # --- contacts -----------------------------------------------------------------------------------
    def contact(self, rec: ActivityRecord, account_id: Ref) -> tuple[Ref, str | None]:
        """Return (contact id, persona) for the record, creating the contact when it is new."""
        ext = rec.contact_external_id
        if ext and (hit := self.con_ext.get((self.source, ext))):
            return hit
        email, name = _key(rec.contact_email), _key(rec.contact_name)
        hit = (self.con_email.get(email) if email else None) or (
            self.con_name.get((account_id, name)) if name else None
        )
        if hit:
            return hit
        if not (ext or email or name):
            return None, None
        persona = persona_for_title(rec.contact_title)
        display = (rec.contact_name or "").strip() or email or f"{self.source} contact {ext}"
        pending = Pending()
        self._new_contacts.append(
            (
                pending,
                account_id,
                {
                    "name": display[:200],
                    "title": rec.contact_title[:200] if rec.contact_title else None,
                    "email": email,
                    "persona": persona,
                    "persona_overridden": False,
                    "source": self.source if ext else None,
                    "external_id": ext,
                },
            )
        )
        self.created_contacts += 1
        value = (pending, persona)
        if ext:
            self.con_ext[(self.source, ext)] = value
        if email:
            self.con_email.setdefault(email, value)
        if name:
            self.con_name.setdefault((account_id, name), value)
        return value

    def write_new(self) -> bool:
        """Insert the accounts and contacts created since the last call (one statement each), so every
        Pending handed out so far gets its id; return True when there were any."""
        wrote = bool(self._new_accounts or self._new_contacts)
        if self._new_accounts:
            self._insert(cast(Table, Account.__table__), [(p, v) for p, v in self._new_accounts])
            self._new_accounts = []
        if self._new_contacts:
            rows = [(p, {**v, "account_id": resolve(acc)}) for p, acc, v in self._new_contacts]
            self._insert(cast(Table, Contact.__table__), rows)
            self._new_contacts = []
        return wrote

    def _insert(self, table: Table, rows: list[tuple[Pending, dict[str, Any]]]) -> None:
        if self.session.get_bind().dialect.name != "sqlite":
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids = self.session.execute(stmt, [values for _, values in rows]).scalars().all()
            for (pending, _), new_id in zip(rows, ids, strict=True):
                pending.id = int(new_id)
            return
        # SQLite returns ids in order only row by row; instead take the write lock (a no-op write) and
        # number the rows after the current maximum, which no other writer can change until commit.
        self.session.execute(update(table).where(false()).values(id=table.c.id))
        top = int(self.session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0)
        for offset, (pending, values) in enumerate(rows, start=1):
            pending.id = values["id"] = top + offset
        self.session.execute(insert(table), [values for _, values in rows])


class Pending:
    """The id of an account or contact that will be inserted with the current batch."""

    __slots__ = ("id",)

    def __init__(self) -> None:
        self.id: int | None = None


Ref = int | Pending | None


def resolve(ref: Ref) -> int | None:
    """Return the database id of a reference once its batch's new entities are written."""
    if isinstance(ref, Pending):
        if ref.id is None:
            raise RuntimeError("new account or contact used before write_new()")
        return ref.id
    return ref
