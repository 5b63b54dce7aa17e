"""The playbook as files: Markdown with TOML front matter between `+++` lines, one item or persona each.

An item's body is its Markdown text (an email template's body is the email). A persona's body holds
its sections as `## Heading` followed by text (who) or `- bullet` lines (the lists).
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from repfocus.domain.playbook import (
    ItemDraft,
    PersonaProfile,
    PlaybookInvalid,
    validate_item,
    validate_persona,
)

FENCE = "+++"
ITEM_KEYS = (
    "slug",
    "kind",
    "title",
    "summary",
    "stages",
    "personas",
    "industries",
    "service_lines",
    "scenario",
    "subject",
)
PERSONA_SECTIONS = {
    "who they are": "who",
    "challenges": "challenges",
    "how they are measured": "measured_by",
    "what they read": "reads",
    "usual objections to staffing firms": "objections",
    "questions to ask": "questions",
}
LIST_KEYS = ("stages", "personas", "industries", "service_lines")


def _toml_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _front(pairs: list[tuple[str, Any]]) -> str:
    lines = [f"{k} = {_toml_value(v)}" for k, v in pairs if v is not None]
    return "\n".join([FENCE, *lines, FENCE])


def format_item(draft: ItemDraft) -> str:
    """Return the file text of an item: front matter, a blank line, the body."""
    data = draft.as_dict()
    front = _front([(k, data[k]) for k in ITEM_KEYS])
    return f"{front}\n\n{draft.body.strip()}\n"


def format_persona(profile: PersonaProfile) -> str:
    """Return the file text of a persona: key, name and summary up front, one section per list."""
    front = _front(
        [("kind", "persona"), ("key", profile.key), ("name", profile.name), ("summary", profile.summary)]
    )
    parts = [front, ""]
    for heading, attr in PERSONA_SECTIONS.items():
        parts.append(f"## {heading[0].upper()}{heading[1:]}\n")
        value = getattr(profile, attr)
        if isinstance(value, str):
            parts.append(value.strip() + "\n")
        else:
            parts.append("\n".join(f"- {v}" for v in value) + "\n")
    return "\n".join(parts)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter, body); raise PlaybookInvalid naming the line when the fence or TOML is bad."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise PlaybookInvalid(
            [("line 1", f"the file must start with a '{FENCE}' line opening the front matter")]
        )
    for end in range(1, len(lines)):
        if lines[end].strip() == FENCE:
            break
    else:
        raise PlaybookInvalid(
            [(f"line {len(lines)}", f"the front matter is never closed by a '{FENCE}' line")]
        )
    try:
        front = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"at line (\d+)", message)
        line = int(found.group(1)) + 1 if found else end  # +1: the opening fence
        reason = re.sub(r"\s*\(at [^)]*\)$", "", message)
        raise PlaybookInvalid([(f"line {line}", f"bad TOML in the front matter: {reason}")]) from None
    return front, "\n".join(lines[end + 1 :]).strip()


def _strings(front: dict[str, Any], key: str, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    value = front.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append((key, "must be a list of strings"))
        return ()
    return tuple(value)


def parse_item(front: dict[str, Any], body: str) -> ItemDraft:
    """Return the validated item described by front matter and body."""
    problems: list[tuple[str, str]] = []
    unknown = set(front) - set(ITEM_KEYS)
    if unknown:
        problems.append(("front matter", f"unknown keys {sorted(unknown)}; allowed: {', '.join(ITEM_KEYS)}"))
    for key in ("slug", "kind", "title", "summary", "scenario", "subject"):
        if key in front and not isinstance(front[key], str):
            problems.append((key, "must be a string"))
    for key in ("slug", "kind", "title"):
        if key not in front:
            problems.append((key, "is required"))
    lists = {k: _strings(front, k, problems) for k in LIST_KEYS}
    if problems:
        raise PlaybookInvalid(problems)
    draft = ItemDraft(
        slug=front["slug"],
        kind=front["kind"],
        title=front["title"],
        body=body,
        summary=front.get("summary", ""),
        scenario=front.get("scenario"),
        subject=front.get("subject"),
        **lists,
    )
    return validate_item(draft)


def parse_persona(front: dict[str, Any], body: str) -> PersonaProfile:
    """Return the validated persona described by front matter and its `## section` body."""
    problems: list[tuple[str, str]] = []
    for key in ("key", "name", "summary"):
        if not isinstance(front.get(key), str):
            problems.append((key, "is required and must be a string"))
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for n, line in enumerate(body.splitlines(), start=1):
        if line.startswith("## "):
            heading = line[3:].strip().lower()
            current = PERSONA_SECTIONS.get(heading)
            if current is None:
                problems.append((f"body line {n}", f"unknown section {line[3:].strip()!r}"))
            else:
                sections[current] = []
        elif line.strip() and current is not None:
            sections[current].append(line.strip())
    if problems:
        raise PlaybookInvalid(problems)
    lists = {
        attr: tuple(v[2:].strip() if v.startswith("- ") else v for v in sections.get(attr, []))
        for attr in PERSONA_SECTIONS.values()
        if attr != "who"
    }
    profile = PersonaProfile(
        key=front["key"],
        name=front["name"],
        summary=front["summary"],
        who=" ".join(sections.get("who", [])),
        **lists,
    )
    return validate_persona(profile)


def parse_file(text: str) -> ItemDraft | PersonaProfile:
    """Return the item or persona a playbook file describes; raise PlaybookInvalid with every problem."""
    front, body = split_front_matter(text)
    if front.get("kind") == "persona":
        front = {k: v for k, v in front.items() if k != "kind"}
        return parse_persona(front, body)
    return parse_item(front, body)
