"""A small bounded cache shared by the requests of one process (threads included)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from flask import current_app

K = TypeVar("K")
V = TypeVar("V")
C = TypeVar("C")


class BoundedCache(Generic[K, V]):
    """Least recently used entries go first once ``size`` is reached, so a long-running
    worker stays small. Only for values computed from immutable keys: nothing is ever
    invalidated."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def app_cache(name: str, make: Callable[[], C]) -> C:
    """The current app's cache called ``name``, made on first use. (``setdefault`` would
    build a new, thrown-away cache on every call: on the comparison, once per candidate.)"""
    cache = current_app.extensions.get(name)
    if cache is None:
        cache = current_app.extensions.setdefault(name, make())
    return cache
