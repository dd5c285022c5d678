"""Sessions on disk: the data directory, one locked TinyDB file per session, and its repository.

A session file holds these TinyDB tables (documents keyed by their stable id):

    session            the session's metadata (one document)
    rounds             one document per round
    round:<rid>        the paragraphs of a round as imported: written once, never changed
    state:<rid>        what the rapporteur changed on those paragraphs (status, note)
    links:<rid>        lineage from the previous round to round <rid>
    amendments:<nn>    the amendments, spread over buckets so a save rewrites one small table
    events:<nnnn>      the append-only journal, in chunks for the same reason

Every change goes through :meth:`OpenSession._record`, which writes the documents and the event
describing them in one transaction, so the journal can undo anything it holds.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import orjson
from filelock import FileLock, Timeout
from platformdirs import user_data_dir
from tinydb import TinyDB
from tinydb.table import Document, Table

from sessions import codec
from sessions.delegations import canonical
from sessions.errors import (
    CorruptSessionError,
    InputError,
    NotASessionError,
    ReadOnlyError,
    SessionExistsError,
    SessionLockedError,
    SessionsError,
    StorageError,
    UnrelatedDraftError,
)
from sessions.importing import ParsedDraft
from sessions.model import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Change,
    Event,
    Link,
    LinkKind,
    Paragraph,
    Round,
    RoundInfo,
    Session,
    SessionSummary,
    Status,
    StatusValue,
)
from sessions.rounds import (
    Flag,
    Outcome,
    Reconciled,
    check_decisions,
    compile_next,
    draft_text,
    link_of,
    link_rounds,
    reconcile,
)
from sessions.storage import (
    JournalStorage,
    atomic_write,
    backup_paths,
    load_journal,
    quarantine,
    remove_abandoned_writes,
    remove_stale_temporaries,
    snapshot_bytes,
)

__all__ = ["SUFFIX", "OpenSession", "Store", "data_dir"]

#: The file name ending of a session file.
SUFFIX = ".session.jsonl"
ENV_DATA_DIR = "RAPPORTEUR_DATA_DIR"
LAST_USED = ".last-session"
#: The folder where exports in progress note their temporary files.
PENDING = ".writing"
AMENDMENT_BUCKETS = 32
EVENT_CHUNK = 128
_NAME = re.compile(r"^\w[\w.\-]{0,63}$")
# Names Windows keeps for devices: a session file called so could not be copied there.
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)]
)


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where session files live: ``explicit``, else ``$RAPPORTEUR_DATA_DIR``, else platformdirs'."""
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get(ENV_DATA_DIR):
        return Path(env).expanduser()
    return Path(user_data_dir("rapporteur", appauthor=False))


def _now() -> datetime:
    return datetime.now(UTC)


def _amendments_table(amendment_id: str) -> str:
    return f"amendments:{zlib.crc32(amendment_id.encode()) % AMENDMENT_BUCKETS:02d}"


def _events_table(seq: int) -> str:
    return f"events:{seq // EVENT_CHUNK:04d}"


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class _StrTable(Table):
    """A TinyDB table keyed by our stable string ids instead of TinyDB's integers."""

    document_id_class = str  # type: ignore[assignment]


class _SessionDB(TinyDB):
    table_class = _StrTable


def _key(key: str) -> int:
    """A string id where TinyDB's annotations say int: ``_StrTable`` keys by strings."""
    return cast("int", key)


def _document(doc: dict[str, Any], key: str) -> Document:
    return Document(doc, doc_id=_key(key))


class Store:
    """The data directory: lists, creates, opens and deletes sessions.

    Args:
        root: The data directory; created on first write.
        compact_min_bytes: How many bytes of commits a session file gathers, at least, before
            it is compacted into one snapshot.
    """

    def __init__(self, root: Path, *, compact_min_bytes: int = 4 << 20) -> None:
        self.root = root
        self.compact_min_bytes = compact_min_bytes

    def path(self, name: str) -> Path:
        """The file of the session called ``name``."""
        return self.root / f"{name}{SUFFIX}"

    @property
    def ledger(self) -> Path:
        """Where writes outside the data directory (exports) note their temporary files."""
        return self.root / PENDING

    def write_file(self, path: Path, data: bytes) -> None:
        """Write an export (or any file) atomically; if Rapporteur is killed half-way, the
        temporary file is deleted at the next open of any session.

        Raises:
            OSError: The file could not be written.
        """
        atomic_write(path, data, ledger=self.ledger)

    def remember(self, name: str, place: str = "") -> None:
        """Note ``name`` (and where in it, such as a paragraph's id) for the next start."""
        with contextlib.suppress(OSError):
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write(self.root / LAST_USED, f"{name}\n{place}".encode())

    def last_used(self) -> str | None:
        """The session last opened, if it still exists."""
        return self.last_place()[0]

    def last_place(self) -> tuple[str | None, str]:
        """The session last opened, if it still exists, and the place noted in it."""
        try:
            name, _, place = (self.root / LAST_USED).read_text(encoding="utf-8").partition("\n")
        except OSError:
            return None, ""
        name = name.strip()
        if not _NAME.match(name) or not self.exists(name):
            return None, ""
        return name, place.strip()

    def names(self) -> list[str]:
        """The names of the sessions in the data directory, sorted."""
        if not self.root.is_dir():
            return []
        return sorted(p.name[: -len(SUFFIX)] for p in self.root.glob(f"*{SUFFIX}") if p.is_file())

    def exists(self, name: str) -> bool:
        """Whether a session called ``name`` exists."""
        return self.path(name).is_file()

    def check_name(self, name: str) -> str:
        """Return ``name`` if it can name a session file, else raise :class:`InputError`."""
        if not _NAME.match(name) or name.split(".", maxsplit=1)[0].upper() in _RESERVED:
            raise InputError(
                f"{name!r} cannot name a session: use letters, digits, '.', '-' and '_' "
                "(at most 64), starting with a letter or digit."
            )
        return name

    def list_sessions(self) -> list[SessionSummary]:
        """Summaries of every session, without locking them; a damaged one says so."""
        self._check_root()
        summaries = []
        for name in self.names():
            try:
                summaries.append(self.summary(name))
            except SessionsError:
                summaries.append(
                    SessionSummary(
                        name=name,
                        title="(cannot be read: open it to restore its backup)",
                        symbol="",
                        rounds=0,
                        paragraphs=0,
                        amendments=0,
                    )
                )
        return summaries

    def _check_root(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise InputError(f"The data folder {self.root} is a file, not a folder.")

    def summary(self, name: str) -> SessionSummary:
        """A session's summary, read without taking its lock."""
        with self.open(name, read_only=True) as session:
            return session.summary()

    def create(
        self,
        name: str,
        draft: ParsedDraft,
        *,
        round_label: str = "Zero draft",
        title: str = "",
        symbol: str = "",
        body: str = "",
    ) -> OpenSession:
        """Start a session from a parsed draft, as its first round, and open it.

        Raises:
            InputError: The name cannot name a file.
            SessionExistsError: A session by that name exists.
        """
        self.check_name(name)
        self._check_root()
        path = self.path(name)
        same = [n for n in self.names() if n.casefold() == name.casefold()]
        if path.exists() or same:
            raise SessionExistsError(
                f"A session named '{same[0] if same else name}' exists already."
            )
        round_label = _round_label(round_label, "Zero draft")
        self.root.mkdir(parents=True, exist_ok=True)
        now = _now()
        session = Session(
            name=name,
            title=title or draft.title or name,
            symbol=symbol or draft.symbol,
            body=body,
            languages=(draft.language,) if draft.language else (),
            created=now,
        )
        info, paragraphs = _new_round("r1", 1, round_label, draft, now, previous=None)
        event = Event(
            seq=1,
            at=now,
            action="create",
            summary=f"Session created from {draft.source or 'a draft'}",
            undoable=False,
        )
        tables: dict[str, dict[str, Any]] = {
            "session": {"session": codec.session_doc(session)},
            "rounds": {info.id: codec.round_doc(info)},
            f"round:{info.id}": {
                p.sid: codec.paragraph_doc(p, i) for i, p in enumerate(paragraphs)
            },
            _events_table(1): {"1": codec.event_doc(event)},
        }
        lock = self._lock(name)
        try:
            JournalStorage.create(path, tables)
        except FileExistsError:
            lock.release()
            raise SessionExistsError(f"A session named '{name}' exists already.") from None
        except OSError as exc:
            lock.release()
            raise StorageError(
                f"Could not write the session to {self.root}: {exc.strerror or exc}."
            ) from None
        except BaseException:
            lock.release()
            raise
        return self._open_locked(name, lock)

    def delete(self, name: str) -> None:
        """Delete a session with its backups.

        Raises:
            NotASessionError: No such session.
            SessionLockedError: It is open elsewhere.
        """
        path = self._existing(name)
        lock = self._lock(name)
        try:
            for backup in backup_paths(path):
                backup.unlink(missing_ok=True)
            path.unlink()
        except OSError as exc:
            raise StorageError(
                f"Could not delete session '{name}': {exc.strerror or exc}."
            ) from None
        finally:
            lock.release()

    def open(self, name: str, *, read_only: bool = False, fallback: bool = False) -> OpenSession:
        """Open a session; hold its lock unless read-only.

        Args:
            name: The session.
            read_only: Open without the lock, refusing every change.
            fallback: When another process holds the lock, open read-only instead of refusing.

        Raises:
            NotASessionError: No such session.
            SessionLockedError: Another process holds it and ``fallback`` is false.
            CorruptSessionError: It cannot be read and no backup could take its place.
        """
        self._existing(name)
        with contextlib.suppress(OSError):
            remove_abandoned_writes(self.ledger)
        if read_only:
            return self._load(name, None)
        try:
            lock = self._lock(name)
        except (SessionLockedError, StorageError) as refusal:
            if not fallback:
                raise
            session = self._load(name, None)
            session.locked_elsewhere = isinstance(refusal, SessionLockedError)
            session.unwritable = isinstance(refusal, StorageError)
            return session
        return self._open_locked(name, lock)

    # -- internals -------------------------------------------------------------------------------

    def _existing(self, name: str) -> Path:
        path = self.path(name)
        if not _NAME.match(name) or not path.is_file():
            raise NotASessionError(f"No session named '{name}'; `rapporteur sessions` lists them.")
        return path

    def _lock(self, name: str) -> FileLock:
        lock = FileLock(self.root / f"{name}{SUFFIX}.lock", timeout=0, is_singleton=False)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:
            raise SessionLockedError(
                f"Session '{name}' is open in another Rapporteur; close it there first."
            ) from None
        except OSError as exc:
            # A read-only folder (a write-protected USB stick, a full or read-only disk).
            raise StorageError(
                f"Session '{name}' cannot be opened for writing: {self.root} refuses writes "
                f"({exc.strerror or exc})."
            ) from None
        return lock

    def _open_locked(self, name: str, lock: FileLock) -> OpenSession:
        path = self.path(name)
        try:
            remove_stale_temporaries(path)
            try:
                return self._load(name, lock)
            except CorruptSessionError as exc:
                return self._restore(name, lock, str(exc))
        except BaseException:
            lock.release()
            raise

    def _load(self, name: str, lock: FileLock | None) -> OpenSession:
        path = self.path(name)
        try:
            storage = JournalStorage(
                path, read_only=lock is None, compact_min_bytes=self.compact_min_bytes
            )
        except CorruptSessionError as exc:
            if lock is None:
                raise CorruptSessionError(
                    f"Session '{name}' cannot be read ({exc}); "
                    f"`rapporteur open {name}` restores its backup."
                ) from None
            raise
        try:
            session = OpenSession(name, storage, lock)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            storage.read_only = True
            storage.close()
            raise CorruptSessionError(f"{path.name} has the wrong shape: {exc}") from None
        if lock is not None:
            storage.back_up_opened()
        return session

    def _restore(self, name: str, lock: FileLock, problem: str) -> OpenSession:
        try:
            return self._restore_from_backups(name, lock, problem)
        except OSError as exc:
            raise StorageError(
                f"Session '{name}' could not be read ({problem}), and restoring its backup "
                f"failed: {exc.strerror or exc}."
            ) from None

    def _restore_from_backups(self, name: str, lock: FileLock, problem: str) -> OpenSession:
        path = self.path(name)
        kept = quarantine(path)
        for backup in backup_paths(path):
            try:
                data = backup.read_bytes()
            except OSError:
                continue
            path.write_bytes(data)
            try:
                session = self._load(name, lock)
            except CorruptSessionError:
                continue
            when = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            session.recovery = (
                f"Session '{name}' could not be read ({problem}); it was restored from its "
                f"backup of {when} and the damaged file is kept as {kept.name}."
            )
            return session
        path.unlink(missing_ok=True)
        raise CorruptSessionError(
            f"Session '{name}' could not be read ({problem}) and has no readable backup; "
            f"the damaged file is kept as {kept.name}."
        )


class _Amendments:
    """The session's amendments by id, each made from its document when first asked for.

    A large session holds thousands; the workbench needs those of one round.
    """

    def __init__(self, docs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        # Copies: TinyDB changes a stored document in place, even in a commit that then fails.
        self._docs = {aid: dict(doc) for aid, doc in docs}
        self._made: dict[str, Amendment] = {}

    def targets(self) -> Iterator[tuple[str, str | None]]:
        """Each amendment's id and target, without making the amendments."""
        for aid, doc in self._docs.items():
            yield aid, doc.get("target")

    def ids(self) -> list[str]:
        return list(self._docs)

    def round_of(self, aid: str) -> str:
        """The round an amendment was proposed in, without making it."""
        round_id: str = self._docs[aid]["round_id"]
        return round_id

    def __getitem__(self, aid: str) -> Amendment:
        made = self._made.get(aid)
        if made is None:
            made = self._made[aid] = codec.amendment_of(self._docs[aid])
        return made

    def get(self, aid: str) -> Amendment | None:
        return self[aid] if aid in self._docs else None

    def __contains__(self, aid: object) -> bool:
        return aid in self._docs

    def __len__(self) -> int:
        return len(self._docs)

    def values(self) -> list[Amendment]:
        return [self[aid] for aid in self._docs]

    def pop(self, aid: str, default: None = None) -> Amendment | None:
        if aid not in self._docs:
            return default
        made = self[aid]
        del self._docs[aid]
        del self._made[aid]
        return made

    def put(self, doc: dict[str, Any]) -> Amendment:
        made = codec.amendment_of(doc)
        self._docs[made.id] = doc
        self._made[made.id] = made
        return made


class OpenSession:
    """An open session: reads return model values, every change is saved at once as an event.

    Obtain one from :meth:`Store.open` or :meth:`Store.create`; close it (or use ``with``) to
    release its lock.
    """

    def __init__(self, name: str, storage: JournalStorage, lock: FileLock | None) -> None:
        self.name = name
        self.recovery: str | None = None
        #: Why the session is read-only when another process holds it, or its folder refused
        #: the lock file.
        self.locked_elsewhere = False
        self.unwritable = False
        self._storage = storage
        self._lock = lock
        #: Held while the session changes, and by a worker thread while it reads the session:
        #: a reader never iterates a table or a cache that a change is replacing.
        self.lock = threading.RLock()
        self._db = _SessionDB(storage=lambda: storage)
        # Tables the storage read back exactly as this code wrote them need no second look;
        # any other (an older file, or one edited by hand) is checked document by document.
        codec.check_tables(storage.read(), storage.unverified)
        self._reload_views()

    def _reload_views(self) -> None:
        """Build the in-memory views (metadata, rounds, amendments) from the tables."""
        tables = self._storage.read()
        self._session = codec.session_of(tables["session"]["session"])
        self._rounds = {rid: codec.round_of(doc) for rid, doc in tables.get("rounds", {}).items()}
        self._round_cache: dict[str, Round] = {}
        self._positions: dict[str, dict[str, int]] = {}
        # Iterate over names: reading a table parses it, and only these are needed now.
        self._amendments = _Amendments(
            (aid, doc)
            for name_ in list(tables)
            if name_.startswith("amendments:")
            for aid, doc in tables[name_].items()
        )
        self._by_target: dict[str | None, dict[str, None]] = {}
        for aid, target in self._amendments.targets():
            self._by_target.setdefault(target, {})[aid] = None
        # Events are numbered in order and chunked by number: the newest is in the last chunk.
        chunks = sorted(n for n in tables if n.startswith("events:"))
        self._last_seq = max((int(seq) for seq in tables[chunks[-1]]), default=0) if chunks else 0

    # -- lifetime ----------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        """Whether changes are refused (opened read-only, or locked by another process)."""
        return self._lock is None

    def close(self) -> None:
        """Release the file and its lock."""
        self._storage.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> OpenSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        """The session's metadata."""
        return self._session

    def rounds(self) -> list[RoundInfo]:
        """Every round, oldest first."""
        return sorted(self._rounds.values(), key=lambda r: r.index)

    def current_round(self) -> Round:
        """The latest round."""
        return self.round(self.rounds()[-1].id)

    def round(self, round_id: str) -> Round:
        """A round with its paragraphs as they stand now (statuses and notes applied).

        Raises:
            InputError: No such round.
        """
        cached = self._round_cache.get(round_id)
        if cached is not None:
            return cached
        info = self._rounds.get(round_id)
        if info is None:
            raise InputError(f"No round '{round_id}' in session '{self.name}'.")
        tables = self._storage.read()
        state = tables.get(f"state:{round_id}", {})
        docs = sorted(tables.get(f"round:{round_id}", {}).values(), key=lambda d: d["pos"])
        result = Round(
            info=info,
            paragraphs=tuple(codec.paragraph_of(d, state.get(d["sid"])) for d in docs),
        )
        self._round_cache[round_id] = result
        self._positions[round_id] = {p.sid: i for i, p in enumerate(result.paragraphs)}
        return result

    def previous_round(self, round_id: str) -> Round | None:
        """The round before ``round_id``, or None for the first."""
        rounds = self.rounds()
        index = next((k for k, info in enumerate(rounds) if info.id == round_id), 0)
        return self.round(rounds[index - 1].id) if index > 0 else None

    def changed_since_previous(self, round_id: str) -> set[str]:
        """Stable ids of the paragraphs of a round that are new or reworded since the round before.

        A paragraph keeps its stable id across rounds only when its text is unchanged (or the
        rapporteur linked it), so a stable id unknown to the previous round marks a change.
        """
        previous = self.previous_round(round_id)
        if previous is None:
            return set()
        before = {p.sid: p.text for p in previous.paragraphs}
        return {p.sid for p in self.round(round_id).paragraphs if before.get(p.sid) != p.text}

    def find_round(self, label: str) -> RoundInfo:
        """The round with that id or label (``r2``, ``Rev.1``), compared without case.

        Raises:
            InputError: No such round.
        """
        key = label.strip().casefold()
        for info in self.rounds():
            if key in (info.id.casefold(), info.label.casefold()):
                return info
        raise InputError(f"No round '{label}' in session '{self.name}'.")

    def amendments(
        self, *, round_id: str | None = None, target: str | None = None
    ) -> list[Amendment]:
        """Amendments, oldest first, optionally of one round or one paragraph."""
        known = self._amendments
        ids = self._by_target.get(target, {}) if target is not None else known.ids()
        # Filter on the stored round first: only the amendments returned are made.
        found = [known[k] for k in ids if round_id is None or known.round_of(k) == round_id]
        return sorted(found, key=lambda a: (a.created or datetime.min.replace(tzinfo=UTC), a.id))

    def proposed_paragraphs(self, round_id: str) -> list[Amendment]:
        """Amendments of a round proposing a new paragraph (with no target), oldest first."""
        known = self._amendments
        found = [known[k] for k in self._by_target.get(None, {}) if known.round_of(k) == round_id]
        return sorted(
            found,
            key=lambda a: (a.created or datetime.min.replace(tzinfo=UTC), a.id),
        )

    def amendment(self, amendment_id: str) -> Amendment:
        """One amendment by id.

        Raises:
            InputError: No such amendment.
        """
        try:
            return self._amendments[amendment_id]
        except KeyError:
            raise InputError(f"No amendment '{amendment_id}' in session '{self.name}'.") from None

    def links(self, new_round: str) -> list[Link]:
        """The lineage links from the round before ``new_round`` to it."""
        table = self._storage.read().get(f"links:{new_round}", {})
        return [codec.link_of(doc) for doc in table.values()]

    def events(self) -> list[Event]:
        """The whole journal, oldest first."""
        tables = self._storage.read()
        chunks = [name for name in tables if name.startswith("events:")]
        docs = [doc for name in chunks for doc in tables[name].values()]
        return sorted((codec.event_of(d) for d in docs), key=lambda e: e.seq)

    def last_event(self) -> Event | None:
        """The newest event, or None."""
        return self._event(self._last_seq)

    def summary(self) -> SessionSummary:
        """Counts for the sessions list: rounds, paragraphs and statuses of the latest round."""
        rounds = self.rounds()
        current = self.round(rounds[-1].id) if rounds else None
        statuses = current.status_counts() if current else {}
        last = self.last_event()
        return SessionSummary(
            name=self.name,
            title=self._session.title,
            symbol=self._session.symbol,
            rounds=len(rounds),
            paragraphs=len(current.paragraphs) if current else 0,
            amendments=len(self._amendments),
            statuses=statuses,
            changed=last.at if last else self._session.created,
        )

    # -- changing ------------------------------------------------------------------------------

    def add_round(
        self, draft: ParsedDraft, *, label: str = "", unrelated: bool = False
    ) -> ImportReport:
        """Prepare and commit the next round; see :meth:`prepare_round`."""
        return self.commit_round(self.prepare_round(draft, label=label, unrelated=unrelated))

    def prepare_round(
        self, draft: ParsedDraft, *, label: str = "", unrelated: bool = False
    ) -> PreparedRound:
        """Add a draft as the next round, linked to the previous one and reconciled with it.

        The compare engine links each paragraph to the previous round; a paragraph that continues
        one (unchanged, reworded, moved, the first piece of a split, the result of a merge) keeps
        its stable id. Each amendment still open in the previous round is then classified:
        incorporated ones are marked so, the others are carried forward to the successor
        paragraph. Preparing only reads, so a worker thread can do it while the rapporteur works;
        :meth:`commit_round` writes it all as one event, undone as one.

        Raises:
            UnrelatedDraftError: The draft continues no paragraph of a round of three or more
                (the wrong file?), unless ``unrelated`` says to import it all the same.
        """
        self._writable()
        with self.lock:
            base_seq = self._last_seq
            rounds = list(self._rounds.values())
            previous = self.current_round() if rounds else None
            amendments = self.amendments(round_id=previous.id) if previous else []
        index = max((r.index for r in rounds), default=0) + 1
        round_id = f"r{index}"
        label = _round_label(label, f"Rev.{index - 1}")
        for existing in rounds:
            if existing.label.casefold() == label.casefold():
                raise InputError(
                    f"Session '{self.name}' has a round labelled '{existing.label}' already."
                )
        if previous is not None and [
            (p.label, p.text, str(p.status)) for p in draft.paragraphs
        ] == [(p.label, p.text, str(p.status)) for p in previous.paragraphs]:
            raise InputError(
                f"{draft.source or 'This draft'} is identical to {previous.label}: "
                "nothing new to import."
            )
        info, paragraphs = _new_round(round_id, index, label, draft, _now(), previous=None)
        links: list[Link] = []
        if previous is not None:
            paragraphs, links = _lineage(previous, paragraphs, round_id)
            # A revision continues some paragraph, or at least keeps most of the labels (short
            # paragraphs reworded beyond recognition keep their numbers).
            continued = any(link.old and link.new for link in links)
            kept = {p.label for p in previous.paragraphs} & {p.label for p in draft.paragraphs}
            continued = continued or len(kept) * 2 >= len(previous.paragraphs)
            if not continued and not unrelated and len(previous.paragraphs) >= 3:
                raise UnrelatedDraftError(
                    f"{draft.source or 'This draft'} shares no paragraph with {previous.label}: "
                    "it does not look like a revision of this draft"
                )
            paragraphs = _inherit_statuses(previous, paragraphs, links)
        new_round = Round(info, tuple(paragraphs))
        changes: list[Change] = [Change("rounds", round_id, None, codec.round_doc(info))]
        reconciled: list[Reconciled] = []
        flags: list[Flag] = []
        if previous is not None:
            reconciled = reconcile(previous, new_round, links, amendments)
            flags = check_decisions(previous, new_round, links, amendments)
            changes += self._carry(reconciled, new_round, label)
        return PreparedRound(
            ImportReport(info, tuple(links), tuple(reconciled), tuple(flags)),
            tuple(paragraphs),
            tuple(changes),
            draft.source,
            draft,
            base_seq,
            unrelated,
        )

    def commit_round(self, prepared: PreparedRound) -> ImportReport:
        """Write a prepared round, its links and its reconciliation as one event.

        If the session changed while the round was prepared (a status set, an amendment
        recorded), the round is prepared again against the session as it now is.
        """
        self._writable()
        with self.lock:
            if prepared.base_seq != self._last_seq:
                prepared = self.prepare_round(
                    prepared.draft,
                    label=prepared.report.info.label,
                    unrelated=prepared.unrelated,
                )
            try:
                return self._commit_prepared(prepared)
            finally:
                self._storage_views_after_commit()

    def _storage_views_after_commit(self) -> None:
        self._round_cache.clear()
        self._positions.clear()
        self._reload_views()

    def _commit_prepared(self, prepared: PreparedRound) -> ImportReport:
        info = prepared.report.info
        if info.id in self._rounds:
            raise InputError(f"Round '{info.label}' was added meanwhile; import it again.")
        round_id, label, paragraphs = info.id, info.label, prepared.paragraphs
        links, changes, source = prepared.report.links, list(prepared.changes), prepared.source
        with self._storage.transaction():
            table = self._db.table(f"round:{round_id}")
            table.insert_multiple(
                _document(codec.paragraph_doc(p, i), p.sid) for i, p in enumerate(paragraphs)
            )
            if links:
                self._db.table(f"links:{round_id}").insert_multiple(
                    _document(codec.link_doc(link), link.key) for link in links
                )
            self._record(
                "import",
                f"Imported {source or 'a draft'} as {label} ({len(paragraphs)} paragraphs)",
                changes,
            )
        return prepared.report

    def _carry(self, reconciled: list[Reconciled], new_round: Round, label: str) -> list[Change]:
        """Mark incorporated amendments, carry the others forward to the successor paragraph."""
        now = _now()
        changes: list[Change] = []
        for item in reconciled:
            old = item.amendment
            note = old.carried
            if item.outcome is Outcome.INCORPORATED:
                status = AmendmentStatus.INCORPORATED
                # Whether the room had accepted it: only then does it explain a changed text.
                was = "accepted" if old.status is AmendmentStatus.ACCEPTED else "proposed"
                note = f"incorporated in {label} ({was})"
            elif item.outcome is Outcome.MOOT:
                status = AmendmentStatus.SUPERSEDED
            else:
                status = old.status
            if status is not old.status:
                new_doc = codec.amendment_doc(
                    replace(old, status=status, changed=now, carried=note)
                )
                changes.append(
                    Change(_amendments_table(old.id), old.id, codec.amendment_doc(old), new_doc)
                )
            if old.status.is_open and item.outcome in (Outcome.PARTLY, Outcome.NOT_REFLECTED):
                carried = replace(
                    old,
                    id=self._new_amendment_id({c.key for c in changes}),
                    round_id=new_round.id,
                    target=item.successor if old.target is not None else None,
                    new_label=old.new_label,
                    text=item.carried_text or old.text,
                    status=AmendmentStatus.PROPOSED,
                    changed=now,
                    origin=old.id,
                    carried=f"{item.outcome.value} in {label}",
                )
                changes.append(
                    Change(
                        _amendments_table(carried.id),
                        carried.id,
                        None,
                        codec.amendment_doc(carried),
                    )
                )
        return changes

    def compile_next(self, *, renumber: bool = False) -> tuple[str, list[str]]:
        """The next round as the accepted amendments of the current one make it, as draft text.

        Returns:
            The draft as a labelled text file (see :func:`sessions.rounds.draft_text`) and notes
            on amendments that could not be applied.
        """
        meta = self._session
        current = self.current_round()
        draft, notes = compile_next(
            current,
            self.amendments(round_id=current.id),
            title=meta.title,
            symbol=meta.symbol,
            renumber=renumber,
            language=meta.languages[0] if meta.languages else "en",
        )
        return draft_text(draft), notes

    def links_between(self, old_round: str, new_round: str) -> list[Link]:
        """Links from one round to another: stored for consecutive rounds, computed otherwise."""
        rounds = [r.id for r in self.rounds()]
        if old_round not in rounds or new_round not in rounds:
            raise InputError("Those rounds are not in this session.")
        if rounds.index(new_round) == rounds.index(old_round) + 1:
            return self.links(new_round)
        old, new = self.round(old_round), self.round(new_round)
        return [
            replace(
                link_of(a, old, [p.sid for p in new.paragraphs], [p.label for p in new.paragraphs]),
                new_round=new_round,
            )
            for a in link_rounds(old, new.paragraphs)
        ]

    def relink(self, new_round: str, old: Iterable[str], new: Iterable[str]) -> list[Link]:
        """Link paragraphs by hand and recompute the other links around the fixed ones.

        Args:
            new_round: The later of two consecutive rounds.
            old: Stable ids in the round before (none: the new paragraphs were added).
            new: Stable ids in ``new_round`` (none: the old paragraphs were deleted).

        Returns:
            The links of the round, fixed ones kept by every later computation.
        """
        self._writable()
        rounds = [r.id for r in self.rounds()]
        if new_round not in rounds or rounds.index(new_round) == 0:
            raise InputError("Links join a round to the one before it.")
        previous = self.round(rounds[rounds.index(new_round) - 1])
        current = self.round(new_round)
        olds, news = tuple(old), tuple(new)
        if not olds and not news:
            raise InputError("Link at least one paragraph.")
        if any(previous.by_sid(s) is None for s in olds) or any(
            current.by_sid(s) is None for s in news
        ):
            raise InputError("Those paragraphs are not in the two rounds.")
        kind = (
            LinkKind.MERGED
            if len(olds) > 1
            else LinkKind.SPLIT
            if len(news) > 1
            else LinkKind.MODIFIED
        )
        if not olds:
            kind = LinkKind.ADDED
        elif not news:
            kind = LinkKind.DELETED
        chosen = Link(previous.id, new_round, olds, news, kind, 0.0, fixed=True)
        kept = [
            link
            for link in self.links(new_round)
            if link.fixed and not (set(link.old) & set(olds) or set(link.new) & set(news))
        ]
        alignments = link_rounds(previous, current.paragraphs, fixed=[*kept, chosen])
        sids = [p.sid for p in current.paragraphs]
        labels = [p.label for p in current.paragraphs]
        fresh = [
            replace(link_of(a, previous, sids, labels), new_round=new_round) for a in alignments
        ]
        table = f"links:{new_round}"
        before = self._storage.read().get(table, {})
        after = {link.key: codec.link_doc(link) for link in fresh}
        changes = [
            Change(table, key, _plain(before.get(key)), after.get(key))
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)
        ]
        changes += self._follow_successors(new_round, fresh)
        shown_old = "+".join(previous.by_sid(s).label for s in olds) or "(new)"  # type: ignore[union-attr]
        shown_new = "+".join(current.by_sid(s).label for s in news) or "(deleted)"  # type: ignore[union-attr]
        self._record("link", f"Linked {shown_old} to {shown_new} by hand", changes)
        return self.links(new_round)

    def _follow_successors(self, round_id: str, links: list[Link]) -> list[Change]:
        """Amendments carried into a round move with the links: to the paragraph that now
        continues the one they were proposed to."""
        successor: dict[str, str] = {}
        for link in links:
            for old in link.old:
                if link.new:
                    successor.setdefault(old, link.new[0])
        changes = []
        now = _now()
        for amendment in self.amendments(round_id=round_id):
            original = self._amendments.get(amendment.origin) if amendment.origin else None
            if original is None or original.target is None:
                continue
            target = successor.get(original.target)
            if target is not None and target != amendment.target:
                moved = replace(amendment, target=target, changed=now)
                changes.append(
                    Change(
                        _amendments_table(amendment.id),
                        amendment.id,
                        codec.amendment_doc(amendment),
                        codec.amendment_doc(moved),
                    )
                )
        return changes

    def reconciliation(self, round_id: str) -> list[Amendment]:
        """Amendments carried forward into a round from the one before it."""
        return [a for a in self.amendments(round_id=round_id) if a.origin]

    def decision_flags(self, round_id: str) -> list[Flag]:
        """Decisions of the previous round that the round ``round_id`` contradicts."""
        previous = self.previous_round(round_id)
        if previous is None:
            return []
        return check_decisions(
            previous,
            self.round(round_id),
            self.links(round_id),
            self.amendments(round_id=previous.id),
        )

    def history(self, round_id: str, sid: str) -> list[tuple[Round, Paragraph]]:
        """A paragraph through every round: its predecessors and successors along the links."""
        rounds = self.rounds()
        position = next(k for k, r in enumerate(rounds) if r.id == round_id)
        chain: list[tuple[Round, Paragraph]] = []
        current = self.round(round_id)
        paragraph = current.by_sid(sid)
        if paragraph is None:
            raise InputError(f"No paragraph '{sid}' in round '{round_id}'.")
        chain.append((current, paragraph))
        wanted = {sid}
        for k in range(position, 0, -1):
            older = self.round(rounds[k - 1].id)
            wanted = {
                o for link in self.links(rounds[k].id) if set(link.new) & wanted for o in link.old
            }
            found = [p for p in older.paragraphs if p.sid in wanted]
            chain[:0] = [(older, p) for p in found]
        wanted = {sid}
        for k in range(position + 1, len(rounds)):
            newer = self.round(rounds[k].id)
            wanted = {
                n for link in self.links(rounds[k].id) if set(link.old) & wanted for n in link.new
            }
            chain.extend((newer, p) for p in newer.paragraphs if p.sid in wanted)
        return chain

    def set_status(
        self, round_id: str, sid: str, status: StatusValue, *, note: str | None = None
    ) -> Paragraph:
        """Set a paragraph's status (and, if given, the rapporteur's note on it)."""
        paragraph = self._paragraph(round_id, sid)
        if isinstance(status, str) and not isinstance(status, Status) and not status.strip():
            raise InputError("A custom status cannot be empty.")
        table = f"state:{round_id}"
        before = self._doc(table, sid)
        after = dict(before or {})
        after["status"] = str(status)
        if note is not None:
            after["note"] = note
        self._record(
            "status",
            f"{paragraph.label}: {_status_words(paragraph.status)} -> {_status_words(status)}",
            [Change(table, sid, before, after)],
        )
        return self._paragraph(round_id, sid)

    def set_note(self, round_id: str, sid: str, note: str) -> Paragraph:
        """Set the rapporteur's own note on a paragraph."""
        paragraph = self._paragraph(round_id, sid)
        table = f"state:{round_id}"
        before = self._doc(table, sid)
        after = {**(before or {"status": str(paragraph.status)}), "note": note}
        self._record("note", f"{paragraph.label}: note", [Change(table, sid, before, after)])
        return self._paragraph(round_id, sid)

    def add_amendment(
        self,
        *,
        round_id: str,
        kind: AmendmentKind,
        proposer: str,
        target: str | None = None,
        new_label: str = "",
        text: str = "",
        anchor: str = "",
        supporters: Iterable[str] = (),
        objectors: Iterable[str] = (),
        justification: str = "",
        illustrative: bool = False,
    ) -> Amendment:
        """Record a new amendment, proposed now."""
        if round_id not in self._rounds:
            raise InputError(f"No round '{round_id}' in session '{self.name}'.")
        if target is not None:
            self._paragraph(round_id, target)
        elif kind is not AmendmentKind.NEW_PARAGRAPH:
            raise InputError("Only a new paragraph can be proposed without a target paragraph.")
        if not proposer.strip():
            raise InputError("An amendment needs a proposer.")
        now = _now()
        amendment = Amendment(
            id=self._new_amendment_id(),
            round_id=round_id,
            kind=kind,
            proposer=canonical(proposer.strip()),
            target=target,
            new_label=new_label.strip(),
            text=text,
            anchor=anchor,
            supporters=_delegations(supporters),
            objectors=_delegations(objectors),
            justification=justification,
            created=now,
            changed=now,
            illustrative=illustrative,
        )
        where = self._where(amendment)
        self._record(
            "amend",
            f"{where}: {amendment.proposer} proposes to {kind.value.replace('_', ' ')}",
            [
                Change(
                    _amendments_table(amendment.id),
                    amendment.id,
                    None,
                    codec.amendment_doc(amendment),
                )
            ],
        )
        return self._amendments[amendment.id]

    def update_amendment(self, amendment_id: str, **fields: Any) -> Amendment:
        """Change fields of an amendment (``status``, ``text``, ``supporters`` ...)."""
        old = self.amendment(amendment_id)
        allowed = {
            "kind",
            "proposer",
            "target",
            "new_label",
            "text",
            "anchor",
            "supporters",
            "objectors",
            "justification",
            "status",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise InputError(f"An amendment has no field {', '.join(sorted(unknown))}.")
        if "proposer" in fields:
            fields["proposer"] = canonical(str(fields["proposer"]).strip())
        if "supporters" in fields:
            fields["supporters"] = _delegations(fields["supporters"])
        if "objectors" in fields:
            fields["objectors"] = _delegations(fields["objectors"])
        new = replace(old, **fields, changed=_now())
        what = ", ".join(sorted(fields))
        if set(fields) == {"status"}:
            what = f"{old.status.value} -> {new.status.value}"
        self._record(
            "amendment",
            f"{self._where(old)}: {old.proposer}'s amendment: {what}",
            [
                Change(
                    _amendments_table(old.id),
                    old.id,
                    codec.amendment_doc(old),
                    codec.amendment_doc(new),
                )
            ],
        )
        return self._amendments[old.id]

    def set_amendment_status(self, amendment_id: str, status: AmendmentStatus) -> Amendment:
        """Accept, reject, withdraw ... an amendment."""
        return self.update_amendment(amendment_id, status=status)

    def support(self, amendment_id: str, delegation: str) -> Amendment:
        """Record a delegation's support (and drop an objection it had made)."""
        old = self.amendment(amendment_id)
        return self.update_amendment(
            amendment_id,
            supporters=(*old.supporters, delegation),
            objectors=tuple(d for d in old.objectors if d.casefold() != delegation.casefold()),
        )

    def object(self, amendment_id: str, delegation: str) -> Amendment:
        """Record a delegation's objection (and drop a support it had given)."""
        old = self.amendment(amendment_id)
        return self.update_amendment(
            amendment_id,
            objectors=(*old.objectors, delegation),
            supporters=tuple(d for d in old.supporters if d.casefold() != delegation.casefold()),
        )

    def fix_link(self, link: Link) -> Link:
        """Store a lineage link set by hand; later computations keep it."""
        if link.new_round not in self._rounds or link.old_round not in self._rounds:
            raise InputError("A link joins two rounds of this session.")
        fixed = replace(link, fixed=True)
        table = f"links:{fixed.new_round}"
        self._record(
            "link",
            f"Linked {'+'.join(fixed.old) or '-'} to {'+'.join(fixed.new) or '-'} by hand",
            [Change(table, fixed.key, self._doc(table, fixed.key), codec.link_doc(fixed))],
        )
        return fixed

    def update_session(self, **fields: Any) -> Session:
        """Change the session's title, symbol, body or languages."""
        allowed = {"title", "symbol", "body", "languages"}
        if set(fields) - allowed:
            raise InputError(f"A session has no field {', '.join(sorted(set(fields) - allowed))}.")
        new = replace(self._session, **fields)
        self._record(
            "session",
            f"Session: {', '.join(sorted(fields))}",
            [
                Change(
                    "session", "session", codec.session_doc(self._session), codec.session_doc(new)
                )
            ],
        )
        return self._session

    def undo(self) -> Event | None:
        """Revert the last change not yet undone; return the undo event, or None if none is left."""
        self._writable()
        target = self._undo_target()
        if target is None:
            return None
        inverse = [Change(c.table, c.key, c.after, c.before) for c in reversed(target.changes)]
        return self._record("undo", f"Undo: {target.summary}", inverse, undoes=target.seq)

    def compact(self) -> None:
        """Rewrite the session file as one snapshot."""
        self._writable()
        self._storage.compact()

    def tables(self) -> dict[str, dict[str, Any]]:
        """A deep copy of every table of the session, for the lossless JSON export."""
        copied: dict[str, dict[str, Any]] = orjson.loads(orjson.dumps(self._storage.read().plain()))
        return copied

    def iter_tables(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every table, in the order of their names, each parsed only while it is used: one pass
        over a large session without holding all of it in memory. Do not change what it yields;
        hold :attr:`lock` while iterating from a worker thread."""
        tables = self._storage.read()
        for name in sorted(tables):
            yield name, tables.peek(name)

    def export_snapshot(self) -> bytes:
        """The session's whole file content as one snapshot, for archives and tests."""
        return snapshot_bytes(self._storage.read(), self._last_seq)

    # -- internals -------------------------------------------------------------------------------

    @property
    def why_read_only(self) -> str:
        """Why changes are refused, in words ("" when they are not)."""
        if not self.read_only:
            return ""
        if self.locked_elsewhere:
            return "open in another Rapporteur"
        if self.unwritable:
            return "in a folder that refuses writes"
        return "opened read-only"

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"Session '{self.name}' is {self.why_read_only}; changes are not saved."
            )

    def _paragraph(self, round_id: str, sid: str) -> Paragraph:
        current = self.round(round_id)
        position = self._positions.get(round_id, {}).get(sid)
        paragraph = current.paragraphs[position] if position is not None else None
        if paragraph is None:
            raise InputError(f"No paragraph '{sid}' in round '{round_id}'.")
        return paragraph

    def _doc(self, table: str, key: str) -> dict[str, Any] | None:
        doc = self._storage.read().get(table, {}).get(key)
        return orjson.loads(orjson.dumps(doc)) if doc is not None else None

    def _where(self, amendment: Amendment) -> str:
        if amendment.target is None:
            return amendment.new_label or "new paragraph"
        with contextlib.suppress(InputError):
            return self._paragraph(amendment.round_id, amendment.target).label
        return amendment.target

    def _new_amendment_id(self, taken: set[str] = frozenset()) -> str:  # type: ignore[assignment]
        while True:
            candidate = "a" + secrets.token_hex(5)
            if candidate not in self._amendments and candidate not in taken:
                return candidate

    def _event(self, seq: int) -> Event | None:
        doc = self._storage.read().get(_events_table(seq), {}).get(str(seq))
        return codec.event_of(doc) if doc is not None else None

    def _undo_target(self) -> Event | None:
        undone: set[int] = set()
        for seq in range(self._last_seq, 0, -1):
            event = self._event(seq)
            if event is None or seq in undone:
                continue
            if event.undoes is not None:
                undone.add(event.undoes)
                continue
            return event if event.undoable else None
        return None

    def _record(
        self,
        action: str,
        summary: str,
        changes: list[Change],
        *,
        undoes: int | None = None,
    ) -> Event:
        """Apply ``changes`` and journal them as one event, in one transaction.

        Inside an outer transaction (an import), the in-memory views are left alone: the caller
        rebuilds them once the whole transaction is on disk, or after it failed.
        """
        self._writable()
        with self.lock:
            return self._record_locked(action, summary, changes, undoes=undoes)

    def _record_locked(
        self,
        action: str,
        summary: str,
        changes: list[Change],
        *,
        undoes: int | None = None,
    ) -> Event:
        event = Event(
            seq=self._last_seq + 1,
            at=_now(),
            action=action,
            summary=summary,
            changes=tuple(changes),
            undoes=undoes,
        )
        try:
            with self._storage.transaction():
                for change in changes:
                    self._apply(change)
                self._db.table(_events_table(event.seq)).insert(
                    _document(codec.event_doc(event), str(event.seq))
                )
        except BaseException:
            if self._storage.depth == 0:
                # The storage read the file back: the views follow it, whatever it now holds.
                self._reload_views()
            raise
        self._last_seq = event.seq
        if self._storage.depth == 0:
            for change in changes:
                self._refresh(change)
        return event

    def _apply(self, change: Change) -> None:
        table = self._db.table(change.table)
        after = change.after
        if after is None:
            table.remove(doc_ids=[_key(change.key)])
            if change.table == "rounds":
                for prefix in ("round", "state", "links"):
                    self._db.drop_table(f"{prefix}:{change.key}")
        elif table.contains(doc_id=_key(change.key)):
            table.update(_replacer(after), doc_ids=[_key(change.key)])
        else:
            table.insert(_document(after, change.key))

    def _refresh_paragraph(self, round_id: str, sid: str, state: dict[str, Any] | None) -> None:
        """Rebuild one paragraph of a cached round, not the whole round."""
        cached = self._round_cache.get(round_id)
        position = self._positions.get(round_id, {}).get(sid)
        if cached is None or position is None:
            self._round_cache.pop(round_id, None)
            return
        doc = self._storage.read()[f"round:{round_id}"][sid]
        paragraphs = list(cached.paragraphs)
        paragraphs[position] = codec.paragraph_of(doc, state)
        self._round_cache[round_id] = replace(cached, paragraphs=tuple(paragraphs))

    def _refresh(self, change: Change) -> None:
        """Bring the in-memory views up to date after a committed change."""
        name, _, suffix = change.table.partition(":")
        after = change.after
        if name == "session" and after is not None:
            self._session = codec.session_of(after)
        elif name == "rounds":
            self._round_cache.pop(change.key, None)
            if after is None:
                self._rounds.pop(change.key, None)
            else:
                self._rounds[change.key] = codec.round_of(after)
        elif name == "state":
            self._refresh_paragraph(suffix, change.key, after)
        elif name == "amendments":
            old = self._amendments.pop(change.key, None)
            if old is not None:
                self._by_target.get(old.target, {}).pop(old.id, None)
            if after is not None:
                new = self._amendments.put(after)
                self._by_target.setdefault(new.target, {})[new.id] = None


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What importing a revision found: its links, the fate of open amendments, decision flags."""

    info: RoundInfo
    links: tuple[Link, ...]
    reconciled: tuple[Reconciled, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class PreparedRound:
    """A round ready to be written: what :meth:`OpenSession.prepare_round` computed."""

    report: ImportReport
    paragraphs: tuple[Paragraph, ...]
    changes: tuple[Change, ...]
    source: str
    draft: ParsedDraft
    base_seq: int
    #: Whether it was prepared in spite of sharing no paragraph with the round before.
    unrelated: bool = False


def _plain(doc: Any) -> dict[str, Any] | None:
    return orjson.loads(orjson.dumps(doc)) if doc is not None else None


def _lineage(
    previous: Round, paragraphs: list[Paragraph], round_id: str
) -> tuple[list[Paragraph], list[Link]]:
    """Give each paragraph that continues one of the previous round that paragraph's stable id."""
    alignments = link_rounds(previous, paragraphs)
    sids = [p.sid for p in paragraphs]
    taken: set[str] = set()
    for alignment in alignments:
        if alignment.old and alignment.new:
            inherited = previous.paragraphs[alignment.old[0]].sid
            if inherited not in taken:
                sids[alignment.new[0]] = inherited
                taken.add(inherited)
    # A fresh id must not collide with one inherited from the previous round.
    for k, sid in enumerate(sids):
        if sid not in taken and previous.by_sid(sid) is not None:
            sids[k] = _fresh_sid(set(sids), previous)
    labels = [p.label for p in paragraphs]
    links = [replace(link_of(a, previous, sids, labels), new_round=round_id) for a in alignments]
    return [replace(p, sid=s) for p, s in zip(paragraphs, sids, strict=True)], links


def _inherit_statuses(
    previous: Round, paragraphs: list[Paragraph], links: list[Link]
) -> list[Paragraph]:
    """A paragraph the revision leaves unchanged and says nothing about keeps its status.

    Revisions often carry no status notes at all; reading that silence as "open" would undo what
    the room decided. A reworded paragraph takes what the revision says: the decision check
    flags it if it had been agreed.
    """
    unchanged = {
        link.new[0]: link.old[0]
        for link in links
        if link.kind in (LinkKind.UNCHANGED, LinkKind.MOVED) and len(link.old) == len(link.new) == 1
    }
    result = []
    for paragraph in paragraphs:
        before = (
            previous.by_sid(unchanged.get(paragraph.sid, ""))
            if paragraph.sid in unchanged
            else None
        )
        if (
            before is not None
            and not paragraph.status_note
            and paragraph.status is Status.OPEN
            and before.text == paragraph.text
            and before.status is not Status.OPEN
        ):
            result.append(replace(paragraph, status=before.status))
        else:
            result.append(paragraph)
    return result


def _replacer(doc: dict[str, Any]) -> Any:
    def replace_fields(current: dict[str, Any]) -> None:
        current.clear()
        current.update(doc)

    return replace_fields


def _round_label(label: str, default: str) -> str:
    """A round's label: one short line, or the default when empty."""
    clean = " ".join(label.split())
    if not clean:
        return default
    if len(clean) > 40 or not clean.isprintable():
        raise InputError(
            f"A round's label is one short line (at most 40 characters): {clean[:40]!r}…"
        )
    return clean


def _delegations(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        clean = canonical(" ".join(name.split())) if name.strip() else ""
        if clean and clean.casefold() not in seen:
            seen[clean.casefold()] = clean
    return tuple(seen.values())


def _status_words(status: StatusValue) -> str:
    return status.words if isinstance(status, Status) else str(status)


def _new_round(
    round_id: str,
    index: int,
    label: str,
    draft: ParsedDraft,
    now: datetime,
    *,
    previous: Round | None,
) -> tuple[RoundInfo, list[Paragraph]]:
    reuse: dict[str, str] = {}
    if previous is not None:
        counts: dict[str, int] = {}
        for p in previous.paragraphs:
            counts[_norm(p.text)] = counts.get(_norm(p.text), 0) + 1
        reuse = {_norm(p.text): p.sid for p in previous.paragraphs if counts[_norm(p.text)] == 1}
    taken: set[str] = set()
    paragraphs: list[Paragraph] = []
    for parsed in draft.paragraphs:
        sid = reuse.get(_norm(parsed.text), "")
        if not sid or sid in taken:
            sid = _fresh_sid(taken, previous)
        taken.add(sid)
        paragraphs.append(
            Paragraph(
                sid=sid,
                label=parsed.label,
                kind=parsed.kind,
                text=parsed.text,
                number=parsed.number,
                suffix=parsed.suffix,
                lead=parsed.lead,
                section=parsed.section,
                status=parsed.status,
                status_note=parsed.status_note,
            )
        )
    info = RoundInfo(
        id=round_id,
        index=index,
        label=label,
        source=draft.source,
        imported_at=now,
        paragraph_count=len(paragraphs),
        formula=draft.formula,
    )
    return info, paragraphs


def _fresh_sid(taken: set[str], previous: Round | None) -> str:
    while True:
        sid = "p" + secrets.token_hex(4)
        if sid not in taken and (previous is None or previous.by_sid(sid) is None):
            return sid


def iter_session_files(root: Path) -> Iterator[Path]:
    """Every session file in a data directory."""
    yield from sorted(root.glob(f"*{SUFFIX}"))


def read_tables(path: Path) -> dict[str, dict[str, Any]]:
    """The tables of a session file as of its last complete commit (for tools and tests)."""
    return load_journal(path).tables.plain()
