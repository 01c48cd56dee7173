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

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # A batch migration on SQLite copies a table, drops the old one and renames the copy.
        # With foreign keys on, that DROP deletes every row that refers to the table (ON DELETE
        # CASCADE): off while migrating (this pragma works only outside a transaction).
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    with connection.begin():
        context.configure(
            connection=connection,
            target_metadata=load_models(),
            render_as_batch=sqlite,
            compare_type=True,
        )
        context.run_migrations()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
