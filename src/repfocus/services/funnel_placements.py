"""Bullhorn placements into the funnel: the Placement of a job order, with its rates and fee."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from repfocus.importers.bullhorn_funnel import FunnelRecord
from repfocus.importers.records import RowError
from repfocus.services.funnel_rows import SOURCE, FunnelRows
from repfocus.store.models import Placement, Submittal


def take_placement(rows: FunnelRows, rec: FunnelRecord) -> RowError | None:
    """Write a placement once per external id (rates and fee updated on re-import; a fee of 1 or less is a
    share of the salary); reject it when its job order has not been imported."""
    job, error = rows.job(rec)
    if job is None:
        return error
    existing = rows.s.scalar(
        select(Placement).where(Placement.source == SOURCE, Placement.external_id == rec.external_id)
    )
    fee = rec.get("fee")
    salary = rec.get("salary")
    if fee is not None and 0 < fee <= 1 and salary:  # Bullhorn's fee is a share of the salary
        fee = (fee * salary).quantize(Decimal("0.01"))
    values = {
        "bill_rate": rec.get("bill_rate") or None,
        "pay_rate": rec.get("pay_rate") or None,
        "fee": fee or None,
    }
    if existing is not None:
        rows.update(existing, values)
        return None
    sub_ext = rec.get("submission")
    sub_id = rows.s.scalar(
        select(Submittal.id).where(
            Submittal.source == SOURCE,
            Submittal.external_id == sub_ext,
            Submittal.job_order_id == job.id,
        )
    )
    rows.s.add(
        Placement(
            job_order_id=job.id,
            submittal_id=sub_id,
            job_type=rec.get("job_type") or job.job_type,
            start_on=rows.day(rec.at),
            source=SOURCE,
            external_id=rec.external_id,
            **values,
        )
    )
    rows.s.flush()
    rows.report.imported += 1
    return None
