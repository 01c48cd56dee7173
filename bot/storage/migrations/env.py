"""Alembic environment: runs migrations on the engine handed over by `Database`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from bot.storage.schema import load_models

config = context.config
engine = config.attributes.get("engine")
if not isinstance(engine, Engine):
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("run migrations through `huisbot db upgrade`")
    engine = create_engine(url)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=load_models(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
