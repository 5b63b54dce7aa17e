"""incentive plans and the teams they apply to

Revision ID: 0010
Revises: 0009

A plan's window, currency and rules (checked JSON), and the teams it applies to (none: every rep).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incentive_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_incentive_plans_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incentive_plans")),
    )
    op.create_table(
        "incentive_plan_teams",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["incentive_plans.id"],
            name=op.f("fk_incentive_plan_teams_plan_id_incentive_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_incentive_plan_teams_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", "team_id", name=op.f("pk_incentive_plan_teams")),
    )
    op.create_index("ix_incentive_plan_teams_team_id", "incentive_plan_teams", ["team_id"])


def downgrade() -> None:
    op.drop_table("incentive_plan_teams")
    op.drop_table("incentive_plans")
