"""diagnosis

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_question_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("answered_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_question_answers")),
    )
    with op.batch_alter_table("key_question_answers", schema=None) as batch_op:
        batch_op.create_index("ix_key_question_answers_question", ["question", "answered_on"], unique=False)

    op.create_table(
        "diagnosis_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name=op.f("fk_diagnosis_snapshots_rep_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnosis_snapshots")),
        sa.UniqueConstraint(
            "rep_id",
            "period_start",
            "period_end",
            name=op.f("uq_diagnosis_snapshots_rep_id_period_start_period_end"),
        ),
    )
    with op.batch_alter_table("diagnosis_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diagnosis_snapshots_rep_id"), ["rep_id"], unique=False)

    op.create_table(
        "follow_up_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.Column("remedy", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name=op.f("fk_follow_up_tasks_rep_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_tasks")),
    )
    with op.batch_alter_table("follow_up_tasks", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_tasks_rep_cause", ["rep_id", "cause"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_tasks_rep_cause")

    op.drop_table("follow_up_tasks")
    with op.batch_alter_table("diagnosis_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnosis_snapshots_rep_id"))

    op.drop_table("diagnosis_snapshots")
    with op.batch_alter_table("key_question_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_key_question_answers_question")

    op.drop_table("key_question_answers")
