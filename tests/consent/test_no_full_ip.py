"""No full IP address anywhere in the store: every column of every table is searched."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import String, Text, column, inspect, select, table

from tests.consent.conftest import api_client, choice

VISITORS = {
    "203.0.113.77": "203.0.113.0",
    "2001:db8:85a3:8d3:1319:8a2e:370:7348": "2001:db8:85a3::",
}
FRAGMENTS = ("203.0.113.77", "2001:db8:85a3:8d3", "1319:8a2e:370:7348", "370:7348")


def _all_text(container) -> list[str]:
    engine = container.db.engine
    found: list[str] = []
    with engine.connect() as conn:
        for name in inspect(engine).get_table_names():
            columns = inspect(engine).get_columns(name)
            wanted = [c["name"] for c in columns if isinstance(c["type"], (String, Text))]
            if not wanted:
                continue
            rows = conn.execute(select(*[column(c) for c in wanted]).select_from(table(name)))
            found.extend(str(value) for row in rows for value in row if value is not None)
    return found


def test_no_full_ip_address_is_stored(any_loaded) -> None:
    consent = any_loaded.consent
    banner = consent.config()
    for ip, masked in VISITORS.items():
        for client in api_client(any_loaded, client=(ip, 50123)):
            client.post("/consent/v1/impressions", json={"version": banner.version, "lang": "en",
                                                        "page_url": "https://shop.example.com/"})
            receipt = client.post("/consent/v1/records", json=choice(banner)).json()
            withdrawal = client.post("/consent/v1/records", json=choice(
                banner, method="withdraw", previous=receipt["cookie"])).json()
            assert [r.ip for r in consent.records_of(withdrawal["consent_id"])] == [masked, masked]
    with open(any_loaded.settings.data_dir / "export.jsonl", "w", encoding="utf-8") as out:
        assert consent.export(out, "jsonl", actor="test") == 4
    stored = _all_text(any_loaded)
    assert any("203.0.113.0" == value for value in stored)  # the search does see the ip column
    for fragment in FRAGMENTS:
        assert not [value for value in stored if fragment in value], fragment
    if any_loaded.db.is_sqlite:  # also the raw bytes of the database file and its WAL
        path = Path(any_loaded.db.engine.url.database)
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        assert b"203.0.113.0" in raw
        assert not any(fragment.encode() in raw for fragment in FRAGMENTS)
    exported = (any_loaded.settings.data_dir / "export.jsonl").read_text(encoding="utf-8")
    assert not any(fragment in exported for fragment in FRAGMENTS)
