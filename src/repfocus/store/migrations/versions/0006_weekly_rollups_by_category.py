"""weekly rollups clustered by rep, category, week

Revision ID: 0006
Revises: 0005

The org-wide dashboard sums each rep's categories over a range of weeks: with the key in
(rep_id, category, week) order, SQLite reads each (rep, category) run of weeks as one range of its
clustered b-tree and groups without sorting. PostgreSQL gets the same primary key order.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = "activity_rollups_weekly"


def _rekey(order: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("pk_activity_rollups_weekly"), TABLE, type_="primary")
        op.create_primary_key(op.f("pk_activity_rollups_weekly"), TABLE, list(order))
        return
    op.create_table(
        f"{TABLE}_new",
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("on_target_minutes", sa.Integer(), nullable=False),
        sa.Column("new_logo_minutes", sa.Integer(), nullable=False),
        sa.Column("existing_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name=op.f("fk_activity_rollups_weekly_rep_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(*order, name=op.f("pk_activity_rollups_weekly")),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO activity_rollups_weekly_new "
        "(rep_id, week, category, minutes, count, on_target_minutes, new_logo_minutes, existing_minutes) "
        "SELECT rep_id, week, category, minutes, count, on_target_minutes, new_logo_minutes, "
        "existing_minutes "
        "FROM activity_rollups_weekly"
    )
    op.drop_table(TABLE)
    op.rename_table(f"{TABLE}_new", TABLE)


def upgrade() -> None:
    _rekey(("rep_id", "category", "week"))


def downgrade() -> None:
    _rekey(("rep_id", "week", "category"))
