"""A small organization with planted behaviour patterns, written as a RepFocus CSV (DESIGN.md format).

Nine reps over eight weeks: five healthy, one who avoids IT hiring managers (calls HR recruiters), one who
hunts for content, one whose selling time slides week by week, one who gives up after one touch.
The tests import it through the import service, as a user would (personas come from contact titles).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta

HEADER = [
    "external_id", "rep_email", "started_at", "duration_minutes", "kind", "subject", "direction", "outcome",
    "account_name", "account_domain", "account_status", "contact_email", "contact_name", "contact_title",
    "category",
]  # fmt: skip
FIRST_MONDAY = date(2026, 9, 7)
WEEKS = 8
PLANTED = {
    "ava@acme.example": "competencies",  # avoids IT hiring managers
    "cole@acme.example": "knowledge_tools",  # content hunter
    "mia@acme.example": "motivation",  # selling time sliding
    "dan@acme.example": "dna",  # one touch per prospect
}
HEALTHY = ["h1@acme.example", "h2@acme.example", "h3@acme.example", "h4@acme.example", "h5@acme.example"]
TITLES = {"it_hiring_manager": "IT Director", "hr_recruiter": "Talent Acquisition Manager"}


def planted_csv(seed: int = 7) -> str:
    """Return the CSV text of the planted organization's activities."""
    rnd = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    n = 0
    for email in [*HEALTHY, *PLANTED]:
        profile = PLANTED.get(email, "healthy")
        contact_no = 0
        for day_no in range(WEEKS * 7):
            day = FIRST_MONDAY + timedelta(days=day_no)
            if day.weekday() >= 5:
                continue
            week = day_no // 7
            clock = datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)  # 9:00 in Chicago
            calls = 7 + rnd.randint(-1, 1)
            if profile == "motivation":
                calls = max(1, round(calls * (1 - 0.11 * week)))
            content = 30 + rnd.randint(-10, 10)
            if profile == "knowledge_tools":
                content = 150 + rnd.randint(-20, 20)
            rows = []
            for _ in range(calls):
                if profile == "dna" or rnd.random() < 0.3:
                    contact_no += 1
                persona = (
                    "hr_recruiter"
                    if profile == "competencies" and rnd.random() < 0.75
                    else ("hr_recruiter" if rnd.random() < 0.15 else "it_hiring_manager")
                )
                account = f"Prospect {email.split('@')[0]} {contact_no % 12}"
                rows.append(
                    ("call", 15, "prospecting_call", "Intro call", account, "prospect", contact_no, persona)
                )
            rows.append(("task", 90, "client_servicing", "Client check-in", "", "", 0, ""))
            rows.append(("task", content, "content_search", "Looking for a case study", "", "", 0, ""))
            rows.append(("email", 40, "email_admin", "Inbox", "", "", 0, ""))
            if day.weekday() == 2:
                rows.append(("meeting", 30, "coaching", "1:1 with manager", "", "", 0, ""))
            for kind, minutes, category, subject, account, status, cno, persona in rows:
                n += 1
                contact = f"c{cno}.{email}" if cno else ""
                writer.writerow(
                    [
                        f"p{n}", email, clock.isoformat().replace("+00:00", "Z"), minutes, kind, subject,
                        "outbound", "", account, "", status, contact,
                        f"Contact {cno}" if cno else "", TITLES.get(persona, ""), category,
                    ]
                )  # fmt: skip
                clock += timedelta(minutes=minutes)
    return out.getvalue()
