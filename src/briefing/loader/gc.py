"""The cyclic garbage collector, paused while a load makes objects that all live on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects that all live on: the cyclic garbage
    collector would walk them again and again for nothing (it doubles the time of a big load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what was loaded lives on: later collections need not walk it again
        if enabled:
            gc.enable()
