"""The record of processing activities: rows, XLSX (opened with openpyxl), CSV and HTML."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from personvern.declaration.model import text
from personvern.notice import ropa
from personvern.notice.periods import retention_sentences
from tests.notice.htmlcheck import parse, problems


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_one_row_per_activity_with_every_art30_item(loaded, lang):
    d = loaded.declaration
    records = ropa.ropa_rows(d, lang)
    own = [a for a in d.activities if a.role.kind == "controller"]
    theirs = [a for a in d.activities if a.role.kind == "processor"]
    assert [r.cells["key"][0] for r in records["controller"]] == [a.key for a in own]
    assert [r.cells["key"][0] for r in records["processor"]] == [a.key for a in theirs]
    for row in records["controller"]:  # Art. 30(1)(a)-(g), legal basis, source
        for column in ("controller", "dpo", "purpose", "legal_basis", "subjects", "categories", "source",
                       "recipients", "transfers", "erasure", "security"):
            assert row.cells[column] and all(row.cells[column]), (row.cells["key"], column)
    for row in records["processor"]:  # Art. 30(2)(a)-(d)
        for column in ("processor", "client", "processing", "transfers_processor", "security_processor"):
            assert row.cells[column] and all(row.cells[column]), (row.cells["key"], column)


def test_xlsx_opens_and_matches_the_declaration(loaded, tmp_path):
    d = loaded.declaration
    path = tmp_path / "ropa.xlsx"
    path.write_bytes(ropa.to_xlsx(ropa.ropa_rows(d, "en"), "en", title="RoPA"))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Controller (Art. 30(1))", "Processor (Art. 30(2))"]
    sheet = workbook["Controller (Art. 30(1))"]
    headers = [c.value for c in sheet[1]]
    assert headers == [ropa.header(c, "en") for c in ropa.COLUMNS["controller"]]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}{sheet.max_row}"
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["F"].width == ropa.width("purpose")
    column = {h: i for i, h in enumerate(headers)}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    own = [a for a in d.activities if a.role.kind == "controller"]
    assert len(rows) == len(own)
    processors = {p.key: p.name for p in d.processors}
    for activity, row in zip(own, rows, strict=True):
        assert row[column["Processing activity"]] == text(activity.name, "en")
        assert row[column["Key"]] == activity.key
        assert d.controller.name in row[column["Controller and contact details (a)"]]
        assert activity.purpose in row[column["Purposes (b)"]]
        assert row[column["Legal basis (Art. 6, Art. 9)"]].startswith(
            {"consent": "Consent", "contract": "Contract", "legal_obligation": "Legal obligation",
             "legitimate_interests": "Legitimate interests", "vital_interests": "Vital interests",
             "public_task": "Public task"}[activity.legal_basis])
        for key in activity.data_categories:
            assert f"({key})" in row[column["Categories of personal data (c)"]]
        for key in activity.recipients:
            assert processors[key] in row[column["Recipients (d)"]]
        erasure = row[column["Time limits for erasure (f)"]]
        for sentence in retention_sentences(activity, "en"):
            assert sentence in erasure
    processor_sheet = workbook["Processor (Art. 30(2))"]
    theirs = [a for a in d.activities if a.role.kind == "processor"]
    assert processor_sheet.max_row == 1 + len(theirs)


def test_csv_has_both_records(loaded):
    d = loaded.declaration
    rows = list(csv.reader(io.StringIO(ropa.to_csv(ropa.ropa_rows(d, "nb"), "nb"))))
    assert rows[0][0] == "Protokoll" and "Behandlingsgrunnlag (art. 6 og 9)" in rows[0]
    assert len(rows) == 1 + len(d.activities)
    assert {r[0] for r in rows[1:]} <= {"Art. 30(1)", "Art. 30(2)"}
    assert sorted(r[2] for r in rows[1:]) == sorted(a.key for a in d.activities)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_html_is_valid(loaded, lang):
    html = ropa.to_html(ropa.ropa_rows(loaded.declaration, lang), lang, controller="X", version="1")
    assert problems(html, page=False) == []
    assert f'<html lang="{lang}">' in html
    root, _ = parse(html)
    row_heads = [th.text() for th in root.find_all("th", scope="row")]
    assert row_heads == [text(a.name, lang) for a in loaded.declaration.activities
                         if a.role.kind == "controller"] + [
        text(a.name, lang) for a in loaded.declaration.activities if a.role.kind == "processor"]
