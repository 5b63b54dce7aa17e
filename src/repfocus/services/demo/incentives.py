"""The demo's incentive plan and recognition program, so /incentives and /incentives/recognition show
payouts and standings: a plan paying for prospect meetings and calls this month, and a club for this
quarter that a few of the demo's reps reach."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from repfocus.domain.incentives import check_plan
from repfocus.domain.recognition import check_program
from repfocus.store.models import IncentivePlanRow, RecognitionProgramRow


def write_incentives(session: Session, *, today: date, currency: str = "USD") -> None:
    """Add the month's plan and the quarter's recognition program around `today`."""
    month = today.replace(day=1)
    month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    plan = check_plan(
        {
            "name": "Open new accounts",
            "valid_from": month,
            "valid_to": month_end,
            "rules": [
                {
                    "name": "Prospect meetings",
                    "category": "prospect_meeting",
                    "per_event": "25.00",
                    "tiers": [{"from": 10, "amount": "35.00"}],
                    "cap": "1000.00",
                },
                {"name": "Prospecting calls", "category": "prospecting_call", "per_event": "2.00"},
            ],
        },
        currency=currency,
    )
    session.add(
        IncentivePlanRow(
            name=plan.name,
            valid_from=plan.valid_from,
            valid_to=plan.valid_to,
            currency=plan.currency,
            rules=[r.as_dict() for r in plan.rules],
            is_active=True,
        )
    )
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarter_end = (quarter + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    club = check_program(
        {
            "name": f"Hunters' Club Q{(today.month - 1) // 3 + 1}",
            "description": "Dinner with the CEO for every rep who reaches both by the end of the quarter.",
            "starts_on": quarter,
            "ends_on": quarter_end,
            "criteria": [
                {"what": "prospect_meeting", "measure": "count", "at_least": 40},
                {"what": "selling", "measure": "minutes", "at_least": 6000},
            ],
        }
    )
    session.add(
        RecognitionProgramRow(
            name=club.name,
            description=club.description,
            starts_on=club.starts_on,
            ends_on=club.ends_on,
            criteria=[c.as_dict() for c in club.criteria],
            is_active=True,
        )
    )
