"""SQLAlchemy models, one module per noun; importing this package registers every table."""

from repfocus.store.models.access import ApiToken, AuditEntry, ServerSecret, SignInThrottle
from repfocus.store.models.account import Account, Contact
from repfocus.store.models.activity import (
    WEEKLY_CATEGORIES,
    WEEKLY_MEASURES,
    Activity,
    ActivityRollup,
    WeeklyRollup,
    count_column,
    minutes_column,
    weekly_rollups,
)
from repfocus.store.models.base import Base, UTCDateTime, utcnow
from repfocus.store.models.bullseye import BullseyeVersion
from repfocus.store.models.coaching import CoachingAction, CoachingSession
from repfocus.store.models.competency import CompetencyRating, TrainingAssignment
from repfocus.store.models.diagnosis import DiagnosisSnapshot, FollowUpTask, KeyQuestionAnswer
from repfocus.store.models.hiring import HiringCandidate, Scorecard
from repfocus.store.models.incentive import IncentivePlanRow, RecognitionProgramRow, incentive_plan_teams
from repfocus.store.models.organization import Organization, PlantedProfile, Team, User, team_managers
from repfocus.store.models.pipeline import Interview, JobOrder, Lead, Placement, Submittal
from repfocus.store.models.plan import MutualActionPlan, PlanMilestone, PlanShare
from repfocus.store.models.playbook import (
    BuyerPersona,
    PlaybookItem,
    PlaybookRevision,
    PlaybookTag,
    PlaybookUse,
)
from repfocus.store.models.target import Target

__all__ = [
    "WEEKLY_CATEGORIES",
    "WEEKLY_MEASURES",
    "Account",
    "Activity",
    "ActivityRollup",
    "ApiToken",
    "AuditEntry",
    "Base",
    "BullseyeVersion",
    "BuyerPersona",
    "CoachingAction",
    "CoachingSession",
    "CompetencyRating",
    "Contact",
    "DiagnosisSnapshot",
    "FollowUpTask",
    "HiringCandidate",
    "IncentivePlanRow",
    "Interview",
    "JobOrder",
    "KeyQuestionAnswer",
    "Lead",
    "MutualActionPlan",
    "Organization",
    "Placement",
    "PlanMilestone",
    "PlanShare",
    "PlantedProfile",
    "PlaybookItem",
    "PlaybookRevision",
    "PlaybookTag",
    "PlaybookUse",
    "RecognitionProgramRow",
    "Scorecard",
    "ServerSecret",
    "SignInThrottle",
    "Submittal",
    "Target",
    "Team",
    "TrainingAssignment",
    "UTCDateTime",
    "User",
    "WeeklyRollup",
    "count_column",
    "incentive_plan_teams",
    "minutes_column",
    "team_managers",
    "utcnow",
    "weekly_rollups",
]
