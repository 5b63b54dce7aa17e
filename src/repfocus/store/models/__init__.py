"""SQLAlchemy models, one module per noun; importing this package registers every table."""

from repfocus.store.models.access import ApiToken, AuditEntry, ServerSecret, SignInThrottle
from repfocus.store.models.account import Account, Contact
from repfocus.store.models.activity import Activity, ActivityRollup, WeeklyRollup
from repfocus.store.models.base import Base, UTCDateTime, utcnow
from repfocus.store.models.bullseye import BullseyeVersion
from repfocus.store.models.organization import Organization, PlantedProfile, Team, User, team_managers
from repfocus.store.models.pipeline import Interview, JobOrder, Lead, Placement, Submittal
from repfocus.store.models.playbook import (
    BuyerPersona,
    PlaybookItem,
    PlaybookRevision,
    PlaybookTag,
    PlaybookUse,
)
from repfocus.store.models.target import Target

__all__ = [
    "Account",
    "Activity",
    "ActivityRollup",
    "ApiToken",
    "AuditEntry",
    "Base",
    "BullseyeVersion",
    "BuyerPersona",
    "Contact",
    "Interview",
    "JobOrder",
    "Lead",
    "Organization",
    "Placement",
    "PlantedProfile",
    "PlaybookItem",
    "PlaybookRevision",
    "PlaybookTag",
    "PlaybookUse",
    "ServerSecret",
    "SignInThrottle",
    "Submittal",
    "Target",
    "Team",
    "UTCDateTime",
    "User",
    "WeeklyRollup",
    "team_managers",
    "utcnow",
]
