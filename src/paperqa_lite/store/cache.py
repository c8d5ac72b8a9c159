"""The cache of derived results (TL;DRs): a small JSON key-value store in SQLite.

Opened by :class:`~paperqa_lite.store.Store` only. Several processes may write it at once
without the store's write lock: each put is one autocommitted SQLite statement, which
SQLite serialises itself (WAL journal, 5 s busy timeout).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any


class Cache:
    """A small JSON key-value store in SQLite, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS cache (kind TEXT, key TEXT, value TEXT, PRIMARY KEY (kind, key))"
        )
        self._lock = threading.Lock()

    def get(self, kind: str, key: str) -> Any | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM cache WHERE kind=? AND key=?", (kind, key)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, value: Any) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", (kind, key, json.dumps(value)))
