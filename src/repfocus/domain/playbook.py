"""Playbook items and buyer personas: their tags, the rules a valid item follows, and what changed."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, fields, replace
from typing import Any, Final

from repfocus.domain.taxonomy import JOB_TYPES, PERSONAS

ITEM_KINDS: Final = (
    "data_point",
    "insight",
    "case_study",
    "talk_track",
    "objection_response",
    "email_template",
)
STAGES: Final = ("unaware", "problem_aware", "evaluating", "deciding", "customer")
SERVICE_LINES: Final = JOB_TYPES
BUYER_PERSONAS: Final = ("it_hiring_manager", "it_executive", "hr_recruiter", "procurement")
SCENARIOS: Final = (
    "cold_intro",
    "follow_up_2",
    "follow_up_3",
    "job_posting_seen",
    "peer_placement",
    "re_engage_former_client",
    "after_first_meeting",
    "strong_candidate",
    "referral",
    "after_conference",
    "new_role",
    "win_back_lost_account",
    "rate_objection",
)
SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TITLE, MAX_SUMMARY, MAX_BODY = 200, 500, 20_000
# the widths of the stored columns: longer text is refused here, by field, not by the database
MAX_SLUG, MAX_SUBJECT, MAX_INDUSTRY = 120, 300, 80
# Search highlights are marked with two private-use characters, so stored text may not hold them;
# control characters never belong in prose either.
MARK_START, MARK_END = "\ue000", "\ue001"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


class PlaybookInvalid(ValueError):
    """A playbook item or persona breaks a rule; `problems` lists (field, reason) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {r}" for f, r in problems))


@dataclass(frozen=True, slots=True)
class ItemDraft:
    """The editable content of a playbook item (what import, the API and the editor hand over)."""

    slug: str
    kind: str
    title: str
    body: str
    summary: str = ""
    stages: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    service_lines: tuple[str, ...] = ()
    scenario: str | None = None
    subject: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the draft as plain JSON-friendly values (tuples become lists)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class PersonaProfile:
    """A buyer persona: who they are, what worries them, and how to talk with them."""

    key: str
    name: str
    summary: str
    who: str
    challenges: tuple[str, ...] = ()
    measured_by: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    objections: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the profile as plain JSON-friendly values."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def clean_text(text: str) -> str:
    """Return `text` with control characters removed and line ends normalised to \\n."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def marked_html(text: str) -> str:
    """Return `text` HTML-escaped, with search-highlight marks turned into <mark> elements."""
    escaped = html.escape(text, quote=True)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def marked_plain(text: str) -> str:
    """Return `text` with search-highlight marks removed (for plain-text output)."""
    return text.replace(MARK_START, "").replace(MARK_END, "")


def slug_of(title: str) -> str:
    """Return a slug for `title`: its ASCII letters and digits, lowercased, words joined by hyphens
    (at most 80 characters; empty when the title has no such characters)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = "-".join(words)[:80]
    return slug.rstrip("-")


def _check_tags(problems: list[tuple[str, str]], name: str, values: tuple[str, ...], allowed: Any) -> None:
    for value in values:
        if value not in allowed:
            problems.append((name, f"unknown value {value!r}; use one of {', '.join(allowed)}"))


def validate_item(draft: ItemDraft) -> ItemDraft:
    """Return the draft with text cleaned and tags de-duplicated; raise PlaybookInvalid listing every
    broken rule (slug shape, known kind/stage/persona/service line, email templates need a subject)."""
    problems: list[tuple[str, str]] = []
    if not SLUG_RE.match(draft.slug or ""):
        problems.append(("slug", f"{draft.slug!r} is not lowercase words joined by hyphens"))
    elif len(draft.slug) > MAX_SLUG:
        problems.append(("slug", f"is longer than {MAX_SLUG} characters"))
    if draft.kind not in ITEM_KINDS:
        problems.append(("kind", f"unknown kind {draft.kind!r}; use one of {', '.join(ITEM_KINDS)}"))
    title = clean_text(draft.title or "").strip()
    body = clean_text(draft.body or "").strip()
    summary = clean_text(draft.summary or "").strip()
    subject = clean_text(draft.subject).strip() if draft.subject else None
    if not title:
        problems.append(("title", "is empty"))
    elif len(title) > MAX_TITLE:
        problems.append(("title", f"is longer than {MAX_TITLE} characters"))
    if not body:
        problems.append(("body", "is empty"))
    elif len(body) > MAX_BODY:
        problems.append(("body", f"is longer than {MAX_BODY} characters"))
    if len(summary) > MAX_SUMMARY:
        problems.append(("summary", f"is longer than {MAX_SUMMARY} characters"))
    _check_tags(problems, "stages", draft.stages, STAGES)
    _check_tags(problems, "personas", draft.personas, PERSONAS)
    _check_tags(problems, "service_lines", draft.service_lines, SERVICE_LINES)
    if draft.kind == "email_template":
        if not subject:
            problems.append(("subject", "an email template needs a subject line"))
        elif len(subject) > MAX_SUBJECT:
            problems.append(("subject", f"is longer than {MAX_SUBJECT} characters"))
        if draft.scenario is not None and draft.scenario not in SCENARIOS:
            problems.append(
                ("scenario", f"unknown scenario {draft.scenario!r}; use one of {', '.join(SCENARIOS)}")
            )
    elif draft.scenario or draft.subject:
        problems.append(("scenario", "only email templates have a scenario and a subject"))
    industries = tuple(dict.fromkeys(clean_text(i).strip().lower() for i in draft.industries if i.strip()))
    for industry in industries:
        if len(industry) > MAX_INDUSTRY:
            problems.append(("industries", f"{industry[:20]!r}… is longer than {MAX_INDUSTRY} characters"))
    if problems:
        raise PlaybookInvalid(problems)
    return replace(
        draft,
        title=title,
        body=body,
        summary=summary,
        subject=subject,
        stages=tuple(dict.fromkeys(draft.stages)),
        personas=tuple(dict.fromkeys(draft.personas)),
        industries=industries,
        service_lines=tuple(dict.fromkeys(draft.service_lines)),
    )


def validate_persona(profile: PersonaProfile) -> PersonaProfile:
    """Return the profile if its key is a known buyer persona and name, summary and who are given."""
    problems: list[tuple[str, str]] = []
    if profile.key not in PERSONAS:
        problems.append(("key", f"unknown persona {profile.key!r}; use one of {', '.join(PERSONAS)}"))
    for name in ("name", "summary", "who"):
        if not str(getattr(profile, name) or "").strip():
            problems.append((name, "is empty"))
    if problems:
        raise PlaybookInvalid(problems)
    return profile


def diff_items(before: ItemDraft | None, after: ItemDraft) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for every field that differs (old is None for a new item)."""
    out: dict[str, list[Any]] = {}
    for f in fields(after):
        new = _plain(getattr(after, f.name))
        old = _plain(getattr(before, f.name)) if before is not None else None
        if old != new:
            out[f.name] = [old, new]
    return out
