"""A rep's book of business: the accounts they own and the contacts met along the way (made lazily)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date

from repfocus.domain.demo import catalog
from repfocus.domain.demo.profiles import Behaviour


@dataclass(frozen=True, slots=True)
class DemoAccount:
    key: int
    name: str
    domain: str
    industry: str
    employee_count: int
    region: str
    tech_tags: list[str]
    status: str
    tier: str


@dataclass(frozen=True, slots=True)
class DemoContact:
    """A person; `account` is None for candidates (not employed by a client)."""

    key: int
    account: int | None
    first_name: str
    last_name: str
    title: str
    email: str
    persona: str


def tier_of(industry: str, employee_count: int, tech_tags: list[str]) -> str:
    """Return the bullseye tier: one point each for industry, size and technology fit; 3 = A ... 0 = off."""
    lo, hi = catalog.BULLSEYE_EMPLOYEES
    score = (
        (industry in catalog.BULLSEYE_INDUSTRIES)
        + (lo <= employee_count <= hi)
        + bool(set(tech_tags) & set(catalog.BULLSEYE_TECH))
    )
    return {3: "A", 2: "B", 1: "C"}.get(score, "off")


@dataclass
class Book:
    """Accounts and contacts of one rep; `rep` prefixes keys so books of different reps never clash."""

    rep: int
    rng: random.Random
    behaviour: Behaviour
    accounts: list[DemoAccount] = field(default_factory=list)
    contacts: list[DemoContact] = field(default_factory=list)
    by_status: dict[str, list[int]] = field(default_factory=dict)
    by_tier: dict[str, list[int]] = field(default_factory=dict)
    people: dict[tuple[int | None, str], list[int]] = field(default_factory=dict)
    touches: dict[int, int] = field(default_factory=dict)
    first_touch: dict[int, date] = field(default_factory=dict)
    cadence: list[int] = field(default_factory=list)
    met: list[int] = field(default_factory=list)
    _targets: list[int] = field(default_factory=list)
    _cum: list[float] = field(default_factory=list)

    def open(self, prospects: int, clients: int, former: int) -> None:
        """Create the accounts the rep owns."""
        for status, count in (("prospect", prospects), ("active_client", clients), ("former_client", former)):
            for _ in range(count):
                self._add_account(status)

    def _add_account(self, status: str) -> None:
        rng = self.rng
        industry = rng.choice(list(catalog.INDUSTRIES))
        name = f"{rng.choice(catalog.COMPANY_STEMS)} {rng.choice(catalog.INDUSTRIES[industry])}"
        lo, hi = rng.choices(catalog.EMPLOYEE_BANDS, weights=(2, 3, 3, 2, 1))[0]
        employees = int(rng.uniform(lo, hi))
        tags = sorted(rng.sample(catalog.TECH_TAGS, rng.randint(1, 3)))
        key = len(self.accounts)
        slug = re.sub(r"[^a-z0-9]+", "", name.lower())
        account = DemoAccount(
            key=key,
            name=name,
            domain=f"{slug}-{self.rep}-{key}.example",
            industry=industry,
            employee_count=employees,
            region=rng.choice(catalog.REGIONS),
            tech_tags=tags,
            status=status,
            tier=tier_of(industry, employees, tags),
        )
        self.accounts.append(account)
        self.by_status.setdefault(status, []).append(key)
        if status != "active_client":
            self.by_tier.setdefault(account.tier, []).append(key)

    def person(self, account: int | None, persona: str, *, cap: int = 2) -> int:
        """Return a contact with `persona` at `account`: someone already known, or a new person."""
        known = self.people.setdefault((account, persona), [])
        if known and (len(known) >= cap or self.rng.random() < 0.7):
            return self.rng.choice(known)
        key = self.new_person(account, persona)
        known.append(key)
        return key

    def new_person(self, account: int | None, persona: str) -> int:
        """Create a contact with a title that fits `persona`; return its key."""
        rng = self.rng
        first, last = rng.choice(catalog.FIRST_NAMES), rng.choice(catalog.LAST_NAMES)
        key = len(self.contacts)
        domain = self.accounts[account].domain if account is not None else "mail.example"
        self.contacts.append(
            DemoContact(
                key=key,
                account=account,
                first_name=first,
                last_name=last,
                title=rng.choice(catalog.TITLES[persona]),
                email=f"{first.lower()}.{last.lower()}.{self.rep}-{key}@{domain}",
                persona=persona,
            )
        )
        return key

    def client(self) -> int:
        """Return one of the rep's active clients."""
        return self.rng.choice(self.by_status["active_client"])

    def _prospect_account(self) -> int:
        """Pick a prospect or former client, each weighted by the rep's preference for its tier."""
        if not self._targets:
            focus = self.behaviour.tier_focus
            self._targets = [k for keys in self.by_tier.values() for k in keys]
            total = 0.0
            for key in self._targets:
                total += focus.get(self.accounts[key].tier, 0.0) + 1e-9
                self._cum.append(total)
        return self.rng.choices(self._targets, cum_weights=self._cum)[0]

    def prospect_touch(self, day: date) -> int:
        """Return the prospect contact the next touch reaches: a contact in the rep's cadence (retried
        with odds set by touches_per_prospect), or a new person at a prospect account."""
        retry = 1.0 - 1.0 / max(self.behaviour.touches_per_prospect, 1.0)
        if self.cadence and self.rng.random() < retry:
            contact = self.rng.choice(self.cadence[-40:])
        else:
            contact = self.new_person(self._prospect_account(), self.selling_persona())
            self.cadence.append(contact)
            self.first_touch[contact] = day
        self.touches[contact] = self.touches.get(contact, 0) + 1
        return contact

    def meeting_contact(self, day: date) -> int:
        """Return the prospect a meeting is with: someone already touched, else a new touch."""
        if self.cadence and self.rng.random() < 0.85:
            contact = self.rng.choice(self.cadence[-60:])
            self.touches[contact] += 1
        else:
            contact = self.prospect_touch(day)
        self.met.append(contact)
        return contact

    def selling_persona(self) -> str:
        personas = self.behaviour.selling_personas
        return self.rng.choices(list(personas), weights=list(personas.values()))[0]
