"""Alembic's entry point, called only through bot.store.database.migrate, which hands over a
connection inside the transaction it holds (so the version read and every step share one lock)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transactional_ddl=True, render_as_batch=True)
context.run_migrations()
