"""A crash-safe TinyDB storage: a journal of table commits in one JSON-lines file.

TinyDB's own ``JSONStorage`` rewrites its file in place, so a process killed mid-write leaves JSON
that no longer parses. This storage never rewrites bytes that are already on disk:

* The file's first line is a snapshot of every table, with the format name and schema version.
* Each commit appends one line holding the tables it changed (whole tables, so a line is a
  self-contained redo record), then fsyncs. A line is written with a single ``write`` and a kill
  can only leave a torn *last* line, which the next open drops: that commit was never
  acknowledged. Every commit that returned is on disk.
* When the appended lines outgrow the snapshot, the file is compacted: a new snapshot is written
  to a temporary file in the same directory, fsynced, moved over the old file with
  ``os.replace`` and the directory fsynced. Rotated backups are written the same way.

Each line carries an index of its tables (name, size in bytes, CRC-32) before the tables
themselves. Opening a large session therefore parses only the indexes and checks the CRCs (a
fast C loop); a table is parsed when it is first read, and a compaction copies the bytes of the
tables nobody read. A table whose CRC does not match was edited by hand: it is parsed at once and
reported in :attr:`Journal.unverified`, so the caller can check its documents before trusting it.

Which tables changed is known without comparing documents: TinyDB hands every modified table back
as a new ``dict`` object, so a table whose object is not the one last written is dirty. Large
collections are split over several tables by the caller, which keeps each commit small.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeAlias

import orjson
from tinydb.storages import Storage

from sessions.errors import CorruptSessionError, ReadOnlyError, SessionsError, StorageError

__all__ = [
    "FORMAT",
    "SCHEMA",
    "JournalStorage",
    "Tables",
    "UnsupportedSchemaError",
    "atomic_write",
    "backup_paths",
    "load_journal",
    "quarantine",
    "remove_abandoned_writes",
    "remove_stale_temporaries",
]

FORMAT = "rapporteur-session"
#: The schema version this code writes. Older files are brought up to it by ``MIGRATIONS``.
SCHEMA = 2
BACKUPS_KEPT = 5

Tables: TypeAlias = dict[str, dict[str, Any]]

#: ``MIGRATIONS[n]`` turns the tables of schema ``n`` into schema ``n + 1``.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {
    # Schema 2 indexed each line's tables; the tables themselves did not change.
    1: lambda tables: tables,
}

_TABLES_KEY = b',"tables":{'
_NULL_CRC = zlib.crc32(b"null")


class _Raw:
    """A table still as the bytes of its JSON in the file, parsed when first read."""

    __slots__ = ("crc", "view")

    def __init__(self, view: memoryview, crc: int) -> None:
        self.view = view
        self.crc = crc

    def decode(self) -> Any:
        return orjson.loads(self.view)


class LazyTables(MutableMapping[str, Any]):
    """The tables of a session, each parsed from the file's bytes when first read.

    ``on_parse(name, raw, table)`` is called when a table is parsed, so the storage can tell a
    table that was merely read from one that was changed.
    """

    def __init__(self, items: Iterable[tuple[str, Any]] = ()) -> None:
        self._data: dict[str, Any] = dict(items)
        self.on_parse: Callable[[str, object, Any], None] | None = None

    def __getitem__(self, name: str) -> Any:
        value = self._data[name]
        if type(value) is _Raw:
            try:
                table = value.decode()
            except orjson.JSONDecodeError as exc:
                raise CorruptSessionError(f"table {name!r} is not valid JSON") from exc
            self._data[name] = table
            if self.on_parse is not None:
                self.on_parse(name, value, table)
            return table
        return value

    def __setitem__(self, name: str, table: Any) -> None:
        self._data[name] = table

    def __delitem__(self, name: str) -> None:
        del self._data[name]

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def peek(self, name: str) -> Any:
        """A table, parsed if need be but not kept parsed (for one pass over a large session)."""
        value = self._data[name]
        return value.decode() if type(value) is _Raw else value

    def stored(self) -> dict[str, Any]:
        """Every table as it stands, parsed or not (a shallow copy)."""
        return dict(self._data)

    def plain(self) -> Tables:
        """Every table, parsed: a plain dict."""
        return {name: self[name] for name in list(self._data)}


def _encode(table: Any) -> tuple[bytes, int]:
    """A table's JSON and its CRC-32; an unread table keeps its bytes from the file."""
    if type(table) is _Raw:
        return bytes(table.view), table.crc
    data = orjson.dumps(table)
    return data, zlib.crc32(data)


def _line(head: dict[str, Any], tables: Iterable[tuple[str, Any]]) -> bytes:
    """One line of a session file: ``head``, the index of the tables, then the tables."""
    encoded = [(name, *_encode(table)) for name, table in tables]
    index = [[name, len(data), crc] for name, data, crc in encoded]
    body = b",".join(orjson.dumps(name) + b":" + data for name, data, _ in encoded)
    return orjson.dumps({**head, "index": index})[:-1] + _TABLES_KEY + body + b"}}\n"


def _split_line(
    raw: bytes, view: memoryview, start: int, end: int
) -> tuple[dict[str, Any], dict[str, Any], set[str]] | None:
    """Read one line through its index: its head, its tables (unread), the tables whose CRC
    does not match (parsed). None when the line has no index or it does not fit the line."""
    cut = raw.find(_TABLES_KEY, start, end)
    if cut < 0:
        return None
    try:
        head = orjson.loads(raw[start:cut] + b"}")
    except orjson.JSONDecodeError:
        return None
    index = head.get("index") if isinstance(head, dict) else None
    if not isinstance(index, list):
        return None
    tables: dict[str, Any] = {}
    edited: set[str] = set()
    at = cut + len(_TABLES_KEY)
    for entry in index:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
            return None
        name, size, crc = entry
        key = orjson.dumps(name) + b":"
        if not isinstance(size, int) or raw[at : at + len(key)] != key:
            return None
        at += len(key)
        piece = view[at : at + size]
        at += size
        if raw[at : at + 1] not in (b",", b"}"):
            return None
        at += 1
        if crc == _NULL_CRC and piece.tobytes() == b"null":
            tables[name] = None  # a table a commit deleted
        elif zlib.crc32(piece) == crc:
            tables[name] = _Raw(piece, crc)
        else:
            # Edited by hand, with its size kept: parse it now, for the caller to check.
            try:
                tables[name] = orjson.loads(piece)
            except orjson.JSONDecodeError:
                return None
            edited.add(name)
    if raw[(at - 1 if index else at) : end] != b"}}":
        return None
    return head, tables, edited


class UnsupportedSchemaError(SessionsError):
    """The file was written by a newer Rapporteur than this one."""


@dataclass(slots=True)
class Journal:
    """What :func:`load_journal` read from a session file."""

    tables: LazyTables
    schema: int
    seq: int
    snapshot_bytes: int
    journal_bytes: int
    torn: bool
    valid_size: int
    #: Tables this code did not write as they stand (their CRC does not match, or the file has
    #: no index): the caller checks their documents before trusting them.
    unverified: set[str]
    #: The file's complete lines, as read.
    data: bytes


def load_journal(path: Path) -> Journal:
    """Read a session file: its snapshot, then every complete commit after it.

    Tables are left as bytes until first read (see :class:`LazyTables`), except those whose
    checksum does not match, which are parsed at once and named in ``unverified``.

    Args:
        path: The session file.

    Returns:
        The tables as of the last complete commit, and how the file is laid out.

    Raises:
        CorruptSessionError: The file does not parse or has the wrong shape.
        UnsupportedSchemaError: The file comes from a newer schema.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        # The disk or the permissions refused: the file may be fine, so never "restore" over it.
        raise StorageError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    view = memoryview(raw)
    # A file written by us always ends with a newline: anything after the last one is a line
    # torn by a crash.
    last = raw.rfind(b"\n")
    valid_size = last + 1
    torn = bool(raw[valid_size:].strip())
    if last < 0:
        if torn:
            # A torn first line: the file was never complete, and never acknowledged.
            raise CorruptSessionError(f"{path.name} holds no complete snapshot")
        raise CorruptSessionError(f"{path.name} is empty")
    tables = LazyTables()
    unverified: set[str] = set()
    schema = seq = 0
    snapshot_size = 0
    start = number = 0
    while start < valid_size:
        end = raw.index(b"\n", start)
        number += 1
        if number > 1 and not raw[start:end].strip():
            start = end + 1
            continue
        head, found, edited = _read_line(raw, view, (start, end), path, number)
        if number == 1:
            schema = head["schema"]
            snapshot_size = end + 1
        following = _seq_of(head, path, number)
        if number > 1 and following != seq + 1:
            # Each commit numbers the one before it: a line deleted or moved by hand shows.
            raise CorruptSessionError(
                f"{path.name} line {number} holds commit {following} after commit {seq}: "
                "commits are missing or out of order"
            )
        seq = following
        for name, table in found.items():
            if table is None and number > 1:
                tables.pop(name, None)
                unverified.discard(name)
            else:
                tables[name] = table
                if name in edited:
                    unverified.add(name)
                else:
                    unverified.discard(name)
        start = end + 1
    if schema < SCHEMA:
        plain = tables.plain()
        for version in range(schema, SCHEMA):
            plain = MIGRATIONS[version](plain)
        tables = LazyTables(plain.items())
        unverified = set(plain)
    return Journal(
        tables=tables,
        schema=schema,
        seq=seq,
        snapshot_bytes=snapshot_size,
        journal_bytes=valid_size - snapshot_size,
        torn=torn,
        valid_size=valid_size,
        unverified=unverified,
        data=raw[:valid_size] if torn else raw,
    )


def _read_line(
    raw: bytes, view: memoryview, span: tuple[int, int], path: Path, number: int
) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """A line's head, its tables and the names of those to check (see :func:`_split_line`)."""
    start, end = span
    split = _split_line(raw, view, start, end)
    if split is not None:
        head, tables, edited = split
        if number == 1:
            _check_head(head, path)
        for name in edited:
            _check_table(tables[name], name, path, number, allow_null=number > 1)
        return head, tables, edited
    # No index, or one that no longer fits the line: an older file, or one edited by hand.
    record = _parse_line(raw[start:end], path, number)
    if number == 1:
        _check_head(record, path)
    found = _tables_of(record, path, number, allow_null=number > 1)
    return record, found, set(found)


def _check_head(head: dict[str, Any], path: Path) -> None:
    """The first line names the format and a schema this code reads (before its tables are
    looked at: a newer schema may lay them out otherwise)."""
    schema = head.get("schema")
    if head.get("format") != FORMAT or type(schema) is not int or schema < 1:
        raise CorruptSessionError(f"{path.name} is not a Rapporteur session file")
    if schema > SCHEMA:
        raise UnsupportedSchemaError(
            f"{path.name} was written by a newer Rapporteur (schema {schema}); upgrade to open it"
        )


def _parse_line(line: bytes, path: Path, number: int) -> dict[str, Any]:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise CorruptSessionError(f"{path.name} line {number} is not valid JSON") from exc
    if not isinstance(record, dict):
        raise CorruptSessionError(f"{path.name} line {number} is not a record")
    return record


def _seq_of(record: dict[str, Any], path: Path, number: int) -> int:
    seq = record.get("commit")
    if not isinstance(seq, int):
        raise CorruptSessionError(f"{path.name} line {number} has no commit number")
    return seq


def _check_table(table: Any, name: str, path: Path, number: int, *, allow_null: bool) -> None:
    if table is None and allow_null:
        return
    if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
        raise CorruptSessionError(f"{path.name} line {number}: table {name!r} is malformed")


def _tables_of(
    record: dict[str, Any], path: Path, number: int, *, allow_null: bool
) -> dict[str, Any]:
    tables = record.get("tables")
    if not isinstance(tables, dict):
        raise CorruptSessionError(f"{path.name} line {number} has no tables")
    for name, table in tables.items():
        _check_table(table, name, path, number, allow_null=allow_null)
    return tables


def atomic_write(
    path: Path,
    data: bytes,
    *,
    replaced: Callable[[], None] | None = None,
    ledger: Path | None = None,
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    Writes a temporary file in the same directory, fsyncs it, moves it over ``path`` and fsyncs
    the directory, so the rename itself is durable. ``replaced`` runs as soon as the new file is
    in place, before the directory's fsync, which can still fail.

    A file written anywhere (an export) names its temporary file in ``ledger`` while it is
    written, so :func:`remove_abandoned_writes` can delete it if the process is killed first.
    """
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    note = None
    if ledger is not None:
        note = ledger / f"{os.getpid()}-{secrets.token_hex(4)}"
        try:
            ledger.mkdir(parents=True, exist_ok=True)
            note.write_text(str(temporary.absolute()), encoding="utf-8")
        except OSError:
            # A data folder that refuses writes must not stop an export elsewhere.
            note = None
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    finally:
        if note is not None:
            with contextlib.suppress(OSError):
                note.unlink()
    if replaced is not None:
        replaced()
    fsync_directory(path.parent)


def remove_abandoned_writes(ledger: Path) -> list[Path]:
    """Delete the temporary files of writes whose process died mid-way; return what went.

    Only a temporary file of :func:`atomic_write`, named in ``ledger`` by a process that no
    longer runs, is ever deleted.
    """
    removed: list[Path] = []
    if not ledger.is_dir():
        return removed
    for note in ledger.iterdir():
        pid_text, _, _ = note.name.partition("-")
        if not _PID.fullmatch(pid_text) or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError, UnicodeDecodeError):
            temporary = Path(note.read_text(encoding="utf-8"))
            if f".tmp-{pid_text}-" in temporary.name and temporary.is_file():
                temporary.unlink()
                removed.append(temporary)
        with contextlib.suppress(OSError):
            note.unlink()
    return removed


_PID = re.compile(r"[0-9]{1,9}")


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (one of another user counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def fsync_directory(directory: Path) -> None:
    """Make a rename or creation in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete temporary files a killed writer of ``path`` left behind; return what was removed."""
    removed = []
    for stale in path.parent.glob(f"{_glob_escape(path.name)}*.tmp-*"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def backup_paths(path: Path) -> list[Path]:
    """The rotated backups of a session file, newest first (whether or not they exist)."""
    return [path.with_name(f"{path.name}.bak{n}") for n in range(1, BACKUPS_KEPT + 1)]


def quarantine(path: Path) -> Path:
    """Move an unreadable session file aside as ``*.corrupt-<time>`` and return its new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, target)
    fsync_directory(path.parent)
    return target


def snapshot_bytes(tables: MutableMapping[str, Any], seq: int) -> bytes:
    """Serialize ``tables`` as the first line of a session file (unread ones as they were)."""
    stored = tables.stored() if isinstance(tables, LazyTables) else tables
    return _line({"format": FORMAT, "schema": SCHEMA, "commit": seq}, stored.items())


class JournalStorage(Storage):
    """TinyDB storage over a journaled session file; see the module docstring.

    Use :meth:`create` for a new file. ``read`` hands TinyDB the live tables; ``write`` commits
    the tables TinyDB replaced, unless a :meth:`transaction` is open, which commits them together
    as one journal line when it ends.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        compact_min_bytes: int = 4 << 20,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.compact_min_bytes = compact_min_bytes
        self._depth = 0
        self._fd: int | None = None
        self._tables = LazyTables()
        #: Tables to check before trusting them (see :attr:`Journal.unverified`).
        self.unverified: set[str] = set()
        self._backup: threading.Thread | None = None
        journal = load_journal(path)
        self._opened = journal.data
        self._install(journal)
        if not read_only and (journal.torn or journal.schema != SCHEMA or self._wants_compaction()):
            try:
                self.compact()
            except OSError:
                if journal.schema != SCHEMA:
                    raise StorageError(
                        f"Could not upgrade {path.name} to the current format: the disk refused "
                        "the write."
                    ) from None
                # A torn tail stays on disk until the next write cuts it (see _append).

    @classmethod
    def create(cls, path: Path, tables: Tables) -> None:
        """Write a new session file holding ``tables``; refuses to overwrite one."""
        if path.exists():
            raise FileExistsError(path)
        atomic_write(path, snapshot_bytes(tables, 0))

    # -- TinyDB's interface -------------------------------------------------------------------

    def read(self) -> LazyTables:  # type: ignore[override]
        """Return the live tables; TinyDB replaces the ones it changes and calls :meth:`write`.

        Each table is parsed when first read: iterate over names, not over ``items()``, to
        avoid parsing every table of a large session.
        """
        return self._tables

    def write(self, data: MutableMapping[str, Any]) -> None:
        """Commit the tables TinyDB changed, now or when the open transaction ends."""
        if data is not self._tables:
            tables = LazyTables(data.items())
            tables.on_parse = self._parsed
            self._tables = tables
        if self._depth == 0:
            self._commit()

    def close(self) -> None:
        """Keep a backup of the state reached, release the file; later writes raise."""
        if self._backup is not None:
            self._backup.join()
            self._backup = None
        if not self.read_only:
            self.write_backup()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.read_only = True

    # -- transactions ----------------------------------------------------------------------------

    @property
    def depth(self) -> int:
        """How many transactions are open (0: writes commit at once)."""
        return self._depth

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group every write inside the block into one journal line: all of it or none of it.

        If the block raises, or the disk refuses the line, the tables are reloaded from the
        file, so memory never holds what the disk does not.
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.reload()
            raise
        self._depth -= 1
        if self._depth == 0:
            self._commit()

    def reload(self) -> None:
        """Forget what memory holds and read the file again."""
        self._install(load_journal(self.path))

    # -- internals -------------------------------------------------------------------------------

    def _install(self, journal: Journal) -> None:
        self._tables = journal.tables
        self._tables.on_parse = self._parsed
        self._clean: dict[str, Any] = journal.tables.stored()
        self.unverified = journal.unverified
        self._seq = journal.seq
        self._snapshot_bytes = journal.snapshot_bytes
        self._journal_bytes = journal.journal_bytes
        self._size = journal.valid_size

    def _parsed(self, name: str, raw: object, table: Any) -> None:
        # A table parsed for reading is not a changed table.
        if self._clean.get(name) is raw:
            self._clean[name] = table

    def _dirty(self) -> dict[str, Any]:
        stored = self._tables.stored()
        dirty: dict[str, Any] = {
            name: table for name, table in stored.items() if self._clean.get(name) is not table
        }
        for name in self._clean.keys() - stored.keys():
            dirty[name] = None
        return dirty

    def _commit(self) -> None:
        dirty = self._dirty()
        if not dirty:
            return
        if self.read_only:
            self.reload()
            raise ReadOnlyError(f"{self.path.name} is open read-only")
        line = _line({"commit": self._seq + 1}, dirty.items())
        try:
            self._append(line)
        except OSError as exc:
            self.reload()
            raise StorageError(
                f"Could not save to {self.path}: {exc.strerror or exc}; "
                "the last saved state is kept."
            ) from exc
        self._seq += 1
        self._clean = self._tables.stored()
        self._journal_bytes += len(line)
        if self._wants_compaction():
            # The commit is durable already; a failed compaction only delays the next one.
            with contextlib.suppress(OSError):
                self.compact()

    def _append(self, line: bytes) -> None:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        fd = self._fd
        if os.fstat(fd).st_size != self._size:
            # A previous append failed half-way: cut its bytes before writing after them.
            os.ftruncate(fd, self._size)
        try:
            view = memoryview(line)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._size)
                os.fsync(fd)
            raise
        self._size += len(line)

    def _wants_compaction(self) -> bool:
        return self._journal_bytes > max(self.compact_min_bytes, self._snapshot_bytes)

    def compact(self) -> None:
        """Rewrite the file as a single snapshot of the current tables (atomically)."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only")
        data = snapshot_bytes(self._tables, self._seq)

        def replaced() -> None:
            # The old inode is gone: appends must go to the new file from now on.
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            self._clean = self._tables.stored()
            self._snapshot_bytes = len(data)
            self._journal_bytes = 0
            self._size = len(data)

        atomic_write(self.path, data, replaced=replaced)

    def back_up_opened(self) -> None:
        """Keep the file as it was read at open as the newest backup, in a background thread
        (a large session is copied while the rapporteur starts working); :meth:`close` waits.

        Call it only once the state read is known to be good.
        """
        data, self._opened = self._opened, b""
        self._backup = threading.Thread(
            target=self.write_backup, args=(data,), name="backup", daemon=False
        )
        self._backup.start()

    def write_backup(self, current: bytes | None = None) -> None:
        """Keep ``current`` (by default the file as it stands) as the newest backup, rotating
        older ones, if it is new.

        Call it only on a state known to be good: the caller validates before the first one.
        """
        backups = backup_paths(self.path)
        with contextlib.suppress(OSError):
            if current is None:
                current = self.path.read_bytes()
            newest = backups[0]
            same_size = newest.exists() and newest.stat().st_size == len(current)
            if same_size and newest.read_bytes() == current:
                return
            # A failed backup must not fail the open or the close that asked for it.
            for older, newer in zip(reversed(backups[1:]), reversed(backups[:-1]), strict=True):
                if newer.exists():
                    os.replace(newer, older)
            atomic_write(backups[0], current)
