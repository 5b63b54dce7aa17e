"""coaching sessions and their action items

Revision ID: 0009
Revises: 0008

A manager's or leader's session with a rep on one root cause, and the action items agreed in it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coaching_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("focus", sa.String(length=20), nullable=False),
        sa.Column("persona", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["users.id"], name=op.f("fk_coaching_sessions_coach_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name=op.f("fk_coaching_sessions_rep_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_sessions")),
    )
    op.create_index("ix_coaching_sessions_coach_id", "coaching_sessions", ["coach_id"])
    op.create_index("ix_coaching_sessions_rep_held", "coaching_sessions", ["rep_id", "held_on"])
    op.create_table(
        "coaching_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_coaching_actions_session_id_coaching_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_actions")),
    )
    op.create_index("ix_coaching_actions_open_due", "coaching_actions", ["done_at", "due_on"])
    op.create_index("ix_coaching_actions_session_id", "coaching_actions", ["session_id"])


def downgrade() -> None:
    op.drop_table("coaching_actions")
    op.drop_table("coaching_sessions")
