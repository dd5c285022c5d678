"""The one exception hierarchy of the domain, each carrying a sentence a rapporteur can read.

    SessionsError
    ├── InputError             bad input from a user: a name, a file, a field
    │   ├── NotASessionError   no session of that name
    │   └── SessionExistsError a session of that name already exists
    ├── SessionLockedError     another process holds the session
    ├── ReadOnlyError          a write on a session opened read-only
    ├── CorruptSessionError    a session file that cannot be read and could not be restored
    └── StorageError           the disk refused a write (full, read-only, gone)

The command line prints ``str(error)`` and exits with code 2; the TUI shows it in a notification.
"""

from __future__ import annotations

__all__ = [
    "CorruptSessionError",
    "InputError",
    "NotASessionError",
    "ReadOnlyError",
    "SessionExistsError",
    "SessionLockedError",
    "SessionsError",
    "StorageError",
]


class SessionsError(Exception):
    """Base of every error the domain raises on purpose; its message is one sentence."""


class InputError(SessionsError):
    """The user gave something the domain cannot use."""


class UnrelatedDraftError(InputError):
    """A draft to import as the next round shares no paragraph with the round before."""


class NotASessionError(InputError):
    """No session by that name exists."""


class SessionExistsError(InputError):
    """A session by that name exists already."""


class SessionLockedError(SessionsError):
    """Another process has the session open for writing."""


class ReadOnlyError(SessionsError):
    """The session was opened read-only and cannot be changed."""


class CorruptSessionError(SessionsError):
    """A session file does not parse and no backup could take its place."""


class StorageError(SessionsError):
    """The disk refused a write; the last good state is still on disk."""
