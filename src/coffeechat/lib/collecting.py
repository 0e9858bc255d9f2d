"""Pausing Python's cycle collector while many small objects are made at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading and writing a 100,000-row import makes millions of objects that live until the
    end; the cycle collector would walk all of them again and again (a fifth of the time).
    Reference counting still frees everything that is dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
