"""hiring candidates and scorecards

Revision ID: 0011
Revises: 0010

Candidates for a sales role and one scorecard per interviewer, candidate and day (the unique constraint,
whose first column also serves the lookups by candidate). The trait weights live in organizations.settings.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hiring_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hiring_candidates")),
    )
    op.create_index("ix_hiring_candidates_status", "hiring_candidates", ["status"])
    op.create_table(
        "hiring_scorecards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("interviewer_id", sa.Integer(), nullable=True),
        sa.Column("interviewed_on", sa.Date(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["hiring_candidates.id"],
            name=op.f("fk_hiring_scorecards_candidate_id_hiring_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interviewer_id"],
            ["users.id"],
            name=op.f("fk_hiring_scorecards_interviewer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hiring_scorecards")),
        sa.UniqueConstraint(
            "candidate_id",
            "interviewer_id",
            "interviewed_on",
            name=op.f("uq_hiring_scorecards_candidate_id_interviewer_id_interviewed_on"),
        ),
    )


def downgrade() -> None:
    op.drop_table("hiring_scorecards")
    op.drop_index("ix_hiring_candidates_status", table_name="hiring_candidates")
    op.drop_table("hiring_candidates")
