from __future__ import annotations

import json

from sqlalchemy import text

from personvern.container import Container


def _record(container: Container, n: int) -> None:
    for i in range(n):
        with container.db.write() as session:
            container.audit.record(session, actor="test", action="thing.done", target=f"thing:{i}",
                                   details={"i": i, "note": "ÆØÅ"})


def test_entries_are_chained_and_verify(any_container: Container) -> None:
    _record(any_container, 5)
    entries = list(reversed(any_container.audit.list(limit=10)))
    assert [e.id for e in entries] == [1, 2, 3, 4, 5]
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
    assert entries[0].prev_hash == "0" * 64
    result = any_container.audit.verify()
    assert (result.ok, result.checked, result.broken_id) == (True, 5, None)


def test_a_modified_row_is_named(any_container: Container) -> None:
    _record(any_container, 4)
    with any_container.db.write() as session:
        session.execute(
            text("UPDATE audit_entries SET details = :d WHERE id = 3"),
            {"d": json.dumps({"i": 99, "note": "ÆØÅ"})},
        )
    result = any_container.audit.verify()
    assert not result.ok
    assert result.broken_id == 3
    assert result.checked == 2
    assert "does not match its hash" in result.reason


def test_a_deleted_row_is_named(container: Container) -> None:
    _record(container, 4)
    with container.db.write() as session:
        session.execute(text("DELETE FROM audit_entries WHERE id = 2"))
    result = container.audit.verify()
    assert (result.ok, result.broken_id) == (False, 2)
    assert "missing" in result.reason


def test_a_removed_tail_is_detected(container: Container) -> None:
    _record(container, 3)
    with container.db.write() as session:
        session.execute(text("DELETE FROM audit_entries WHERE id = 3"))
    result = container.audit.verify()
    assert not result.ok
    assert result.broken_id == 3


def test_a_rehashed_forgery_breaks_the_next_link(container: Container) -> None:
    """Editing a row and recomputing its own hash still breaks the following entry's link."""
    from personvern.audit.entities import entry_hash

    _record(container, 3)
    entry = next(e for e in container.audit.list(limit=10) if e.id == 2)
    forged = entry_hash(2, entry.at, "someone-else", entry.action, entry.target, entry.details, entry.prev_hash)
    with container.db.write() as session:
        session.execute(text("UPDATE audit_entries SET actor='someone-else', hash=:h WHERE id=2"), {"h": forged})
    result = container.audit.verify()
    assert (result.ok, result.broken_id) == (False, 3)
    assert "link" in result.reason


def test_rolled_back_change_leaves_no_audit_entry(container: Container) -> None:
    try:
        with container.db.write() as session:
            container.audit.record(session, actor="test", action="will.fail")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert container.audit.list() == []
    assert container.audit.verify().ok


def test_concurrent_appends_keep_one_chain(any_container: Container) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: _record(any_container, 3), range(8)))
    result = any_container.audit.verify()
    assert (result.ok, result.checked) == (True, 24)


def test_the_tip_is_anchored_outside_the_store_after_each_commit(any_container: Container) -> None:
    _record(any_container, 3)
    anchor = any_container.audit.anchor
    point = anchor.read()
    assert point is not None and point.id == 3 and anchor.genuine(point)
    assert anchor.path.parent == any_container.settings.data_dir
    result = any_container.audit.verify()
    assert result.ok and "matches the keyed anchor" in result.anchor


def test_a_rolled_back_entry_is_not_anchored(any_container: Container) -> None:
    _record(any_container, 2)
    try:
        with any_container.db.write() as session:
            any_container.audit.record(session, actor="test", action="thing.failed")
            raise RuntimeError("the change fails")
    except RuntimeError:
        pass
    assert any_container.audit.anchor.read().id == 2
    assert any_container.audit.verify().ok


def test_cutting_off_the_end_and_rewriting_the_head_is_detected(any_container: Container) -> None:
    """Issue 13: delete the last entries and rewrite audit_head, and `audit verify` said 'intact'."""
    _record(any_container, 5)
    with any_container.db.write() as session:
        session.execute(text("DELETE FROM audit_entries WHERE id > 3"))
        third = session.execute(text("SELECT hash FROM audit_entries WHERE id = 3")).scalar()
        session.execute(text("UPDATE audit_head SET last_id = 3, last_hash = :h"), {"h": third})
    result = any_container.audit.verify()
    assert not result.ok and result.broken_id == 4
    assert "names entry 5, but the chain ends at 3: entries were cut off its end" in result.reason


def test_a_forged_anchor_is_refused(any_container: Container) -> None:
    _record(any_container, 2)
    path = any_container.audit.anchor.path
    forged = json.loads(path.read_text())
    forged["id"] = 1
    path.write_text(json.dumps(forged))
    result = any_container.audit.verify()
    assert not result.ok and "is not genuine" in result.reason
