"""Golden files of the bookshop's notice (en, nb; Markdown and HTML) and of its RoPA rows.

The golden files are read by a person when they change: regenerate them with
``PERSONVERN_UPDATE_GOLDEN=1 pytest tests/notice/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from personvern.notice import ropa
from personvern.notice.context import NoticeMeta, build_notice
from personvern.notice.render import render_notice
from tests.notice.conftest import GOLDEN

UPDATE = os.environ.get("PERSONVERN_UPDATE_GOLDEN") == "1"


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"no golden file {name}; run with PERSONVERN_UPDATE_GOLDEN=1 and review it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from the golden file; review and regenerate"


def meta(loaded) -> NoticeMeta:
    return NoticeMeta(3, loaded.content_hash, date(2026, 1, 15))


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_notice_golden(bookshop, lang, fmt):
    check(f"bokhandel.{lang}.{fmt}", render_notice(build_notice(bookshop.declaration, lang, meta(bookshop)), fmt))


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_ropa_rows_golden(bookshop, lang):
    check(f"bokhandel-ropa.{lang}.csv", ropa.to_csv(ropa.ropa_rows(bookshop.declaration, lang), lang))


def test_golden_notice_says_the_key_promises(bookshop):
    en = (GOLDEN / "bokhandel.en.md").read_text(encoding="utf-8")
    nb = (GOLDEN / "bokhandel.nb.md").read_text(encoding="utf-8")
    assert "5 years from the end of the calendar year of the transaction" in en
    assert "5 år fra utgangen av kalenderåret for transaksjonen" in nb
    assert "Datatilsynet: Postboks 458 Sentrum, 0105 Oslo" in en
    assert "behandlingsansvarlig" in nb and "Behandlingsgrunnlag" in nb and "berettigede interesse" in nb
    assert "Slettes rett etter arrangementet." in nb
