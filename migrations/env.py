"""Alembic environment: migrations run on the connection the store hands over (see store/migrate.py)."""

from alembic import context

from water_targets.store.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("run migrations through `python -m water_targets migrate` (it passes the connection)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
