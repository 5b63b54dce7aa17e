"""mutual action plans, their milestones and share links

Revision ID: 0012
Revises: 0011

A plan for an account (and optionally a job order) with milestones owned by sales, delivery or the
customer; share links store only the SHA-256 of their token.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mutual_action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("job_order_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_mutual_action_plans_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_mutual_action_plans_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_order_id"],
            ["job_orders.id"],
            name=op.f("fk_mutual_action_plans_job_order_id_job_orders"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_mutual_action_plans_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mutual_action_plans")),
    )
    op.create_index("ix_mutual_action_plans_account_id", "mutual_action_plans", ["account_id"])
    op.create_index("ix_mutual_action_plans_owner_id", "mutual_action_plans", ["owner_id"])
    op.create_index("ix_mutual_action_plans_status", "mutual_action_plans", ["status"])
    op.create_table(
        "plan_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("owner_name", sa.String(length=120), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("note_internal", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_plan_milestones_owner_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["mutual_action_plans.id"],
            name=op.f("fk_plan_milestones_plan_id_mutual_action_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_milestones")),
    )
    op.create_index("ix_plan_milestones_plan_position", "plan_milestones", ["plan_id", "position"])
    op.create_table(
        "plan_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_plan_shares_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["mutual_action_plans.id"],
            name=op.f("fk_plan_shares_plan_id_mutual_action_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_shares")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_plan_shares_token_hash")),
    )
    op.create_index("ix_plan_shares_plan_id", "plan_shares", ["plan_id"])


def downgrade() -> None:
    op.drop_table("plan_shares")
    op.drop_table("plan_milestones")
    op.drop_table("mutual_action_plans")
