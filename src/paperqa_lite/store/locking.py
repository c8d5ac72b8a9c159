"""Several processes on one embedded store: one writer at a time, and readers that see its writes.

Chroma's embedded ``PersistentClient`` keeps each collection's HNSW index in memory, per
process (chromadb 1.5.9: the Rust core loads the index once and persists it from memory
every ``hnsw:sync_threshold`` records and on exit). So:

- Two writers at once each persist their own view of the index; the last to persist
  drops the other's vectors while the SQLite metadata keeps its chunks (two CLI ingests
  of 300 papers each lost 131 of 1,395 vectors). Writers therefore hold an exclusive
  file lock (``filelock``, ``$PAPERQA_LITE_HOME/store.lock``), and wait for it, saying
  so once on stderr.
- A process whose client is older than another process's write would search, and
  worse write from, a stale index. Every write bumps a generation stamp
  (``$PAPERQA_LITE_HOME/store.generation``); a process that finds the stamp changed
  opens a fresh Chroma system for the directory (Chroma caches one per path in
  ``SharedSystemClient``, so a new client alone would reuse the stale index), which
  loads the index from disk. Reading the stamp is one small file read per Chroma
  access, so a running ``serve`` sees another process's writes in its next search.

Why not make ``serve`` own the store, or run Chroma as a server? Both work (a Chroma
server is already supported through ``store.chroma_url``), but would make the CLI
depend on a running process for every write; the lock and the stamp keep the CLI
self-contained and cost a file read per search.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

WAITING = "waiting for another writer..."

_locks: dict[str, Any] = {}
_clients: dict[str, tuple[str, Any]] = {}  # chroma dir -> (generation it was opened at, client)
_registry_lock = threading.Lock()


def _file_lock(path: Path) -> Any:
    from filelock import FileLock

    with _registry_lock:
        lock = _locks.get(str(path))
        if lock is None:
            # thread_local: each thread holds through its own descriptor, so two threads
            # of one process (two uploads in the web app) exclude each other too
            lock = _locks[str(path)] = FileLock(str(path), thread_local=True)
        return lock


@contextlib.contextmanager
def writer(home: Path) -> Iterator[None]:
    """Hold the home's write lock (re-entrant within a thread); wait, saying so, if taken."""
    from filelock import Timeout

    home.mkdir(parents=True, exist_ok=True)
    lock = _file_lock(home / "store.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(WAITING, file=sys.stderr, flush=True)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def generation(home: Path) -> str:
    """The home's write stamp ('' before the first write)."""
    try:
        return (home / "store.generation").read_text()
    except FileNotFoundError:
        return ""


def bump(home: Path, chroma_dir: Path | None) -> None:
    """Record a write (called under :func:`writer`). This process's own client already
    holds what it wrote, so it is marked current rather than reopened."""
    stamp = f"{os.getpid()}-{uuid.uuid4().hex}"
    tmp = home / f"store.generation.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(stamp)
    os.replace(tmp, home / "store.generation")  # atomic: a reader sees the old or the new stamp
    if chroma_dir is not None:
        with _registry_lock:
            if str(chroma_dir) in _clients:
                _clients[str(chroma_dir)] = (stamp, _clients[str(chroma_dir)][1])


def embedded_client(home: Path, chroma_dir: Path, chroma_settings: Callable[[], Any]) -> Any:
    """The process's client for ``chroma_dir``, reopened if another process wrote since.
    ``chroma_settings`` is called only to open one (building Chroma's settings costs more
    than a search: every search asks for the client)."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient

    stamp = generation(home)
    key = str(chroma_dir)
    with _registry_lock:
        known = _clients.get(key)
        if known is not None and known[0] == stamp:
            return known[1]
        if known is not None:
            # Forget the cached system so the new client loads the index from disk. The old
            # one is not stopped: a search running on it in another thread finishes, and it is
            # freed with its last reference.
            SharedSystemClient._identifier_to_system.pop(key, None)
            SharedSystemClient._identifier_to_refcount.pop(key, None)
        client = chromadb.PersistentClient(path=key, settings=chroma_settings())
        _clients[key] = (stamp, client)
        return client
