"""playbook: items, tags, revisions, uses, buyer personas, and full-text search per database

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# SQLite: an FTS5 index over the items' text, external content (no second copy of the text),
# kept in step by triggers so every write path (ORM, raw SQL, imports) updates it.
_FTS_COLUMNS = "title, summary, body"
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE playbook_items_fts USING fts5("
    f"{_FTS_COLUMNS}, content='playbook_items', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER playbook_items_fts_ai AFTER INSERT ON playbook_items BEGIN "
    f"INSERT INTO playbook_items_fts(rowid, {_FTS_COLUMNS}) "
    "VALUES (new.id, new.title, new.summary, new.body); "
    "END",
    "CREATE TRIGGER playbook_items_fts_ad AFTER DELETE ON playbook_items BEGIN "
    f"INSERT INTO playbook_items_fts(playbook_items_fts, rowid, {_FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); END",
    "CREATE TRIGGER playbook_items_fts_au AFTER UPDATE OF title, summary, body ON playbook_items BEGIN "
    f"INSERT INTO playbook_items_fts(playbook_items_fts, rowid, {_FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); "
    f"INSERT INTO playbook_items_fts(rowid, {_FTS_COLUMNS}) "
    "VALUES (new.id, new.title, new.summary, new.body); "
    "END",
    # Title matches weigh most, then the summary, then the body; ORDER BY rank uses this.
    "INSERT INTO playbook_items_fts(playbook_items_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')",
]
# PostgreSQL: a generated, weighted tsvector (title A, summary B, body C) with a GIN index.
PG_SEARCH = [
    "ALTER TABLE playbook_items ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'C')) STORED",
    "CREATE INDEX ix_playbook_items_search ON playbook_items USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "buyer_personas",
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("challenges", sa.JSON(), nullable=False),
        sa.Column("measured_by", sa.JSON(), nullable=False),
        sa.Column("reads", sa.JSON(), nullable=False),
        sa.Column("objections", sa.JSON(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_buyer_personas")),
    )
    op.create_table(
        "playbook_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("scenario", sa.String(length=40), nullable=True),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("personas", sa.JSON(), nullable=False),
        sa.Column("industries", sa.JSON(), nullable=False),
        sa.Column("service_lines", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_playbook_items_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playbook_items")),
        sa.UniqueConstraint("slug", name=op.f("uq_playbook_items_slug")),
    )
    with op.batch_alter_table("playbook_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_playbook_items_kind"), ["kind"], unique=False)

    op.create_table(
        "playbook_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_playbook_revisions_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["playbook_items.id"],
            name=op.f("fk_playbook_revisions_item_id_playbook_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playbook_revisions")),
    )
    with op.batch_alter_table("playbook_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_playbook_revisions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "playbook_tags",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["playbook_items.id"],
            name=op.f("fk_playbook_tags_item_id_playbook_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "facet", "value", name=op.f("pk_playbook_tags")),
    )
    with op.batch_alter_table("playbook_tags", schema=None) as batch_op:
        batch_op.create_index("ix_playbook_tags_facet_value", ["facet", "value", "item_id"], unique=False)

    op.create_table(
        "playbook_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_playbook_uses_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["playbook_items.id"],
            name=op.f("fk_playbook_uses_item_id_playbook_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["users.id"], name=op.f("fk_playbook_uses_rep_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playbook_uses")),
    )
    with op.batch_alter_table("playbook_uses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_playbook_uses_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_playbook_uses_item_id"), ["item_id"], unique=False)
        batch_op.create_index("ix_playbook_uses_rep_used", ["rep_id", "used_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_SEARCH:
            op.execute(statement)
    else:
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_playbook_items_search")
        op.execute("ALTER TABLE playbook_items DROP COLUMN IF EXISTS search_vector")
    else:
        op.execute("DROP TRIGGER IF EXISTS playbook_items_fts_ai")
        op.execute("DROP TRIGGER IF EXISTS playbook_items_fts_ad")
        op.execute("DROP TRIGGER IF EXISTS playbook_items_fts_au")
        op.execute("DROP TABLE IF EXISTS playbook_items_fts")
    with op.batch_alter_table("playbook_uses", schema=None) as batch_op:
        batch_op.drop_index("ix_playbook_uses_rep_used")
        batch_op.drop_index(batch_op.f("ix_playbook_uses_item_id"))
        batch_op.drop_index(batch_op.f("ix_playbook_uses_contact_id"))

    op.drop_table("playbook_uses")
    with op.batch_alter_table("playbook_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_playbook_tags_facet_value")

    op.drop_table("playbook_tags")
    with op.batch_alter_table("playbook_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_playbook_revisions_item_id"))

    op.drop_table("playbook_revisions")
    with op.batch_alter_table("playbook_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_playbook_items_kind"))

    op.drop_table("playbook_items")
    op.drop_table("buyer_personas")
