"""Alembic environment: runs on the engine handed in by repfocus.store.db.alembic_config."""

from alembic import context

from repfocus.store.models import Base

# Search structures built by hand in migrations (FTS5 table, tsvector column) are not models.
HAND_BUILT = ("playbook_items_fts", "search_vector", "ix_playbook_items_search")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (reflected and name and name.startswith(HAND_BUILT))


engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
