"""users: the last successful sign-in

Revision ID: 0008
Revises: 0007

Shown on the People page, its CSV and /api/v1/users, so a leader sees accounts nobody uses.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("last_signed_in_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # a plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): recreating users would cascade to their data
    op.drop_column("users", "last_signed_in_at")
