"""What an import did: the counts and rejections every import path reports (issue 4, item 5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from repfocus.importers.records import RowError


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a rejected atomic import, would have done)."""

    format: str
    dry_run: bool = False
    partial: bool = False
    committed: bool = False
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    estimated_durations: int = 0
    unclassified: int = 0
    created_accounts: int = 0
    created_contacts: int = 0
    created_reps: int = 0
    rejected: list[RowError] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        """Return the stable JSON shape of `repfocus import activities --json` (issue 4, item 5)."""
        return {
            "format": self.format,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "estimated_durations": self.estimated_durations,
            "unclassified": self.unclassified,
            "created": {"accounts": self.created_accounts, "contacts": self.created_contacts},
            "rejected": [e.as_dict() for e in self.rejected],
            "by_category": dict(sorted(self.by_category.items())),
        }
