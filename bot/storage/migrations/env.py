"""Alembic environment: the URL comes from the caller (bot.storage.database.migrate)."""
from alembic import context
from sqlalchemy import engine_from_config, pool

from bot.storage.models import Base
import bot.storage.console_models  # noqa: F401  (registers the console tables for autogenerate)
import bot.storage.live_models  # noqa: F401  (registers the live-chat tables for autogenerate)

config = context.config
connectable = config.attributes.get("connection")


def run() -> None:
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
