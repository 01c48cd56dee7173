"""The whole schema: the core models plus every feature's `*_models.py` module in this package.

Features keep their tables in a module of their own (`rota_models.py`, …); importing them all
here is what lets Alembic and the tests see every table.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import bot.storage as storage
from bot.storage.models import Base


def load_models() -> MetaData:
    for module in pkgutil.iter_modules(storage.__path__):
        if module.name.endswith("_models"):
            importlib.import_module(f"bot.storage.{module.name}")
    return Base.metadata
