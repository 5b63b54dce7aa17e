"""The activity taxonomy: buckets of work and the categories inside them (DESIGN.md)."""

from __future__ import annotations

from typing import Final

KINDS: Final = ("call", "meeting", "email", "task", "note")
DIRECTIONS: Final = ("inbound", "outbound")
SOURCES: Final = ("manual", "csv", "salesforce", "hubspot", "bullhorn", "pipedrive", "ics", "api", "demo")
PERSONAS: Final = (
    "it_hiring_manager",
    "it_executive",
    "hr_recruiter",
    "procurement",
    "consultant",
    "candidate",
    "other",
)
ACCOUNT_STATUSES: Final = ("prospect", "active_client", "former_client")
TIERS: Final = ("A", "B", "C", "off")
ROLES: Final = ("leader", "manager", "rep", "delivery")
JOB_TYPES: Final = ("contract", "direct_hire", "contract_to_hire")

BUCKETS: Final[dict[str, tuple[str, ...]]] = {
    "selling": (
        "prospecting_call",
        "prospecting_email",
        "prospect_meeting",
        "job_order_intake",
        "account_growth",
        "negotiation",
    ),
    "servicing": ("client_servicing", "consultant_care"),
    "recruiting_support": ("resume_formatting", "candidate_prep"),
    "research_content": ("sales_research", "content_creation", "content_search"),
    "admin": ("internal_meeting", "email_admin", "crm_admin", "travel"),
    "development": ("coaching", "training"),
}

UNCLASSIFIED: Final = "unclassified"

CATEGORY_BUCKET: Final[dict[str, str]] = {
    category: bucket for bucket, categories in BUCKETS.items() for category in categories
}
CATEGORIES: Final = tuple(CATEGORY_BUCKET)
BUCKET_NAMES: Final = (*BUCKETS, UNCLASSIFIED)


def bucket_of(category: str | None) -> str:
    """Return the bucket a category belongs to; 'unclassified' for None or an unknown category."""
    if category is None:
        return UNCLASSIFIED
    return CATEGORY_BUCKET.get(category, UNCLASSIFIED)


def is_selling(category: str | None) -> bool:
    """Return True when the category is selling work (customer-facing, revenue-generating)."""
    return bucket_of(category) == "selling"
