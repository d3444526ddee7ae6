"""The demo folder: created when missing, never overwritten, the same on every run."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from personvern.declaration.loader import load
from personvern.demo.setup import package_files, prepare_demo_folder
from personvern.demo.summary import summarize_company_database

TODAY = date(2026, 1, 15)


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_new_folder_gets_the_declaration_the_data_map_the_database_and_its_url(
    tmp_path: Path,
) -> None:
    folder = prepare_demo_folder(tmp_path / "demo", today=TODAY)
    root = (tmp_path / "demo").resolve()
    assert folder.root == root and folder.created_database
    shipped_declaration = package_files().joinpath("personvern.yaml").read_bytes()
    assert folder.declaration.read_bytes() == shipped_declaration
    shipped = package_files().joinpath("datasets", "nordlys.yml").read_bytes()
    assert (folder.datasets / "nordlys.yml").read_bytes() == shipped
    assert folder.database == root / "company.sqlite3"
    assert folder.environment == {"NORDLYS_DB_URL": f"sqlite:///{root / 'company.sqlite3'}"}
    assert f"NORDLYS_DB_URL={folder.database_url}\n" in folder.env_file.read_text(encoding="utf-8")
    assert folder.token_file.parent == root and not folder.token_file.exists()
    engine = create_engine(folder.database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM customers")).scalar_one() == 120
    finally:
        engine.dispose()
    assert folder.summary == summarize_company_database(folder.database)
    assert load(folder.declaration).declaration.datasets[0].key == "nordlys"


def test_a_second_run_keeps_the_changed_database_and_the_edited_declaration(tmp_path: Path) -> None:
    first = prepare_demo_folder(tmp_path, today=TODAY)
    conn = sqlite3.connect(first.database)
    with conn:
        conn.execute("DELETE FROM web_access_log WHERE ts < '2025-12-01'")
    conn.close()
    edited = first.declaration.read_text(encoding="utf-8") + "# edited by hand\n"
    first.declaration.write_text(edited, encoding="utf-8")
    (first.datasets / "nordlys.yml").unlink()

    second = prepare_demo_folder(tmp_path, today=date(2026, 6, 1))
    assert not second.created_database
    assert first.summary.row_counts["web_access_log"] > count(second.database, "web_access_log")
    assert second.summary.row_counts["web_access_log"] == count(second.database, "web_access_log")
    assert second.declaration.read_text(encoding="utf-8") == edited
    assert (second.datasets / "nordlys.yml").is_file()  # what was missing is put back
    assert second.env_file.read_text(encoding="utf-8") == first.env_file.read_text(encoding="utf-8")


def test_a_moved_folder_gets_the_new_database_path(tmp_path: Path) -> None:
    prepare_demo_folder(tmp_path / "before", today=TODAY)
    (tmp_path / "before").rename(tmp_path / "after")
    moved = prepare_demo_folder(tmp_path / "after", today=TODAY)
    assert not moved.created_database
    new_path = str((tmp_path / "after" / "company.sqlite3").resolve())
    assert new_path in moved.env_file.read_text(encoding="utf-8")
    assert sorted(p.name for p in moved.root.iterdir()) == [
        "company.sqlite3", "datasets", "demo.env", "personvern.toml", "personvern.yaml",
    ]
