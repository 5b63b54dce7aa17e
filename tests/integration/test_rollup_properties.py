"""Property: after any sequence of writes through the services, the rollups equal a recomputation
from the raw activities (both databases)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from repfocus.domain.taxonomy import PERSONAS
from repfocus.services.accounts import set_contact_persona, update_account
from repfocus.services.activity_edits import delete_activity, edit_activity
from repfocus.services.bullseye import save_bullseye
from repfocus.store.activities import insert_activities
from repfocus.store.bullseye import current_bullseye
from repfocus.store.db import Database
from repfocus.store.models import WEEKLY_MEASURES, Account, Activity, ActivityRollup, Contact, weekly_rollups
from repfocus.store.weekly import fold
from tests.factories import make_account, make_contact, make_organization, make_user

CATEGORIES = ("prospecting_call", "prospect_meeting", "client_servicing", "crm_admin", None)
BASE = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # around midnight in Chicago: day boundaries matter

idx = st.integers(min_value=0, max_value=99)
insert = st.tuples(
    st.just("insert"),
    idx,
    st.integers(0, 20 * 24),
    st.integers(0, 240),
    st.sampled_from(CATEGORIES),
    st.one_of(st.none(), idx),
    st.one_of(st.none(), idx),
)
edit = st.tuples(
    st.just("edit"),
    idx,
    st.fixed_dictionaries(
        {},
        optional={
            "duration_minutes": st.integers(0, 240),
            "category": st.sampled_from(CATEGORIES),
            "hours": st.integers(0, 20 * 24),
            "contact": st.one_of(st.none(), idx),
            "account": st.one_of(st.none(), idx),
        },
    ),
)
operation = st.one_of(
    insert,
    edit,
    st.tuples(st.just("delete"), idx),
    st.tuples(st.just("status"), idx, st.sampled_from(("prospect", "active_client", "former_client"))),
    st.tuples(st.just("persona"), idx, st.sampled_from(PERSONAS)),
    st.tuples(
        st.just("bullseye"),
        st.sampled_from(("prospect", "active_client")),
        st.sampled_from(("IT", "Bank")),
        st.sampled_from((["it_hiring_manager"], ["it_executive", "candidate"])),
    ),
)


def _expected(db: Database) -> Counter[tuple[object, ...]]:
    zone = ZoneInfo("America/Chicago")
    with db.session() as s:
        personas = dict(s.execute(select(Contact.id, Contact.persona)).all())
        accounts = {a: (t, st_) for a, t, st_ in s.execute(select(Account.id, Account.tier, Account.status))}
        out: Counter[tuple[object, ...]] = Counter()
        rows = s.execute(
            select(
                Activity.rep_id,
                Activity.started_at,
                Activity.category,
                Activity.contact_id,
                Activity.account_id,
                Activity.duration_minutes,
            )
        )
        for rep, started, category, contact, account, minutes in rows:
            tier, status = accounts.get(account, ("", "")) if account else ("", "")
            key = (
                rep,
                started.astimezone(zone).date(),
                category or "unclassified",
                personas.get(contact, "") if contact else "",
                tier,
                status,
            )
            out[(*key, "m")] += minutes
            out[(*key, "n")] += 1
    return Counter({k: v for k, v in out.items() if v})  # zero minutes are no information


def _expected_weekly(db: Database) -> Counter[tuple[object, ...]]:
    daily = _expected(db)
    with db.session() as s:
        targets = current_bullseye(s).target_personas
    deltas: dict[tuple[Any, ...], list[int]] = {}
    for (*key, what), value in daily.items():
        deltas.setdefault(tuple(key), [0, 0])[0 if what == "m" else 1] = value
    out: Counter[tuple[object, ...]] = Counter()
    for (rep, monday), values in fold(deltas, targets).items():
        for name, value in zip(WEEKLY_MEASURES, values, strict=True):
            out[(rep, monday, name)] = value
    return Counter({k: v for k, v in out.items() if v})


def _actual_weekly(db: Database) -> Counter[tuple[object, ...]]:
    out: Counter[tuple[object, ...]] = Counter()
    with db.session() as s:
        for r in s.execute(select(weekly_rollups)).mappings():
            for name in WEEKLY_MEASURES:
                out[(r["rep_id"], r["week"], name)] = r[name]
    return Counter({k: v for k, v in out.items() if v})


def _actual(db: Database) -> Counter[tuple[object, ...]]:
    out: Counter[tuple[object, ...]] = Counter()
    with db.session() as s:
        for r in s.scalars(select(ActivityRollup)):
            key = (r.rep_id, r.day, r.category, r.persona, r.tier, r.account_status)
            out[(*key, "m")] = r.minutes
            out[(*key, "n")] = r.count
    return Counter({k: v for k, v in out.items() if v})


def _apply(db: Database, ids: dict[str, list[int]], op: tuple) -> None:
    kind = op[0]
    with db.session() as s:
        activity_ids = list(s.scalars(select(Activity.id).order_by(Activity.id)))

    def pick(seq: list[int], i: int | None) -> int | None:
        return None if i is None else seq[i % len(seq)]

    if kind == "insert":
        _, rep, hours, minutes, category, account, contact = op
        with db.session() as s:
            insert_activities(
                s,
                [
                    {
                        "rep_id": pick(ids["reps"], rep),
                        "started_at": BASE + timedelta(hours=hours),
                        "duration_minutes": minutes,
                        "kind": "call",
                        "category": category,
                        "account_id": pick(ids["accounts"], account),
                        "contact_id": pick(ids["contacts"], contact),
                    }
                ],
            )
            s.commit()
    elif kind == "edit" and activity_ids:
        changes = dict(op[2])
        if "hours" in changes:
            changes["started_at"] = BASE + timedelta(hours=changes.pop("hours"))
        if "contact" in changes:
            changes["contact_id"] = pick(ids["contacts"], changes.pop("contact"))
        if "account" in changes:
            changes["account_id"] = pick(ids["accounts"], changes.pop("account"))
        edit_activity(db, activity_id=pick(activity_ids, op[1]), changes=changes)
    elif kind == "delete" and activity_ids:
        delete_activity(db, activity_id=pick(activity_ids, op[1]))
    elif kind == "status":
        update_account(db, account_id=pick(ids["accounts"], op[1]), changes={"status": op[2]})
    elif kind == "persona":
        set_contact_persona(db, contact_id=pick(ids["contacts"], op[1]), persona=op[2])
    elif kind == "bullseye":
        criteria = {
            "statuses": {"values": [op[1]], "weight": 1},
            "industries": {"values": [op[2]], "weight": 1},
        }
        save_bullseye(
            db,
            definition={"criteria": criteria, "target_personas": op[3]},
            actor=None,
            saved_by="leader@x.com",
        )


def test_rollups_equal_a_recomputation_after_random_writes(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        reps = [make_user(s).id for _ in range(2)]
        accounts = [
            make_account(s, industry=ind, status="prospect", tier="off").id for ind in ("IT", "Bank", "IT")
        ]
        contacts = [make_contact(s, account_id=accounts[i % 3]).id for i in range(4)]
        s.commit()
    ids = {"reps": reps, "accounts": accounts, "contacts": contacts}

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.lists(operation, min_size=1, max_size=8))
    def run(ops: list[tuple]) -> None:
        for op in ops:
            _apply(any_db, ids, op)
        assert _actual(any_db) == _expected(any_db)
        assert _actual_weekly(any_db) == _expected_weekly(any_db)

    run()
