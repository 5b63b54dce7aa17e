"""The editor's two saves on SQLite and PostgreSQL: creating never overwrites, and an edit made from an
old version is refused; both leave the search index in step."""

from __future__ import annotations

import pytest

from repfocus.domain.access import AccessDenied, Actor
from repfocus.domain.playbook import ItemDraft, PlaybookInvalid
from repfocus.services import playbook_items, playbook_search
from repfocus.store.db import Database
from tests.factories import make_user


def _actor(db: Database, role: str, name: str) -> Actor:
    with db.session() as s:
        user = make_user(s, role=role, name=name)
        s.commit()
        return Actor(user_id=user.id, role=role, team_ids=frozenset(), email=user.email, name=name)


DRAFT = ItemDraft(slug="intake", kind="talk_track", title="Job order intake", body="Ask about the work.")


def test_creating_an_item_whose_slug_is_taken_is_refused_on_the_slug(any_db: Database) -> None:
    mia = _actor(any_db, "manager", "Mia Manager")
    playbook_items.create_item(any_db, actor=mia, draft=DRAFT)
    with pytest.raises(PlaybookInvalid) as caught:
        playbook_items.create_item(
            any_db, actor=mia, draft=ItemDraft("intake", "insight", "Other", "Other body")
        )
    assert caught.value.problems == [
        ("slug", "is already used by the item 'Job order intake'; choose another")
    ]
    assert playbook_items.get_item(any_db, slug="intake").draft.body == "Ask about the work."


def test_an_edit_from_an_old_version_is_refused_and_a_current_one_is_a_revision(any_db: Database) -> None:
    mia, lea = _actor(any_db, "manager", "Mia Manager"), _actor(any_db, "leader", "Lea Leader")
    playbook_items.create_item(any_db, actor=mia, draft=DRAFT)
    newer = ItemDraft("intake", "talk_track", "Job order intake", "Ask about the budget.")
    _view, changed = playbook_items.update_item(any_db, actor=lea, draft=newer, base_version=1)
    assert changed
    stale = ItemDraft("intake", "talk_track", "Job order intake", "Ask about the interview slots.")
    with pytest.raises(playbook_items.PlaybookEditConflict, match="Lea Leader saved version 2"):
        playbook_items.update_item(any_db, actor=mia, draft=stale, base_version=1)
    _view, changed = playbook_items.update_item(any_db, actor=mia, draft=newer, base_version=2)
    assert not changed  # the same text again: no revision
    item = playbook_items.get_item(any_db, slug="intake")
    assert [(r.version, r.changed_by) for r in item.revisions] == [(2, "Lea Leader"), (1, "Mia Manager")]
    assert [h.slug for h in playbook_search.search_items(any_db, query="budget")] == ["intake"]
    assert playbook_search.search_items(any_db, query="slots") == []


def test_reps_may_not_create_or_edit_items(any_db: Database) -> None:
    sam = _actor(any_db, "rep", "Sam Rep")
    with pytest.raises(AccessDenied):
        playbook_items.create_item(any_db, actor=sam, draft=DRAFT)
    with pytest.raises(AccessDenied):
        playbook_items.update_item(any_db, actor=sam, draft=DRAFT, base_version=1)
    assert playbook_search.search_items(any_db) == []


def test_text_longer_than_its_column_is_refused_by_field_not_by_the_database(any_db: Database) -> None:
    mia = _actor(any_db, "manager", "Mia Manager")
    too_long = ItemDraft(
        "s" * 121, "email_template", "Title", "Body", subject="x" * 301, industries=("i" * 81,)
    )
    with pytest.raises(PlaybookInvalid) as caught:
        playbook_items.create_item(any_db, actor=mia, draft=too_long)
    assert {f for f, _ in caught.value.problems} == {"slug", "subject", "industries"}
    assert playbook_search.search_items(any_db) == []
