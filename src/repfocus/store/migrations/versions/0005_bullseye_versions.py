"""bullseye versions

Revision ID: 0005
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bullseye_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("accounts_retiered", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_bullseye_versions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bullseye_versions")),
        sa.UniqueConstraint("version", name=op.f("uq_bullseye_versions_version")),
    )

    _cluster_daily_rollups()
    op.create_table(
        "activity_rollups_weekly",
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
        sa.PrimaryKeyConstraint("rep_id", "week", "category", name=op.f("pk_activity_rollups_weekly")),
        sqlite_with_rowid=False,
    )
    # Fold the rollups that exist already (the default bullseye: IT hiring managers and executives).
    op.execute(
        """
        INSERT INTO activity_rollups_weekly
        SELECT rep_id, week, category, SUM(minutes), SUM(count), SUM(on_target), SUM(new_logo), SUM(existing)
        FROM (
          SELECT rep_id, {week} AS week, category, minutes, count,
            CASE WHEN category IN {selling} AND tier IN ('A', 'B')
                  AND persona IN ('it_hiring_manager', 'it_executive') THEN minutes ELSE 0 END AS on_target,
            CASE WHEN category IN {selling} AND account_status = 'prospect' THEN minutes ELSE 0 END
              AS new_logo,
            CASE WHEN category IN {selling} AND account_status NOT IN ('', 'prospect') THEN minutes ELSE 0 END
              AS existing
          FROM activity_rollups
        ) AS folded
        GROUP BY rep_id, week, category
        """.format(
            week="date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')"
            if op.get_bind().dialect.name == "sqlite"
            else "CAST(date_trunc('week', day) AS DATE)",
            selling="('prospecting_call', 'prospecting_email', 'prospect_meeting', 'job_order_intake', "
            "'account_growth', 'negotiation')",
        )
    )


def _cluster_daily_rollups() -> None:
    """Drop the (day, rep_id) index; on SQLite rebuild the table WITHOUT ROWID, clustered by its key."""
    with op.batch_alter_table("activity_rollups", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_rollups_day_rep")
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_table(
        "activity_rollups_clustered",
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("persona", sa.String(length=24), nullable=False),
        sa.Column("tier", sa.String(length=3), nullable=False),
        sa.Column("account_status", sa.String(length=16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name="fk_activity_rollups_rep_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "rep_id", "day", "category", "persona", "tier", "account_status", name="pk_activity_rollups"
        ),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO activity_rollups_clustered SELECT rep_id, day, category, persona, tier, "
        "account_status, minutes, count FROM activity_rollups"
    )
    op.drop_table("activity_rollups")
    op.rename_table("activity_rollups_clustered", "activity_rollups")


def downgrade() -> None:
    with op.batch_alter_table("activity_rollups", schema=None) as batch_op:
        batch_op.create_index("ix_activity_rollups_day_rep", ["day", "rep_id"], unique=False)
    op.drop_table("activity_rollups_weekly")
    op.drop_table("bullseye_versions")
