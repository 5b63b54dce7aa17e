"""Playbook search on SQLite (FTS5) and PostgreSQL (tsvector): ranked, filtered, highlighted safely,
and kept in step with every edit; revisions say who changed what."""

from __future__ import annotations

from sqlalchemy import delete

from repfocus.domain.access import Actor
from repfocus.domain.playbook import ItemDraft
from repfocus.services import playbook_items, playbook_search
from repfocus.store.db import Database
from repfocus.store.models import PlaybookItem
from tests.factories import make_user


def _save(db: Database, slug: str, title: str, body: str, **tags: tuple[str, ...]) -> None:
    playbook_items.upsert_item(
        db, actor=None, draft=ItemDraft(slug=slug, kind="insight", title=title, body=body, **tags)
    )


def _library(db: Database) -> None:
    _save(
        db,
        "rates",
        "Answering rate objections",
        "Never discount first.",
        stages=("deciding",),
        personas=("procurement",),
    )
    _save(
        db,
        "cloud",
        "Cloud migration case",
        "Rates came up once; the cloud team delivered.",
        stages=("evaluating",),
        personas=("it_executive",),
    )
    _save(
        db,
        "intake",
        "Job order intake",
        "Ask about the work, the must-haves and the process.",
        stages=("evaluating",),
        personas=("it_hiring_manager",),
    )


def test_title_matches_rank_above_body_matches(any_db: Database) -> None:
    _library(any_db)
    hits = playbook_search.search_items(any_db, query="rates")
    assert [h.slug for h in hits] == ["rates", "cloud"]
    assert hits[0].rank > hits[1].rank


def test_filters_narrow_the_matches(any_db: Database) -> None:
    _library(any_db)
    assert [
        h.slug for h in playbook_search.search_items(any_db, query="rates", personas=["it_executive"])
    ] == ["cloud"]
    assert [
        h.slug for h in playbook_search.search_items(any_db, query="rates", stages=["deciding", "evaluating"])
    ] == ["rates", "cloud"]
    assert playbook_search.search_items(any_db, query="rates", stages=["unaware"]) == []
    assert [h.slug for h in playbook_search.search_items(any_db, stages=["evaluating"])] == [
        "cloud",
        "intake",
    ]


def test_web_search_syntax_excludes_words_and_matches_phrases(any_db: Database) -> None:
    _library(any_db)
    assert [h.slug for h in playbook_search.search_items(any_db, query="rates -cloud")] == ["rates"]
    assert [h.slug for h in playbook_search.search_items(any_db, query='"job order"')] == ["intake"]
    assert [h.slug for h in playbook_search.search_items(any_db, query="discount OR process")] == [
        "intake",
        "rates",
    ] or [h.slug for h in playbook_search.search_items(any_db, query="discount OR process")] == [
        "rates",
        "intake",
    ]


def test_stemming_finds_other_forms_of_a_word(any_db: Database) -> None:
    _library(any_db)
    assert {h.slug for h in playbook_search.search_items(any_db, query="delivering")} == {"cloud"}


def test_highlights_mark_the_match_and_escape_what_users_wrote(any_db: Database) -> None:
    _save(any_db, "xss", 'Rates <script>alert("x")</script>', "Rates & <img src=x onerror=alert(1)> margins")
    [hit] = playbook_search.search_items(any_db, query="rates")
    assert "<script>" not in hit.title_html and "<img" not in hit.snippet_html
    assert "<mark>Rates</mark> &lt;script&gt;" in hit.title_html
    assert "<mark>Rates</mark> &amp; &lt;img" in hit.snippet_html
    assert hit.snippet.startswith("Rates & <img")


def test_search_follows_updates_and_deletes(any_db: Database) -> None:
    _library(any_db)
    _save(any_db, "intake", "Job order intake", "Ask about budgets and the interview slots.")
    assert [h.slug for h in playbook_search.search_items(any_db, query="budgets")] == ["intake"]
    assert playbook_search.search_items(any_db, query="must-haves") == []
    with any_db.session() as s:
        s.execute(delete(PlaybookItem).where(PlaybookItem.slug == "intake"))
        s.commit()
    assert playbook_search.search_items(any_db, query="budgets") == []


def test_revisions_record_who_changed_which_fields(any_db: Database) -> None:
    with any_db.session() as s:
        lea = make_user(s, role="leader", name="Lea Leader")
        s.commit()
    leader = Actor(user_id=lea.id, role="leader", team_ids=frozenset(), email=lea.email, name=lea.name)
    _save(any_db, "rates", "Rates", "Never discount first.")
    draft = ItemDraft(
        slug="rates",
        kind="insight",
        title="Rates, answered",
        body="Never discount first.",
        stages=("deciding",),
    )
    playbook_items.upsert_item(any_db, actor=leader, draft=draft)
    playbook_items.upsert_item(any_db, actor=leader, draft=draft)  # unchanged: no new revision
    item = playbook_items.get_item(any_db, slug="rates")
    assert item.version == 2
    assert [(r.version, r.changed_by) for r in item.revisions] == [(2, "Lea Leader"), (1, "command line")]
    assert item.revisions[0].changes == {"title": ["Rates", "Rates, answered"], "stages": [[], ["deciding"]]}
