"""Importing the staffing funnel from Bullhorn: job orders, submittals, interviews and placements.

One transaction per file: all or nothing unless `partial`, nothing when `dry_run`. Rows are matched by
(source, external_id), so re-importing a file adds nothing; a changed status updates the row in place.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from repfocus.domain.access import AccessDenied, Actor, is_leader, require
from repfocus.importers.bullhorn_funnel import ENTITIES, ENTITY_NAMES, funnel_records
from repfocus.importers.bullhorn_funnel_files import FunnelFileInvalid, detect_entity, read_rows
from repfocus.importers.records import RowError
from repfocus.services import audit
from repfocus.services.funnel_job_orders import take_job_order
from repfocus.services.funnel_placements import take_placement
from repfocus.services.funnel_rows import FunnelRows, Writer
from repfocus.services.funnel_submittals import take_history, take_sendout, take_submission
from repfocus.store.db import Database

# One writer per entity; each checks the row's references before it writes anything.
WRITERS: dict[str, Writer] = {
    "joborder": take_job_order,
    "submission": take_submission,
    "history": take_history,
    "sendout": take_sendout,
    "placement": take_placement,
}

__all__ = ["ENTITIES", "AccessDenied", "FunnelFileInvalid", "FunnelImportReport", "import_funnel"]


@dataclass
class FunnelImportReport:
    """What a funnel import did (or, for a dry run or a rejected atomic import, would have done)."""

    format: str
    entity: str
    dry_run: bool = False
    partial: bool = False
    committed: bool = False
    rows_read: int = 0
    imported: int = 0
    leads: int = 0  # of the imported job orders, those kept as leads (type or status "Lead")
    updated: int = 0
    duplicates: int = 0
    skipped: int = 0  # deleted in Bullhorn
    created_accounts: int = 0
    created_contacts: int = 0
    created_submittals: int = 0  # implied by a sendout whose submission was not exported
    rejected: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        """Return the stable JSON shape of `repfocus import funnel --json`."""
        return {
            "format": self.format,
            "entity": self.entity,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "leads": self.leads,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "created": {
                "accounts": self.created_accounts,
                "contacts": self.created_contacts,
                "submittals": self.created_submittals,
            },
            "rejected": [e.as_dict() for e in self.rejected],
            "committed": self.committed,
        }


def import_funnel(
    db: Database,
    *,
    data: bytes,
    file_name: str = "",
    entity: str | None = None,
    default_rep: str | None = None,
    user_map: Mapping[str, str] | None = None,
    partial: bool = False,
    dry_run: bool = False,
    actor: Actor | None = None,
) -> FunnelImportReport:
    """Import one Bullhorn export of one funnel entity; raise FunnelFileInvalid when the file is unreadable.

    The entity is detected from the field names (then the file name) unless given. Job orders belong to
    the rep their owner maps to (owner email, `user_map` of Bullhorn user id -> email, or `default_rep`).
    The funnel spans every rep, so from the web or API (an actor) only a leader imports it; audited.
    """
    if actor is not None:
        require(is_leader(actor), "only a leader imports the staffing funnel")
    shape, rows = read_rows(data)
    first = next(rows, None)
    if first is None:
        raise FunnelFileInvalid("the file holds no records")
    rows = itertools.chain([first], rows)
    if entity is None:
        entity = detect_entity(set(first[1]), file_name)
        if entity is None:
            raise FunnelFileInvalid(
                "cannot tell which Bullhorn entity this is; pass --entity joborder|submission|history|"
                "sendout|placement"
            )
    if entity not in ENTITIES:
        raise FunnelFileInvalid(f"unknown entity {entity!r}; expected one of {', '.join(ENTITIES)}")
    report = FunnelImportReport(
        format=f"bullhorn {ENTITY_NAMES[entity]} ({shape})", entity=entity, dry_run=dry_run, partial=partial
    )
    with db.session() as session:
        run = FunnelRows(session, report, default_rep=default_rep, user_map=user_map or {})
        write = WRITERS[entity]
        for item in funnel_records(rows, entity):
            report.rows_read += 1
            error = item if isinstance(item, RowError) else run.take(item, write)
            if error is not None:
                report.rejected.append(error)
        if not dry_run and (partial or not report.rejected):
            details = {k: v for k, v in report.as_dict().items() if k != "rejected"}
            details["rejected"] = len(report.rejected)
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="import",
                target=file_name,
                details=details,
            )
            session.commit()
            report.committed = True
    return report
