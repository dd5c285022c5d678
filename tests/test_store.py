"""The store: sessions on disk, the repository, events and undo, recovery."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest

from sessions import (
    AmendmentKind,
    AmendmentStatus,
    CorruptSessionError,
    InputError,
    NotASessionError,
    OpenSession,
    ReadOnlyError,
    SessionExistsError,
    SessionLockedError,
    Status,
    StorageError,
    Store,
    UnrelatedDraftError,
    parse_text,
)
from sessions import storage as storage_module
from sessions.samples import seed_text
from sessions.storage import UnsupportedSchemaError, load_journal
from sessions.store import read_tables

ENGLISH = """Draft resolution A/C.2/79/L.99: Safer cities

PP1 Recalling its resolution 23/14 on [urban safety],

PP2 Noting with concern the persistent challenges,
(Agreed ad ref)

OP1 Calls upon Member States to [strengthen][support] prevention;
(Pending)

OP1 bis Requests the Executive Director to report.
"""


def _draft(text: str = ENGLISH, source: str = "draft.txt"):  # type: ignore[no-untyped-def]
    return parse_text(text, source=source)


def test_create_and_reopen_keeps_everything(store: Store) -> None:
    with store.create("safer", _draft()) as session:
        current = session.current_round()
        assert [p.label for p in current.paragraphs] == ["PP1", "PP2", "OP1", "OP1 bis"]
        sid = current.paragraphs[0].sid
        session.set_status(current.id, sid, Status.AGREED, note="agreed at 11:40")
        amendment = session.add_amendment(
            round_id=current.id,
            kind=AmendmentKind.INSERT,
            proposer="Norway",
            target=sid,
            text="Recalling its resolution 23/14 on [urban safety] and [security],",
            anchor="and [security]",
            supporters=["Iceland", "iceland", " Mexico "],
        )
    assert store.names() == ["safer"]
    with store.open("safer") as session:
        paragraph = session.current_round().paragraphs[0]
        assert paragraph.status is Status.AGREED
        assert paragraph.note == "agreed at 11:40"
        stored = session.amendment(amendment.id)
        assert stored == amendment
        assert stored.supporters == ("Iceland", "Mexico")
        assert [e.action for e in session.events()] == ["create", "status", "amend"]


def test_statuses_and_notes_of_the_document_are_kept(store: Store) -> None:
    with store.create("safer", _draft()) as session:
        by_label = {p.label: p for p in session.current_round().paragraphs}
    assert by_label["PP1"].status is Status.OPEN
    assert by_label["PP2"].status is Status.AGREED_AD_REF
    assert by_label["PP2"].status_note == "(Agreed ad ref)"
    assert by_label["OP1"].status is Status.PENDING


def test_custom_status(seed_session: OpenSession) -> None:
    current = seed_session.current_round()
    paragraph = seed_session.set_status(current.id, current.paragraphs[0].sid, "with the chair")
    assert paragraph.status == "with the chair"
    with pytest.raises(InputError):
        seed_session.set_status(current.id, current.paragraphs[0].sid, "  ")


def test_chinese_text_round_trips_byte_for_byte(store: Store) -> None:
    draft = _draft(seed_text(), "gc24-10-zh.txt")
    with store.create("gc24", draft) as session:
        texts = [p.text for p in session.current_round().paragraphs]
    assert texts == [p.text for p in draft.paragraphs]
    raw = store.path("gc24").read_bytes()
    # Readable Chinese in the file, not \u escapes.
    assert "促进城市可持续发展".encode() in raw
    assert b"\\u" not in raw
    with store.open("gc24") as session:
        again = [p.text.encode("utf-8") for p in session.current_round().paragraphs]
    assert again == [t.encode("utf-8") for t in texts]


def test_every_change_is_an_event_and_undo_reverts_them_in_turn(
    seed_session: OpenSession,
) -> None:
    current = seed_session.current_round()
    first = current.paragraphs[0]
    seed_session.set_status(current.id, first.sid, Status.AGREED)
    amendment = seed_session.add_amendment(
        round_id=current.id, kind=AmendmentKind.DELETE, proposer="EU", target=first.sid
    )
    seed_session.support(amendment.id, "Japan")
    seed_session.object(amendment.id, "Japan")
    assert seed_session.amendment(amendment.id).supporters == ()
    assert seed_session.amendment(amendment.id).objectors == ("Japan",)

    undone = seed_session.undo()
    assert undone is not None
    assert undone.action == "undo"
    assert seed_session.amendment(amendment.id).supporters == ("Japan",)
    seed_session.undo()
    assert seed_session.amendment(amendment.id).supporters == ()
    seed_session.undo()
    assert seed_session.amendments() == []
    seed_session.undo()
    assert seed_session.current_round().paragraphs[0].status is Status.PENDING
    # The creation of the session cannot be undone.
    assert seed_session.undo() is None
    actions = [e.action for e in seed_session.events()]
    assert actions == ["create", "status", "amend", "amendment", "amendment"] + ["undo"] * 4


def test_undo_of_an_import_removes_the_round(seed_session: OpenSession) -> None:
    with pytest.raises(InputError, match="identical to Zero draft"):
        seed_session.add_round(_draft(seed_text()), label="Rev.1")
    info = seed_session.add_round(
        _draft(seed_text().replace("基本要素", "核心要素")), label="Rev.1"
    ).info
    assert [r.label for r in seed_session.rounds()] == ["Zero draft", "Rev.1"]
    # Every paragraph continues one of the zero draft, the reworded one too: same stable ids.
    old = seed_session.round("r1").paragraphs
    new = seed_session.round(info.id).paragraphs
    assert [p.sid for p in old] == [q.sid for q in new]
    assert seed_session.changed_since_previous(info.id) == {new[2].sid}
    assert len(seed_session.links(info.id)) == 22
    seed_session.undo()
    assert [r.label for r in seed_session.rounds()] == ["Zero draft"]
    assert not any(name.endswith(":r2") for name in seed_session._storage.read())


def test_duplicate_round_label_is_refused(seed_session: OpenSession) -> None:
    with pytest.raises(InputError, match="labelled 'Zero draft'"):
        seed_session.add_round(_draft(), label="zero draft")


def test_returned_values_cannot_change_the_database(seed_session: OpenSession) -> None:
    current = seed_session.current_round()
    amendment = seed_session.add_amendment(
        round_id=current.id,
        kind=AmendmentKind.RETAIN,
        proposer="G77 and China",
        target=current.paragraphs[1].sid,
    )
    proposer = amendment.proposer
    assert proposer == "Group of 77 and China"  # names are made canonical
    events = seed_session.events()
    events[-1].changes[0].after["proposer"] = "tampered"  # type: ignore[index]
    assert seed_session.amendment(amendment.id).proposer == proposer
    assert seed_session.events()[-1].changes[0].after["proposer"] == proposer  # type: ignore[index]


def test_amendment_validation(seed_session: OpenSession) -> None:
    current = seed_session.current_round()
    with pytest.raises(InputError, match="proposer"):
        seed_session.add_amendment(
            round_id=current.id,
            kind=AmendmentKind.DELETE,
            proposer=" ",
            target=current.paragraphs[0].sid,
        )
    with pytest.raises(InputError, match="new paragraph"):
        seed_session.add_amendment(round_id=current.id, kind=AmendmentKind.DELETE, proposer="EU")
    new = seed_session.add_amendment(
        round_id=current.id,
        kind=AmendmentKind.NEW_PARAGRAPH,
        proposer="Japan",
        new_label="OP4 bis",
        text="鼓励……",
    )
    assert new.target is None
    updated = seed_session.set_amendment_status(new.id, AmendmentStatus.ACCEPTED)
    assert updated.status is AmendmentStatus.ACCEPTED
    with pytest.raises(InputError):
        seed_session.update_amendment(new.id, colour="red")


def test_names_and_missing_sessions(store: Store) -> None:
    with pytest.raises(InputError):
        store.create("../escape", _draft())
    with pytest.raises(NotASessionError):
        store.open("nothing")
    store.create("one", _draft()).close()
    with pytest.raises(SessionExistsError):
        store.create("one", _draft())


def test_read_only_refuses_changes_and_leaves_the_file_alone(store: Store) -> None:
    store.create("safer", _draft()).close()
    before = store.path("safer").read_bytes()
    with store.open("safer", read_only=True) as session:
        current = session.current_round()
        with pytest.raises(ReadOnlyError):
            session.set_status(current.id, current.paragraphs[0].sid, Status.AGREED)
        with pytest.raises(ReadOnlyError):
            session.undo()
        assert session.current_round().paragraphs[0].status is Status.OPEN
    assert store.path("safer").read_bytes() == before


def test_second_open_in_one_process_is_refused_or_read_only(store: Store) -> None:
    with store.create("safer", _draft()):
        with pytest.raises(SessionLockedError):
            store.open("safer")
        with store.open("safer", fallback=True) as second:
            assert second.read_only
            assert second.locked_elsewhere
    # Released on close.
    store.open("safer").close()


def test_torn_last_line_is_dropped(store: Store) -> None:
    with store.create("safer", _draft()) as session:
        current = session.current_round()
        session.set_status(current.id, current.paragraphs[0].sid, Status.AGREED)
    path = store.path("safer")
    with path.open("ab") as handle:
        handle.write(b'{"commit": 99, "tables": {"state:r1": {"x"')
    with store.open("safer") as session:
        assert session.current_round().paragraphs[0].status is Status.AGREED
        assert session.recovery is None
    assert load_journal(path).torn is False


def test_stale_temporary_files_are_removed_at_open(store: Store) -> None:
    store.create("safer", _draft()).close()
    stale = store.path("safer").with_name("safer.session.jsonl.tmp-123-abcd")
    stale.write_bytes(b"half a snapshot")
    store.open("safer").close()
    assert not stale.exists()


def _break(path: Path, content: bytes) -> None:
    path.write_bytes(content)


@pytest.mark.parametrize(
    "damage",
    [
        b"this is not json\n",
        b'{"format": "rapporteur-session", "schema": 1, "commit": 0, "tables": []}\n',
        b'["valid json", "of the wrong shape"]\n',
    ],
    ids=["invalid-json", "wrong-tables", "wrong-shape"],
)
def test_corrupt_file_is_kept_aside_and_the_backup_restored(store: Store, damage: bytes) -> None:
    with store.create("safer", _draft()) as session:
        current = session.current_round()
        session.set_status(current.id, current.paragraphs[0].sid, Status.AGREED)
    # Opening for writing keeps a backup of the state it found.
    store.open("safer").close()
    path = store.path("safer")
    _break(path, damage)
    with store.open("safer") as session:
        assert session.recovery is not None
        assert "restored from its backup" in session.recovery
        assert session.current_round().paragraphs[0].status is Status.AGREED
    kept = list(path.parent.glob("safer.session.jsonl.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == damage


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("session", "title", 42),
        ("round:", "text", 5),
        ("round:", "pos", "first"),
        ("round:", "kind", "chapeau"),
        ("state:", "note", ["a", "list"]),
        ("amendments:", "supporters", "Norway"),
        ("events:", "at", None),
    ],
)
def test_documents_of_the_wrong_shape_are_corrupt_too(
    store: Store, table: str, field: str, value: object
) -> None:
    with store.create("safer", _draft()) as session:
        current = session.current_round()
        session.set_note(current.id, current.paragraphs[-1].sid, "ask the Bureau")
        session.add_amendment(
            round_id=current.id,
            kind=AmendmentKind.DELETE,
            proposer="EU",
            target=current.paragraphs[-1].sid,
        )
        session.compact()
    path = store.path("safer")
    record = orjson.loads(path.read_bytes().splitlines()[0])
    # Damage the last document of the table, which nothing reads before it is needed.
    name = next(n for n in record["tables"] if n.startswith(table))
    doc = list(record["tables"][name].values())[-1]
    doc[field] = value
    path.write_bytes(orjson.dumps(record) + b"\n")
    with store.open("safer") as session:
        assert session.recovery is not None
        assert "wrong shape" in session.recovery
        assert session.session.title
        session.events()
        assert all(p.text for p in session.current_round().paragraphs)
    assert len(list(path.parent.glob("safer.session.jsonl.corrupt-*"))) == 1


def test_corrupt_file_without_backup_is_kept_and_reported(store: Store) -> None:
    store.create("safer", _draft()).close()
    path = store.path("safer")
    for backup in storage_module.backup_paths(path):
        backup.unlink(missing_ok=True)
    _break(path, b"\x00\x01garbage")
    with pytest.raises(CorruptSessionError, match=r"kept as safer\.session\.jsonl\.corrupt-"):
        store.open("safer")
    assert list(path.parent.glob("safer.session.jsonl.corrupt-*"))
    # Read-only opens never touch a damaged file.
    store.create("other", _draft()).close()
    _break(store.path("other"), b"garbage\n")
    with pytest.raises(CorruptSessionError, match="restores its backup"):
        store.open("other", read_only=True)
    assert store.path("other").read_bytes() == b"garbage\n"


@pytest.mark.parametrize("new_layout", [False, True])
def test_a_newer_schema_is_refused_not_restored(store: Store, new_layout: bool) -> None:
    store.create("safer", _draft()).close()
    path = store.path("safer")
    record = orjson.loads(path.read_bytes().splitlines()[0])
    record["schema"] = storage_module.SCHEMA + 1
    if new_layout:  # a later schema may lay its tables out otherwise
        record["tables"]["rounds"] = [["r1", 1]]
    path.write_bytes(orjson.dumps(record) + b"\n")
    with pytest.raises(UnsupportedSchemaError, match="newer Rapporteur"):
        store.open("safer")
    assert orjson.loads(path.read_bytes())["schema"] == storage_module.SCHEMA + 1
    assert not list(store.root.glob("*.corrupt-*"))


@pytest.mark.parametrize("schema", [False, 0, "2", None])
def test_a_schema_that_is_not_a_version_is_damage(store: Store, schema: object) -> None:
    store.create("safer", _draft()).close()
    path = store.path("safer")
    record = orjson.loads(path.read_bytes().splitlines()[0])
    record["schema"] = schema
    path.write_bytes(orjson.dumps(record) + b"\n")
    with store.open("safer") as session:
        assert session.recovery is not None
        assert "not a Rapporteur session file" in session.recovery


def test_a_document_filed_under_another_key_is_damage(store: Store) -> None:
    store.create("safer", _draft()).close()
    path = store.path("safer")
    record = orjson.loads(path.read_bytes().splitlines()[0])
    paragraphs = record["tables"]["round:r1"]
    first = next(iter(paragraphs))
    paragraphs["Z" + first] = paragraphs.pop(first)
    path.write_bytes(orjson.dumps(record) + b"\n")
    with store.open("safer") as session:
        assert session.recovery is not None
        assert "filed under" in session.recovery
        current = session.current_round()
        session.set_status(current.id, current.paragraphs[0].sid, Status.AGREED)


def test_exports_do_not_need_a_writable_data_folder(store: Store, tmp_path: Path) -> None:
    store.create("safer", _draft()).close()
    (store.root / ".writing").write_text("not a folder")  # where the notes would go
    store.write_file(tmp_path / "out.md", b"# Safer cities\n")
    assert (tmp_path / "out.md").read_bytes() == b"# Safer cities\n"


def test_notes_of_writes_that_are_not_ours_are_left_alone(store: Store, tmp_path: Path) -> None:
    store.create("safer", _draft()).close()
    ledger = store.root / ".writing"
    ledger.mkdir()
    bystander = tmp_path / "report.docx"
    bystander.write_bytes(b"keep me")
    for name in ("\u00b2-x", "99999999999999999999999-x", "notes.txt", "999999999-dead"):
        (ledger / name).write_text(str(bystander), encoding="utf-8")
    store.open("safer").close()
    # A dead writer's note naming a file that is not its temporary file deletes nothing.
    assert bystander.read_bytes() == b"keep me"


def test_migration_hook_upgrades_old_files(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.create("safer", _draft()).close()

    def add_body(tables: storage_module.Tables) -> storage_module.Tables:
        tables["session"]["session"]["body"] = "migrated"
        return tables

    monkeypatch.setattr(storage_module, "SCHEMA", storage_module.SCHEMA + 1)
    monkeypatch.setitem(storage_module.MIGRATIONS, storage_module.SCHEMA - 1, add_body)
    with store.open("safer") as session:
        assert session.session.body == "migrated"
    assert orjson.loads(store.path("safer").read_bytes())["schema"] == storage_module.SCHEMA


def test_disk_full_keeps_the_last_good_state(
    seed_session: OpenSession, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = seed_session.current_round()
    sid = current.paragraphs[0].sid
    seed_session.set_status(current.id, sid, Status.AGREED)
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data: bytes | memoryview) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            # Half the line reaches the disk, then it is full.
            real_write(fd, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "write", full_disk)
    with pytest.raises(StorageError, match="No space left on device"):
        seed_session.set_status(current.id, sid, Status.DELETED)
    monkeypatch.undo()
    # Memory went back to what the disk holds, and the session still saves.
    assert seed_session.current_round().paragraphs[0].status is Status.AGREED
    seed_session.set_status(current.id, sid, Status.AGREED_AD_REF)
    assert load_journal(store.path("gc24")).torn is False
    seed_session.close()
    with store.open("gc24") as again:
        assert again.current_round().paragraphs[0].status is Status.AGREED_AD_REF
        assert [e.action for e in again.events()] == ["create", "status", "status"]


def test_compaction_keeps_the_state_and_shrinks_the_file(tmp_path: Path) -> None:
    store = Store(tmp_path, compact_min_bytes=20_000)
    with store.create("gc24", _draft(seed_text())) as session:
        current = session.current_round()
        for index in range(60):
            paragraph = current.paragraphs[index % len(current.paragraphs)]
            session.set_note(current.id, paragraph.sid, f"note {index}")
        lines = store.path("gc24").read_bytes().count(b"\n")
        assert lines < 60
        notes = [p.note for p in session.current_round().paragraphs]
    with store.open("gc24") as session:
        assert [p.note for p in session.current_round().paragraphs] == notes


def test_list_sessions_reports_counts(store: Store) -> None:
    with store.create("safer", _draft()) as session:
        current = session.current_round()
        session.add_amendment(
            round_id=current.id,
            kind=AmendmentKind.RETAIN,
            proposer="EU",
            target=current.paragraphs[0].sid,
        )
    (summary,) = store.list_sessions()
    assert summary.name == "safer"
    assert summary.title == "Draft resolution A/C.2/79/L.99: Safer cities"
    assert summary.symbol == "A/C.2/79/L.99"
    assert (summary.rounds, summary.paragraphs, summary.amendments) == (1, 4, 1)
    assert summary.statuses == {"open": 2, "agreed_ad_ref": 1, "pending": 1}


def test_delete_removes_the_session_and_its_backups(store: Store) -> None:
    store.create("safer", _draft()).close()
    store.open("safer").close()
    store.delete("safer")
    assert store.names() == []
    assert not list(store.root.glob("safer.session.jsonl*[!k]"))


def test_a_read_error_is_not_taken_for_corruption(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create("safer", _draft()).close()
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "safer.session.jsonl":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(StorageError, match="Permission denied"):
        store.open("safer")
    monkeypatch.undo()
    assert not list(store.root.glob("*.corrupt-*"))
    store.open("safer").close()


def test_appends_follow_the_file_after_a_compaction_whose_directory_sync_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path, compact_min_bytes=1)
    with store.create("safer", _draft()) as session:
        current = session.current_round()
        calls = {"n": 0}
        real = storage_module.fsync_directory

        def flaky(directory: Path) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                raise OSError(5, "Input/output error")
            real(directory)

        monkeypatch.setattr(storage_module, "fsync_directory", flaky)
        session.set_note(current.id, current.paragraphs[0].sid, "first")  # compaction fails late
        session.set_note(current.id, current.paragraphs[1].sid, "second")
    with store.open("safer") as again:
        notes = [p.note for p in again.current_round().paragraphs]
    assert notes[:2] == ["first", "second"]


def _with_rev1(store: Store) -> None:
    with store.create("safer", _draft()) as session:
        revised = ENGLISH.replace("prevention", "crime prevention")
        session.commit_round(session.prepare_round(_draft(revised), label="Rev.1"))


def test_tables_are_parsed_when_first_read(store: Store) -> None:
    _with_rev1(store)
    with store.open("safer") as session:
        stored = session._storage.read().stored()
        unread = {name for name, table in stored.items() if not isinstance(table, dict)}
        # The older round was not needed to open the session, so it was not parsed...
        assert "round:r1" in unread
        # ...and reads the same when it is.
        assert [p.label for p in session.round("r1").paragraphs] == ["PP1", "PP2", "OP1", "OP1 bis"]
        assert "round:r1" not in {
            n for n, t in session._storage.read().stored().items() if not isinstance(t, dict)
        }
        # Reading is not changing: nothing to write.
        assert session._storage._dirty() == {}


def test_a_compaction_copies_unread_tables_as_they_were(store: Store) -> None:
    _with_rev1(store)
    before = read_tables(store.path("safer"))
    with store.open("safer") as session:
        session.compact()
    assert read_tables(store.path("safer")) == before
    with store.open("safer") as session:
        assert session.recovery is None
        assert session.round("r1").paragraphs[2].text.endswith("prevention;")


def test_a_file_of_the_first_schema_is_read_and_upgraded(store: Store) -> None:
    _with_rev1(store)
    path = store.path("safer")
    tables = read_tables(path)
    path.write_bytes(
        orjson.dumps({"format": "rapporteur-session", "schema": 1, "commit": 3, "tables": tables})
        + b"\n"
    )
    with store.open("safer") as session:
        assert session.recovery is None
        assert [r.label for r in session.rounds()] == ["Zero draft", "Rev.1"]
    assert b'"schema":2' in path.read_bytes()[:100]
    assert read_tables(path) == tables


@pytest.mark.parametrize(
    ("old", "new", "accepted"),
    [
        # An edit that keeps each table's size and shape: the rapporteur's to make.
        (b"Recalling its resolution", b"Recalling its Resolution", True),
        # The same size, the wrong shape: the backup is restored.
        (b'"kind":"preambular"', b'"kind":"preambulaR"', False),
        # A longer text: the index no longer fits, every table is checked.
        (b"Recalling its resolution", b"Recalling its earlier resolution", True),
    ],
)
def test_a_table_edited_by_hand_is_checked_before_it_is_trusted(
    store: Store, old: bytes, new: bytes, accepted: bool
) -> None:
    store.create("safer", _draft()).close()
    path = store.path("safer")
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    with store.open("safer") as session:
        text = session.current_round().paragraphs[0].text
        if accepted:
            assert session.recovery is None
            assert new.decode() in text
        else:
            assert session.recovery is not None
            assert "wrong shape" in session.recovery
            assert "Recalling its resolution" in text


def test_a_table_deleted_by_a_commit_stays_deleted(store: Store) -> None:
    _with_rev1(store)
    with store.open("safer") as session:
        session.undo()  # the import: its round's tables go
    with store.open("safer") as session:
        assert [r.label for r in session.rounds()] == ["Zero draft"]
        assert "round:r2" not in session._storage.read()
        session.events()


@pytest.mark.parametrize("how", ["delete", "swap", "duplicate"])
def test_a_commit_line_deleted_or_moved_by_hand_is_damage(store: Store, how: str) -> None:
    _with_rev1(store)
    with store.open("safer") as session:
        current = session.current_round()
        for n, paragraph in enumerate(current.paragraphs):
            session.set_note(current.id, paragraph.sid, f"note {n}")
    path = store.path("safer")
    lines = path.read_bytes().splitlines(keepends=True)
    assert len(lines) >= 4
    if how == "delete":
        del lines[1]
    elif how == "swap":
        lines[1], lines[2] = lines[2], lines[1]
    else:
        lines.insert(2, lines[1])
    path.write_bytes(b"".join(lines))
    with store.open("safer") as session:
        assert session.recovery is not None
        assert "commits are missing or out of order" in session.recovery
        assert [r.label for r in session.rounds()] == ["Zero draft", "Rev.1"]


def test_a_confirmed_unrelated_import_survives_a_change_made_while_it_was_prepared(
    store: Store,
) -> None:
    with store.create("safer", _draft()) as session:
        other = _draft("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:\n", "passwd")
        with pytest.raises(UnrelatedDraftError):
            session.prepare_round(other, label="Rev.1")
        prepared = session.prepare_round(other, label="Rev.1", unrelated=True)
        current = session.current_round()
        session.set_note(current.id, current.paragraphs[0].sid, "said while it was prepared")
        report = session.commit_round(prepared)
        assert report.info.label == "Rev.1"


def test_a_revision_that_keeps_the_numbers_of_short_reworded_paragraphs_is_one(
    store: Store,
) -> None:
    zero = "1. 注意到执行主任的报告；\n\n2. 决定在内罗毕举行下届会议；\n\n3. 邀请会员国提供捐助；\n"
    rev = (
        "1. 赞赏地注意到执行主任关于本方案工作的全面报告；\n\n"
        "2. 决定于 2015 年 4 月在内罗毕本方案总部召开第二十五届会议；\n\n"
        "3. 邀请所有会员国和其他伙伴向基金会提供自愿捐助；\n"
    )
    with store.create("zh", _draft(zero, "zero.txt")) as session:
        report = session.add_round(_draft(rev, "rev1.txt"), label="Rev.1")
        assert report.info.paragraph_count == 3


def test_a_save_whose_failure_could_not_be_undone_on_disk_leaves_memory_as_the_file(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line was written, fsync failed and cutting it failed too: memory follows the file."""
    with store.create("safer", _draft()) as session:
        current = session.current_round()
        first, second = current.paragraphs[0].sid, current.paragraphs[1].sid
        session.set_note(current.id, first, "before")
        real_fsync, real_truncate = os.fsync, os.ftruncate

        def failing(*args: object) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(storage_module.os, "fsync", failing)
        monkeypatch.setattr(storage_module.os, "ftruncate", failing)
        with pytest.raises(StorageError):
            session.set_note(current.id, second, "unsure")
        monkeypatch.setattr(storage_module.os, "fsync", real_fsync)
        monkeypatch.setattr(storage_module.os, "ftruncate", real_truncate)
        # The next changes work, and memory says what the file says.
        session.set_note(current.id, first, "after")
        session.undo()
        notes = {p.sid: p.note for p in session.current_round().paragraphs}
    with store.open("safer") as again:
        assert {p.sid: p.note for p in again.current_round().paragraphs} == notes
