"""The diagnosis: signals per rep and period -> the five root causes, with evidence and remedies."""

from repfocus.domain.diagnosis.model import CAUSES, SEVERITIES, Finding, Remedy, RepSignals, Signal, rank
from repfocus.domain.diagnosis.organization import OrgFacts, organization_findings
from repfocus.domain.diagnosis.questions import ANSWERS, KEY_QUESTIONS, QUESTIONS_BY_CODE, KeyQuestion
from repfocus.domain.diagnosis.remedies import REMEDIES, remedies_for
from repfocus.domain.diagnosis.rep import diagnose_rep
from repfocus.domain.diagnosis.thresholds import Thresholds, ThresholdsInvalid, load_thresholds

__all__ = [
    "ANSWERS",
    "CAUSES",
    "KEY_QUESTIONS",
    "QUESTIONS_BY_CODE",
    "REMEDIES",
    "SEVERITIES",
    "Finding",
    "KeyQuestion",
    "OrgFacts",
    "Remedy",
    "RepSignals",
    "Signal",
    "Thresholds",
    "ThresholdsInvalid",
    "diagnose_rep",
    "load_thresholds",
    "organization_findings",
    "rank",
    "remedies_for",
]
