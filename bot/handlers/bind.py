"""`bind(handler, service)`: a feature's handler with its service as the first argument.

Feature handlers are module-level functions such as `async def turn_op(rotas: Rotas, ctx: Ctx)`;
a feature's `register()` routes `bind(turn_op, rotas)`, which keeps the handler's own name (for
logs and tracebacks) instead of a closure's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, update_wrapper
from typing import Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")


def bind(fn: Callable[Concatenate[S, P], R], service: S) -> Callable[P, R]:
    return update_wrapper(partial(fn, service), fn)
