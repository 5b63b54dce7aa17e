"""weekly rollups as one row per rep and week, a minutes/count column pair per category

Revision ID: 0007
Revises: 0006

The org-wide 13-week dashboard read 500 reps x 17 categories x 13 weeks rows from the (rep, category,
week) table; side by side it reads 500 x 13, and a write upserts one row per rep-week it touches. The
rows are pivoted from the narrow table, so the bullseye's on-target split carries over as it was.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLE = "activity_rollups_weekly"
# The taxonomy's categories at this revision, then unclassified (domain/taxonomy.py).
CATEGORIES = (
    "prospecting_call",
    "prospecting_email",
    "prospect_meeting",
    "job_order_intake",
    "account_growth",
    "negotiation",
    "client_servicing",
    "consultant_care",
    "resume_formatting",
    "candidate_prep",
    "sales_research",
    "content_creation",
    "content_search",
    "internal_meeting",
    "email_admin",
    "crm_admin",
    "travel",
    "coaching",
    "training",
    "unclassified",
)
SPLIT = ("on_target_minutes", "new_logo_minutes", "existing_minutes")
SELLING = (
    "('prospecting_call', 'prospecting_email', 'prospect_meeting', 'job_order_intake', 'account_growth', "
    "'negotiation')"
)


def _fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["rep_id"], ["users.id"], name=op.f("fk_activity_rollups_weekly_rep_id_users"), ondelete="CASCADE"
    )


def _wide(name: str) -> None:
    columns = [
        sa.Column(f"{m}_{c}", sa.Integer(), nullable=False) for c in CATEGORIES for m in ("minutes", "count")
    ]
    op.create_table(
        name,
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        *columns,
        *(sa.Column(s, sa.Integer(), nullable=False) for s in SPLIT),
        _fk(),
        sa.PrimaryKeyConstraint("rep_id", "week", name=op.f("pk_activity_rollups_weekly")),
        sqlite_with_rowid=False,
    )


def _narrow(name: str) -> None:
    op.create_table(
        name,
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        *(sa.Column(s, sa.Integer(), nullable=False) for s in SPLIT),
        _fk(),
        sa.PrimaryKeyConstraint("rep_id", "category", "week", name=op.f("pk_activity_rollups_weekly")),
        sqlite_with_rowid=False,
    )


def _swap(new: str) -> None:
    op.drop_table(TABLE)
    op.rename_table(new, TABLE)


def _free_names() -> None:
    """PostgreSQL names constraints per schema: the old table gives its names up to the new one."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("pk_activity_rollups_weekly"), TABLE, type_="primary")
        op.drop_constraint(op.f("fk_activity_rollups_weekly_rep_id_users"), TABLE, type_="foreignkey")


def upgrade() -> None:
    _free_names()
    _wide(f"{TABLE}_wide")
    pivot = ", ".join(
        f"SUM(CASE WHEN category = '{c}' THEN {m} ELSE 0 END)"
        for c in CATEGORIES
        for m in ("minutes", "count")
    )
    names = ", ".join(f"{m}_{c}" for c in CATEGORIES for m in ("minutes", "count"))
    op.execute(
        f"INSERT INTO {TABLE}_wide (rep_id, week, {names}, {', '.join(SPLIT)}) "
        f"SELECT rep_id, week, {pivot}, {', '.join(f'SUM({s})' for s in SPLIT)} "
        f"FROM {TABLE} GROUP BY rep_id, week"
    )
    _swap(f"{TABLE}_wide")


def downgrade() -> None:
    _free_names()
    _narrow(f"{TABLE}_narrow")
    for c in CATEGORIES:
        op.execute(
            f"INSERT INTO {TABLE}_narrow (rep_id, week, category, minutes, count, {', '.join(SPLIT)}) "
            f"SELECT rep_id, week, '{c}', minutes_{c}, count_{c}, "
            # the split was per category; it goes back on the first selling category present
            f"0, 0, 0 FROM {TABLE} WHERE count_{c} <> 0"
        )
    op.execute(
        f"UPDATE {TABLE}_narrow SET on_target_minutes = w.on_target_minutes, new_logo_minutes = "
        f"w.new_logo_minutes, existing_minutes = w.existing_minutes FROM {TABLE} AS w "
        f"WHERE w.rep_id = {TABLE}_narrow.rep_id AND w.week = {TABLE}_narrow.week "
        f"AND {TABLE}_narrow.category = (SELECT MIN(n.category) FROM {TABLE}_narrow AS n "
        f"WHERE n.rep_id = w.rep_id AND n.week = w.week AND n.category IN {SELLING})"
    )
    _swap(f"{TABLE}_narrow")
