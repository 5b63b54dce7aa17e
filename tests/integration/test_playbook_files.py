"""The playbook as a folder: the starter playbook loads (twice changes nothing), export then import
round-trips, and a bad folder is rejected file by file with nothing written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from repfocus.domain.playbook import SCENARIOS
from repfocus.services import playbook_items, playbook_personas
from repfocus.services.playbook_files import export_playbook, import_playbook, load_starter_playbook
from repfocus.store.db import Database
from repfocus.store.models import BuyerPersona, PlaybookItem


def test_starter_playbook_covers_every_scenario_and_persona_and_loads_once(sqlite_db: Database) -> None:
    first = load_starter_playbook(sqlite_db)
    assert first.errors == [] and first.created >= 25 and first.personas == 4
    with sqlite_db.session() as s:
        scenarios = set(s.scalars(select(PlaybookItem.scenario).where(PlaybookItem.kind == "email_template")))
        kinds = set(s.scalars(select(PlaybookItem.kind)))
        personas = set(s.scalars(select(BuyerPersona.key)))
    assert set(SCENARIOS) <= scenarios
    assert kinds == {
        "data_point",
        "insight",
        "case_study",
        "talk_track",
        "objection_response",
        "email_template",
    }
    assert personas == {"it_hiring_manager", "it_executive", "hr_recruiter", "procurement"}
    again = load_starter_playbook(sqlite_db)
    assert (again.created, again.updated, again.personas, again.unchanged) == (0, 0, 0, first.created)


def test_export_then_import_into_a_new_database_gives_the_same_playbook(
    any_db: Database, tmp_path: Path
) -> None:
    load_starter_playbook(any_db)
    count = export_playbook(any_db, folder=tmp_path / "out")
    other = Database(f"sqlite:///{tmp_path / 'other.db'}")
    other.upgrade()
    try:
        report = import_playbook(other, folder=tmp_path / "out")
        assert report.errors == [] and report.created + report.personas == count
        for slug in ("email-rate-objection", "talk-track-job-order-intake"):
            assert (
                playbook_items.get_item(other, slug=slug).draft
                == playbook_items.get_item(any_db, slug=slug).draft
            )
        assert playbook_personas.list_personas(other) == playbook_personas.list_personas(any_db)
        assert import_playbook(other, folder=tmp_path / "out").unchanged == report.created
    finally:
        other.dispose()


def test_a_folder_with_bad_files_is_rejected_per_file_and_nothing_is_imported(
    sqlite_db: Database, tmp_path: Path
) -> None:
    (tmp_path / "good.md").write_text("+++\nslug = 'good'\nkind = 'insight'\ntitle = 'Good'\n+++\nFine.\n")
    (tmp_path / "bad-kind.md").write_text("+++\nslug = 'bad'\nkind = 'poem'\ntitle = 'Bad'\n+++\nText.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "no-fence.md").write_text("Just text.\n")
    (tmp_path / "dup.md").write_text("+++\nslug = 'good'\nkind = 'insight'\ntitle = 'Again'\n+++\nAgain.\n")
    (tmp_path / "latin1.md").write_bytes("+++\nslug = 'x'\n+++\ncaf\xe9".encode("latin-1"))
    report = import_playbook(sqlite_db, folder=tmp_path)
    errors = {e.path: e.problems for e in report.errors}
    assert set(errors) == {"bad-kind.md", "sub/no-fence.md", "good.md", "latin1.md"}
    assert errors["bad-kind.md"][0][0] == "kind"
    assert errors["sub/no-fence.md"][0][0] == "line 1"
    assert errors["good.md"] == [("slug", "'good' is also defined in dup.md")]
    assert "not UTF-8" in errors["latin1.md"][0][1]
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(PlaybookItem)) == 0
