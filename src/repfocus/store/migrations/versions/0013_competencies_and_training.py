"""competency ratings and training assignments

Revision ID: 0013
Revises: 0012

A rep's competency ratings over time (a new rating joins the history, never overwrites it) and the
training assigned to build a competency.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "competency_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=32), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("evidence", sa.String(length=500), nullable=True),
        sa.Column("rated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rated_by_id"],
            ["users.id"],
            name=op.f("fk_competency_ratings_rated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name=op.f("fk_competency_ratings_rep_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_ratings")),
    )
    op.create_index("ix_competency_ratings_rated_by_id", "competency_ratings", ["rated_by_id"])
    op.create_index("ix_competency_ratings_rep_rated", "competency_ratings", ["rep_id", "rated_on"])
    op.create_table(
        "training_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("competency", sa.String(length=32), nullable=True),
        sa.Column("playbook_item_id", sa.Integer(), nullable=True),
        sa.Column("persona", sa.String(length=24), nullable=True),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["users.id"],
            name=op.f("fk_training_assignments_assigned_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["playbook_item_id"],
            ["playbook_items.id"],
            name=op.f("fk_training_assignments_playbook_item_id_playbook_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name=op.f("fk_training_assignments_rep_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_assignments")),
    )
    op.create_index("ix_training_assignments_assigned_by_id", "training_assignments", ["assigned_by_id"])
    op.create_index("ix_training_assignments_playbook_item_id", "training_assignments", ["playbook_item_id"])
    op.create_index("ix_training_assignments_rep_status", "training_assignments", ["rep_id", "status"])


def downgrade() -> None:
    op.drop_table("training_assignments")
    op.drop_table("competency_ratings")
