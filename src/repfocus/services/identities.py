"""Who an imported row is about: its rep, account and contact, matched in a fixed order and cached.

Reps by email (or the source's user id mapped to an email); accounts by external id, then domain, then
name (a row whose domain no account has matches by name only an account without a domain: two companies
may share a name, never a domain); contacts by external id, then email, then name within the account
(likewise, a row whose email no contact has matches by name only a contact without an email).
Unknown accounts and contacts are created; unknown reps are rejected unless create_reps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.personas import persona_for_title
from repfocus.importers.records import ActivityRecord, RowError
from repfocus.store.models import Account, Contact, Team, User
from repfocus.store.numbering import IdNumbers

NewRows = dict[str, list[dict[str, Any]]]  # table name -> rows with their ids, in the order they must go in
AccountRef = tuple[int | None, str | None, str]  # id, status, tier ("" without an account)
ContactRef = tuple[int | None, str | None]  # id, persona
_NO_ACCOUNT: AccountRef = (None, None, "")
_NO_CONTACT: ContactRef = (None, None)


def _key(text: str | None) -> str | None:
    text = " ".join((text or "").split()).lower()
    return text or None


class Identities:
    """Resolves and creates the people and companies rows refer to; one instance per import.

    Everything is read once, at the start; afterwards it writes nothing, and on SQLite reads nothing (so it
    can go on in a forked process): a new rep, team, account or contact gets its id at once
    (store/numbering.py: on PostgreSQL from the sequence) and its row waits in `take_new()` for the writer,
    which inserts it before the activities that refer to it.
    """

    def __init__(
        self,
        session: Session,
        *,
        source: str,
        user_map: Mapping[str, str],
        create_reps: bool,
        team: str | None,
    ) -> None:
        self.source = source
        self.user_map = {k: v.strip().lower() for k, v in user_map.items()}
        self.create_reps, self.team = create_reps, team
        self.created_accounts = self.created_contacts = self.created_reps = 0
        tables = (Team.__table__, User.__table__, Account.__table__, Contact.__table__)
        self._numbers = IdNumbers(session, tables)  # type: ignore[arg-type]
        self._new: NewRows = {str(t.name): [] for t in tables}  # type: ignore[attr-defined]
        self.reps: dict[str, int] = {e.lower(): i for i, e in session.execute(select(User.id, User.email))}
        self._seen_emails: dict[str | None, int] = {}  # as written in the file -> rep id
        self._seen_owners: dict[str | None, int] = {}  # the source's user id -> rep id
        self._teams: dict[str, int] = {n: i for i, n in session.execute(select(Team.id, Team.name))}
        self._acc_mine: dict[str, AccountRef] = {}  # by external id in this import's source
        self.acc_domain: dict[str, AccountRef] = {}
        self.acc_name: dict[str, AccountRef] = {}
        self._acc_with_domain: set[int] = set()  # ids of the accounts whose domain is known
        for aid, name, domain, status, tier, src, ext in session.execute(
            select(
                Account.id,
                Account.name,
                Account.domain,
                Account.status,
                Account.tier,
                Account.source,
                Account.external_id,
            )
        ):
            value = (aid, status, tier)
            if ext and src == source:
                self._acc_mine[ext] = value
            if d := _key(domain):
                self.acc_domain.setdefault(d, value)
                self._acc_with_domain.add(aid)
            if n := _key(name):
                self.acc_name.setdefault(n, value)
        self._con_mine: dict[str, ContactRef] = {}  # by external id in this import's source
        self.con_email: dict[str, ContactRef] = {}
        self.con_name: dict[tuple[int | None, str], ContactRef] = {}
        self._con_with_email: set[int] = set()  # ids of the contacts whose email is known
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
            contact = (cid, persona)
            if ext and src == source:
                self._con_mine[ext] = contact
            if e := _key(email):
                self.con_email.setdefault(e, contact)
                self._con_with_email.add(cid)
            if n := _key(name):
                self.con_name.setdefault((account_id, n), contact)

    def take_new(self) -> NewRows:
        """Return the rows of the reps, teams, accounts and contacts created since the last call (in the
        order they must be inserted), and forget them."""
        new, self._new = self._new, {table: [] for table in self._new}
        return new

    # --- reps ---------------------------------------------------------------------------------------
    def rep(self, rec: ActivityRecord) -> tuple[int | None, RowError | None]:
        """Return the rep id for the record, or the reason it cannot be found."""
        email = rec.rep_email
        seen = self._seen_owners if email is None else self._seen_emails
        key = rec.rep_source_id if email is None else email
        if (rep_id := seen.get(key)) is not None:
            return rep_id, None
        rep_id, error = self._rep(rec)
        if rep_id is not None:
            seen[key] = rep_id
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
        if not email.isascii():  # as users.add_user: emails match case-insensitively in SQL, ASCII only
            return None, RowError(rec.line, field, f"{email!r} has letters outside ASCII: write it in ASCII")
        return self._create_rep(email, rec), None

    def _create_rep(self, email: str, rec: ActivityRecord) -> int:
        team_name = self.team or rec.team
        team_id = None
        if team_name:
            team_id = self._teams.get(team_name)
            if team_id is None:
                team_id = self._teams[team_name] = self._numbers.next("teams")
                self._new["teams"].append({"id": team_id, "name": team_name})
        name = (rec.extra or {}).get("rep_name") or email.split("@")[0]
        rep_id = self._numbers.next("users")
        user = {"id": rep_id, "email": email, "name": name, "role": "rep", "team_id": team_id}
        self._new["users"].append(user)
        self.reps[email] = rep_id
        self.created_reps += 1
        return rep_id

    # --- accounts -----------------------------------------------------------------------------------
    def account(self, rec: ActivityRecord) -> AccountRef:
        """Return (account id, status, tier) for the record, creating the account when it is new."""
        ext = rec.account_external_id
        if ext and (hit := self._acc_mine.get(ext)):
            return hit
        domain, name = _key(rec.account_domain), _key(rec.account_name)
        hit = self.acc_domain.get(domain) if domain else None
        if not hit and name and (named := self.acc_name.get(name)):
            hit = None if domain and named[0] in self._acc_with_domain else named
        if not hit and not (ext or domain or name) and rec.contact_email and "@" in rec.contact_email:
            hit = self.acc_domain.get(rec.contact_email.rsplit("@", 1)[1].lower())
        if hit:
            return hit
        if not (ext or domain or name):
            return _NO_ACCOUNT
        status = rec.account_status or "prospect"
        display = (rec.account_name or "").strip() or domain or f"{self.source} account {ext}"
        account_id = self._numbers.next("accounts")
        self._new["accounts"].append(
            {
                "id": account_id,
                "name": display[:200],
                "domain": domain,
                "status": status,
                "tier": "off",
                "tech_tags": [],
                "source": self.source if ext else None,
                "external_id": ext,
            }
        )
        self.created_accounts += 1
        value = (account_id, status, "off")
        if ext:
            self._acc_mine[ext] = value
        if domain:
            self.acc_domain.setdefault(domain, value)
            self._acc_with_domain.add(account_id)
        if name:
            self.acc_name.setdefault(name, value)
        return value

    # --- contacts -----------------------------------------------------------------------------------
    def contact(self, rec: ActivityRecord, account_id: int | None) -> ContactRef:
        """Return (contact id, persona) for the record, creating the contact when it is new."""
        ext = rec.contact_external_id
        if ext and (hit := self._con_mine.get(ext)):
            return hit
        if not (ext or rec.contact_email or rec.contact_name):
            return _NO_CONTACT
        email, name = _key(rec.contact_email), _key(rec.contact_name)
        hit = self.con_email.get(email) if email else None
        if not hit and name and (named := self.con_name.get((account_id, name))):
            hit = None if email and named[0] in self._con_with_email else named
        if hit:
            return hit
        if not (ext or email or name):
            return _NO_CONTACT
        persona = persona_for_title(rec.contact_title)
        display = (rec.contact_name or "").strip() or email or f"{self.source} contact {ext}"
        contact_id = self._numbers.next("contacts")
        self._new["contacts"].append(
            {
                "id": contact_id,
                "account_id": account_id,
                "name": display[:200],
                "title": rec.contact_title[:200] if rec.contact_title else None,
                "email": email,
                "persona": persona,
                "persona_overridden": False,
                "source": self.source if ext else None,
                "external_id": ext,
            }
        )
        self.created_contacts += 1
        value = (contact_id, persona)
        if ext:
            self._con_mine[ext] = value
        if email:
            self.con_email.setdefault(email, value)
            self._con_with_email.add(contact_id)
        if name:
            self.con_name.setdefault((account_id, name), value)
        return value
