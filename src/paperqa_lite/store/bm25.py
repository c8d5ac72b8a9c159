"""The BM25 index on disk, beside the Chroma store, so a new process loads it instead of
rebuilding it.

Building the retriever's BM25 snapshot from Chroma costs ~30 s at 100k chunks (reading
every chunk, parsing every paper record, stemming every chunk, indexing); loading what
this module saved costs well under a second: the bm25s score matrix and the chunk texts
are memory-mapped, the tokenized corpus is read only when the index grows.

Layout: ``$PAPERQA_LITE_HOME/bm25/<collection>/`` holds version folders and ``CURRENT``
(the name of the complete one). A version is written into a temporary folder, renamed into
place, and only then named in ``CURRENT`` (``os.replace``), so a crash mid-write leaves the
previous version current; older versions are deleted after (a process that mapped one keeps
its pages until it lets go).

Freshness: a version records the store's generation stamp (:mod:`locking`), the chunk
count and the newest ``ingested_at`` it reflects; it is used only if all three still
hold, else it is grown (:func:`refresh`): chunks that left Chroma are dropped, only the
new ones are read and tokenized, and the score matrix is rebuilt from the saved token ids
(BM25's statistics are global, so every score may change).
"""

from __future__ import annotations

import json
import mmap
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import READ_PAGE, locking
from ..paper import Paper, rank_key

if TYPE_CHECKING:
    from . import Store

FORMAT = 3
Tokenizer = Callable[[list[str]], list[list[str]]]  # texts -> their tokens
Derive = Callable[[list[Paper]], dict[str, Any]]  # papers -> JSON-able data saved with them


class _Texts(Sequence[str]):
    """Chunk texts in one UTF-8 blob, memory-mapped, decoded when asked for."""

    def __init__(self, blob: Any, offsets: np.ndarray) -> None:
        self._blob, self._off = blob, offsets

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return bytes(self._blob[self._off[i]:self._off[i + 1]]).decode("utf-8")


class _Papers(Sequence[Paper]):
    """Paper records in one UTF-8 blob of JSON records, memory-mapped, each parsed when first
    asked for (a search needs a handful; parsing 50k abstracts took seconds). ``ids``,
    ``day`` (yyyymmdd, 0: unknown) and ``upvotes`` (0: unknown) are at hand for every paper."""

    def __init__(self, blob: Any, offsets: np.ndarray, ids: list[str], day: np.ndarray,
                 upvotes: np.ndarray) -> None:
        self._blob, self._off, self.ids, self.day, self.upvotes = blob, offsets, ids, day, upvotes
        self._parsed: dict[int, Paper] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = range(len(self))[i]
        p = self._parsed.get(i)
        if p is None:
            p = self._parsed[i] = Paper(**json.loads(bytes(self._blob[self._off[i]:self._off[i + 1]])))
        return p


def paper_day(p: Paper) -> int:
    """A paper's date as yyyymmdd (0: unknown), as the day filter compares it."""
    return int(re.sub(r"\D", "", p.published or "")[:8] or 0)


def _blob(path: Path) -> Any:
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""


def _write_blob(path: Path, items: list[bytes]) -> np.ndarray:
    """Write the items as one blob; their offsets (n + 1)."""
    path.write_bytes(b"".join(items))
    offsets = np.zeros(len(items) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(b) for b in items])
    return offsets


@dataclass
class Tables:
    """One collection's BM25 snapshot: papers (collection order), current chunks (grouped
    by paper, in chunk order), and the index over the chunks' titled texts."""

    generation: str
    count: int  # chunks in Chroma when read (stale versions included)
    newest: float  # newest ingested_at among the current chunks
    papers: Sequence[Paper]  # a _Papers when loaded
    versions: list[tuple[str, float]]  # paper row -> (content hash, ingested_at of its chunk 0)
    chunk_ids: list[str]
    texts: Sequence[str]
    owner: np.ndarray  # chunk row -> paper row
    bm25: Any
    extras: dict[str, Any]  # what the caller derives from the papers (``derive``), saved alike
    folder: Path | None = None  # where it was loaded from or saved to
    _tokens: tuple[np.ndarray, np.ndarray, dict[str, int]] | None = field(default=None, repr=False)

    def columns(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(id, day, upvotes) of every paper; loaded ones are not parsed for it."""
        if isinstance(self.papers, _Papers):
            return self.papers.ids, self.papers.day, self.papers.upvotes
        return ([p.id for p in self.papers], np.array([paper_day(p) for p in self.papers], dtype=np.int64),
                np.array([p.upvotes or 0 for p in self.papers], dtype=np.int64))

    def tokens(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """(token ids of every chunk in one array, each chunk's offsets into it, vocabulary)."""
        if self._tokens is None:
            assert self.folder is not None
            vocab = json.loads((self.folder / "vocab.json").read_text())
            self._tokens = (np.load(self.folder / "tokens.npy", mmap_mode="r"),
                            np.load(self.folder / "token_offsets.npy"), vocab)
        return self._tokens


def folder(store: Store) -> Path:
    return store.home / "bm25" / store.name


def is_current(store: Store, t: Tables) -> bool:
    """Whether ``t`` reflects the collection as it is: same stamp, count, newest write."""
    return (t.generation == locking.generation(store.home) and t.count == store.count_chunks()
            and not store.written_since(t.newest))


def load(store: Store, signature: str, unless: Path | None = None) -> Tables | None:
    """The saved snapshot, stale or not (None: none saved for this tokenizer, or the
    current version is the folder ``unless``, which the caller already holds)."""
    root = folder(store)
    try:
        path = root / (root / "CURRENT").read_text().strip()
        if path == unless:
            return None
        meta = json.loads((path / "meta.json").read_text())
    except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError):
        return None
    if meta.get("format") != FORMAT or meta.get("signature") != signature:
        return None
    import bm25s

    index = json.loads((path / "papers.json").read_text())
    return Tables(
        generation=meta["generation"], count=meta["count"], newest=meta["newest"],
        papers=_Papers(_blob(path / "papers.bin"), np.load(path / "paper_offsets.npy"), index["ids"],
                       np.load(path / "paper_day.npy"), np.load(path / "paper_upvotes.npy")),
        versions=[tuple(v) for v in index["versions"]],  # type: ignore[misc]
        chunk_ids=json.loads((path / "chunk_ids.json").read_text()),
        texts=_Texts(_blob(path / "texts.bin"), np.load(path / "text_offsets.npy")),
        owner=np.load(path / "owner.npy"),
        bm25=bm25s.BM25.load(path / "index", mmap=True, load_corpus=False, show_progress=False)
        if meta["chunks"] else bm25s.BM25(),
        extras=json.loads((path / "extras.json").read_text()), folder=path)


def _save(store: Store, t: Tables, signature: str, flat: np.ndarray, offsets: np.ndarray,
          vocab: dict[str, int]) -> Path:
    """Write ``t`` as a new version and make it current (see the module docstring)."""
    root = folder(store)
    root.mkdir(parents=True, exist_ok=True)
    name = f"v-{int(time.time())}-{uuid.uuid4().hex[:8]}"
    tmp = root / f"tmp-{name}"
    tmp.mkdir()
    np.save(tmp / "text_offsets.npy", _write_blob(tmp / "texts.bin", [x.encode("utf-8") for x in t.texts]))
    np.save(tmp / "paper_offsets.npy",
            _write_blob(tmp / "papers.bin", [json.dumps(p.record()).encode("utf-8") for p in t.papers]))
    np.save(tmp / "paper_day.npy", np.array([paper_day(p) for p in t.papers], dtype=np.int64))
    np.save(tmp / "paper_upvotes.npy", np.array([p.upvotes or 0 for p in t.papers], dtype=np.int64))
    np.save(tmp / "owner.npy", t.owner)
    np.save(tmp / "tokens.npy", flat)
    np.save(tmp / "token_offsets.npy", offsets)
    (tmp / "vocab.json").write_text(json.dumps(vocab))
    (tmp / "chunk_ids.json").write_text(json.dumps(t.chunk_ids))
    (tmp / "extras.json").write_text(json.dumps(t.extras))
    (tmp / "papers.json").write_text(json.dumps({"ids": [p.id for p in t.papers], "versions": t.versions}))
    if len(t.chunk_ids):
        t.bm25.save(tmp / "index", show_progress=False)
    (tmp / "meta.json").write_text(json.dumps(
        {"format": FORMAT, "signature": signature, "generation": t.generation, "count": t.count,
         "newest": t.newest, "chunks": len(t.chunk_ids), "papers": len(t.papers)}))
    os.replace(tmp, root / name)
    pointer = root / f"CURRENT.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    pointer.write_text(name)
    os.replace(pointer, root / "CURRENT")  # the switch: atomic
    # Older versions go (a process that mapped one keeps its pages), and folders of crashed
    # writers; not the newest minute's, which a concurrent writer may be about to name.
    for old in root.iterdir():
        age = time.time() - old.stat().st_mtime
        if old.is_dir() and old.name != name and (old.name.startswith("v-") and age > 60 or age > 3600):
            shutil.rmtree(old, ignore_errors=True)
    return root / name


def _read(store: Store, ids: list[str] | None) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """Chunks as (ids, texts, metadatas): every one (``ids`` None) or those ids, in pages."""
    if ids is None:
        got = store._get_all(include=["documents", "metadatas"])
        return got["ids"], got["documents"], got["metadatas"]
    out: tuple[list, list, list] = ([], [], [])
    for start in range(0, len(ids), READ_PAGE):
        got = store.collection.get(ids=ids[start:start + READ_PAGE], include=["documents", "metadatas"])
        for acc, key in zip(out, ("ids", "documents", "metadatas")):
            acc.extend(got[key] or [])
    return out


def refresh(store: Store, old: Tables | None, tokenize: Tokenizer, signature: str,
            derive: Derive = lambda papers: {}) -> Tables:
    """The collection's snapshot now, grown from ``old`` (only chunks ``old`` lacks are read
    and tokenized), with ``derive(papers)``, saved as the current version. Stale versions of
    a changed paper (an interrupted update) are left out, as :meth:`Store.contents` does."""
    stamp = locking.generation(store.home)  # before reading: a write during it makes it stale
    try:
        if old is not None:
            old.tokens()
    except FileNotFoundError:  # its version was deleted (another process saved a newer one)
        old = None
    count = store.count_chunks()
    keep: list[int] = []  # old chunk rows still in Chroma
    if old is None:
        ids, docs, metas = _read(store, None)
    else:
        known = {cid: r for r, cid in enumerate(old.chunk_ids)}
        now = store._get_all(include=[])["ids"]
        keep = sorted(known[cid] for cid in now if cid in known)
        ids, docs, metas = _read(store, [cid for cid in now if cid not in known])
    # each paper's newest version: (hash, ingested_at, record) from the old tables and new chunk 0s
    versions: dict[str, tuple[str, float, Any]] = {}
    if old is not None:
        for p in sorted({int(old.owner[r]) for r in keep}):
            versions[old.papers[p].id] = (*old.versions[p], old.papers[p])
    for m in metas:
        pid = m["paper_id"]
        if m.get("chunk") == 0 and (pid not in versions or m["ingested_at"] > versions[pid][1]):
            versions[pid] = (m["content_hash"], m["ingested_at"], m["record"])
    papers = sorted((v[2] if isinstance(v[2], Paper) else Paper(**json.loads(v[2])) for v in versions.values()),
                    key=rank_key)
    prow = {p.id: i for i, p in enumerate(papers)}
    # rows: (paper row, chunk no, id, text, ingested_at, tokens: old row r >= 0 or new -1-j)
    rows: list[tuple[int, int, str, str, float, int]] = []
    for r in keep:
        pid, h, n = old.chunk_ids[r].split("::")  # type: ignore[union-attr]  (the store's id layout)
        if pid in prow and versions[pid][0] == h:
            rows.append((prow[pid], int(n), old.chunk_ids[r], old.texts[r], versions[pid][1], r))  # type: ignore
    titled: list[str] = []  # the new chunks as they are tokenized: with their paper's title
    for cid, doc, m in zip(ids, docs, metas):
        pid = m["paper_id"]
        if pid in prow and versions[pid][0] == m["content_hash"]:
            rows.append((prow[pid], m["chunk"], cid, doc, m["ingested_at"], -1 - len(titled)))
            titled.append(f"{m.get('title', '')}. {doc}")
    rows.sort(key=lambda x: (x[0], x[1]))
    flat, offsets, vocab = _token_ids(old, rows, tokenize(titled) if titled else [])
    t = Tables(generation=stamp, count=count, newest=max((x[4] for x in rows), default=0.0), papers=papers,
               versions=[versions[p.id][:2] for p in papers], chunk_ids=[x[2] for x in rows],
               texts=[x[3] for x in rows], owner=np.array([x[0] for x in rows], dtype=np.int64),
               bm25=_index(flat, offsets, vocab), extras=derive(papers), _tokens=(flat, offsets, vocab))
    t.folder = _save(store, t, signature, flat, offsets, vocab)
    return t


def _token_ids(old: Tables | None, rows: list[tuple[int, int, str, str, float, int]],
               new: list[list[str]]) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Every row's token ids (kept from ``old`` or from the ``new`` tokens), one flat array
    with offsets, over a vocabulary grown from the old one (a token no chunk uses any more
    keeps its id: it scores nothing)."""
    flat_old, off_old, vocab = old.tokens() if old is not None else (None, None, {})
    vocab = dict(vocab)
    new_ids = [np.array([vocab.setdefault(tok, len(vocab)) for tok in toks], dtype=np.int32) for toks in new]
    parts = [flat_old[off_old[src]:off_old[src + 1]] if src >= 0 else new_ids[-1 - src]  # type: ignore[index]
             for *_, src in rows]
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(x) for x in parts])
    flat = np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, dtype=np.int32)
    return flat, offsets, vocab


def _index(flat: np.ndarray, offsets: np.ndarray, vocab: dict[str, int]) -> Any:
    """bm25s over the token ids (Lucene variant, k1=1.5, b=0.75): the same scores as
    indexing the token strings."""
    import bm25s

    bm25 = bm25s.BM25()
    if len(offsets) > 1:
        docs = [flat[offsets[i]:offsets[i + 1]].tolist() for i in range(len(offsets) - 1)]
        bm25.index((docs, dict(vocab)), show_progress=False)  # a copy: bm25s adds "" to it
    return bm25
