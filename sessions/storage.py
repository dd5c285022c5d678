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

Which tables changed is known without comparing documents: TinyDB hands every modified table back
as a new ``dict`` object, so a table whose object is not the one last written is dirty. Large
collections are split over several tables by the caller, which keeps each commit small.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
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
SCHEMA = 1
BACKUPS_KEPT = 5

Tables: TypeAlias = dict[str, dict[str, Any]]

#: ``MIGRATIONS[n]`` turns the tables of schema ``n`` into schema ``n + 1``.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


class UnsupportedSchemaError(SessionsError):
    """The file was written by a newer Rapporteur than this one."""


@dataclass(slots=True)
class Journal:
    """What :func:`load_journal` read from a session file."""

    tables: Tables
    schema: int
    seq: int
    snapshot_bytes: int
    journal_bytes: int
    torn: bool
    valid_size: int


def load_journal(path: Path) -> Journal:
    """Read a session file: its snapshot, then every complete commit after it.

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
    lines = raw.split(b"\n")
    # A file written by us always ends with a newline, so the last element is b"" unless the
    # last write was torn by a crash.
    tail = lines.pop()
    torn = bool(tail.strip())
    valid_size = len(raw) - len(tail)
    if not lines:
        if torn:
            # A torn first line: the file was never complete, and never acknowledged.
            raise CorruptSessionError(f"{path.name} holds no complete snapshot")
        raise CorruptSessionError(f"{path.name} is empty")
    head = _parse_line(lines[0], path, 1)
    if head.get("format") != FORMAT or not isinstance(head.get("schema"), int):
        raise CorruptSessionError(f"{path.name} is not a Rapporteur session file")
    schema = head["schema"]
    if schema > SCHEMA:
        raise UnsupportedSchemaError(
            f"{path.name} was written by a newer Rapporteur (schema {schema}); upgrade to open it"
        )
    tables = _tables_of(head, path, 1, allow_null=False)
    seq = _seq_of(head, path, 1)
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        record = _parse_line(line, path, number)
        seq = _seq_of(record, path, number)
        for name, table in _tables_of(record, path, number, allow_null=True).items():
            if table is None:
                tables.pop(name, None)
            else:
                tables[name] = table
    for version in range(schema, SCHEMA):
        tables = MIGRATIONS[version](tables)
    return Journal(
        tables=tables,
        schema=schema,
        seq=seq,
        snapshot_bytes=len(lines[0]) + 1,
        journal_bytes=valid_size - len(lines[0]) - 1,
        torn=torn,
        valid_size=valid_size,
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


def _tables_of(
    record: dict[str, Any], path: Path, number: int, *, allow_null: bool
) -> dict[str, Any]:
    tables = record.get("tables")
    if not isinstance(tables, dict):
        raise CorruptSessionError(f"{path.name} line {number} has no tables")
    for name, table in tables.items():
        if table is None and allow_null:
            continue
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise CorruptSessionError(f"{path.name} line {number}: table {name!r} is malformed")
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
        ledger.mkdir(parents=True, exist_ok=True)
        note = ledger / f"{os.getpid()}-{secrets.token_hex(4)}"
        note.write_text(str(temporary.absolute()), encoding="utf-8")
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
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError, UnicodeDecodeError):
            temporary = Path(note.read_text(encoding="utf-8"))
            if f".tmp-{pid_text}-" in temporary.name and temporary.is_file():
                temporary.unlink()
                removed.append(temporary)
        with contextlib.suppress(OSError):
            note.unlink()
    return removed


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


def snapshot_bytes(tables: Tables, seq: int) -> bytes:
    """Serialize ``tables`` as the first line of a session file."""
    return (
        orjson.dumps({"format": FORMAT, "schema": SCHEMA, "commit": seq, "tables": tables}) + b"\n"
    )


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
        self._tables: Tables = {}
        journal = load_journal(path)
        self._install(journal)
        if not read_only and (journal.torn or journal.schema != SCHEMA or self._wants_compaction()):
            try:
                self.compact()
            except OSError:
                if journal.schema != SCHEMA:
                    raise StorageError(
                        f"could not upgrade {path.name} to the current format: the disk refused "
                        "the write"
                    ) from None
                # A torn tail stays on disk until the next write cuts it (see _append).

    @classmethod
    def create(cls, path: Path, tables: Tables) -> None:
        """Write a new session file holding ``tables``; refuses to overwrite one."""
        if path.exists():
            raise FileExistsError(path)
        atomic_write(path, snapshot_bytes(tables, 0))

    # -- TinyDB's interface -------------------------------------------------------------------

    def read(self) -> Tables:
        """Return the live tables; TinyDB replaces the ones it changes and calls :meth:`write`."""
        return self._tables

    def write(self, data: Tables) -> None:
        """Commit the tables TinyDB changed, now or when the open transaction ends."""
        self._tables = data
        if self._depth == 0:
            self._commit()

    def close(self) -> None:
        """Keep a backup of the state reached, release the file; later writes raise."""
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
        self._clean: dict[str, dict[str, Any]] = dict(journal.tables)
        self._seq = journal.seq
        self._snapshot_bytes = journal.snapshot_bytes
        self._journal_bytes = journal.journal_bytes
        self._size = journal.valid_size

    def _dirty(self) -> dict[str, dict[str, Any] | None]:
        dirty: dict[str, dict[str, Any] | None] = {
            name: table
            for name, table in self._tables.items()
            if self._clean.get(name) is not table
        }
        for name in self._clean.keys() - self._tables.keys():
            dirty[name] = None
        return dirty

    def _commit(self) -> None:
        dirty = self._dirty()
        if not dirty:
            return
        if self.read_only:
            self.reload()
            raise ReadOnlyError(f"{self.path.name} is open read-only")
        line = orjson.dumps({"commit": self._seq + 1, "tables": dirty}) + b"\n"
        try:
            self._append(line)
        except OSError as exc:
            self.reload()
            raise StorageError(
                f"could not save to {self.path}: {exc.strerror or exc}; "
                "the last saved state is kept"
            ) from exc
        self._seq += 1
        self._clean = dict(self._tables)
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
            self._clean = dict(self._tables)
            self._snapshot_bytes = len(data)
            self._journal_bytes = 0
            self._size = len(data)

        atomic_write(self.path, data, replaced=replaced)

    def write_backup(self) -> None:
        """Keep the file as it stands as the newest backup, rotating older ones, if it is new.

        Call it only on a state known to be good: the caller validates before the first one.
        """
        backups = backup_paths(self.path)
        with contextlib.suppress(OSError):
            current = self.path.read_bytes()
            if backups[0].exists() and backups[0].read_bytes() == current:
                return
            # A failed backup must not fail the open or the close that asked for it.
            for older, newer in zip(reversed(backups[1:]), reversed(backups[:-1]), strict=True):
                if newer.exists():
                    os.replace(newer, older)
            atomic_write(backups[0], current)
