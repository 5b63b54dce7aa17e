"""The playbook as a folder of Markdown files: export, validated all-or-nothing import, and the
starter playbook shipped in the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select

from repfocus.domain.playbook import ItemDraft, PersonaProfile, PlaybookInvalid
from repfocus.domain.playbook_files import format_item, format_persona, parse_file
from repfocus.services.playbook_items import draft_of, save_item
from repfocus.services.playbook_personas import persona_of, save_persona
from repfocus.store import playbook_search
from repfocus.store.db import Database
from repfocus.store.models import BuyerPersona, PlaybookItem

MAX_FILE_BYTES = 200_000


@dataclass(frozen=True, slots=True)
class FileError:
    """Why one file was rejected: its path and every (field, reason) problem."""

    path: str
    problems: list[tuple[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.path, "problems": [{"field": f, "reason": r} for f, r in self.problems]}


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, with errors, would have done: nothing is written then)."""

    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    personas: int = 0
    errors: list[FileError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "personas": self.personas,
            "errors": [e.as_dict() for e in self.errors],
        }


def _read_folder(folder: Path, report: ImportReport) -> list[tuple[str, ItemDraft | PersonaProfile]]:
    parsed: list[tuple[str, ItemDraft | PersonaProfile]] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*.md")):
        name = str(path.relative_to(folder))
        report.files += 1
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise PlaybookInvalid([("file", f"is larger than {MAX_FILE_BYTES:,} bytes")])
            content = parse_file(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            report.errors.append(
                FileError(name, [("file", f"not UTF-8 text ({exc.reason} at byte {exc.start})")])
            )
            continue
        except PlaybookInvalid as exc:
            report.errors.append(FileError(name, exc.problems))
            continue
        key = f"persona:{content.key}" if isinstance(content, PersonaProfile) else f"item:{content.slug}"
        if key in seen:
            report.errors.append(
                FileError(name, [("slug", f"{key.split(':', 1)[1]!r} is also defined in {seen[key]}")])
            )
            continue
        seen[key] = name
        parsed.append((name, content))
    return parsed


def import_playbook(
    db: Database, *, folder: Path, actor_name: str = "import", actor_id: int | None = None
) -> ImportReport:
    """Validate every *.md file under `folder`, then save all items and personas in one transaction.

    Any invalid file rejects the whole import; the report lists the problems of every file."""
    report = ImportReport()
    if not folder.is_dir():
        report.errors.append(FileError(str(folder), [("folder", "does not exist or is not a folder")]))
        return report
    parsed = _read_folder(folder, report)
    if report.errors:
        return report
    with db.session() as session:
        existing = set(session.scalars(select(PlaybookItem.slug)))
        for _name, content in parsed:
            if isinstance(content, PersonaProfile):
                report.personas += int(save_persona(session, content))
                continue
            _item, changed = save_item(session, content, actor_id=actor_id, actor_name=actor_name)
            if not changed:
                report.unchanged += 1
            elif content.slug in existing:
                report.updated += 1
            else:
                report.created += 1
        playbook_search.optimize(session)
        session.commit()
    return report


def export_playbook(db: Database, *, folder: Path) -> int:
    """Write every item to items/<slug>.md and persona to personas/<key>.md; return the file count."""
    (folder / "items").mkdir(parents=True, exist_ok=True)
    (folder / "personas").mkdir(parents=True, exist_ok=True)
    count = 0
    with db.session() as session:
        for item in session.scalars(select(PlaybookItem).order_by(PlaybookItem.slug)):
            (folder / "items" / f"{item.slug}.md").write_text(format_item(draft_of(item)), encoding="utf-8")
            count += 1
        for row in session.scalars(select(BuyerPersona).order_by(BuyerPersona.key)):
            (folder / "personas" / f"{row.key}.md").write_text(
                format_persona(persona_of(row)), encoding="utf-8"
            )
            count += 1
    return count


def starter_folder() -> Path:
    """Return the folder of the starter IT-staffing playbook shipped in the package."""
    return Path(str(resources.files("repfocus") / "data" / "playbook"))


def load_starter_playbook(db: Database) -> ImportReport:
    """Load the shipped starter playbook (items and personas); loading it again changes nothing."""
    report = import_playbook(db, folder=starter_folder(), actor_name="RepFocus starter playbook")
    if report.errors:  # a packaging bug, never user input
        raise RuntimeError(f"starter playbook is invalid: {[e.as_dict() for e in report.errors]}")
    return report
