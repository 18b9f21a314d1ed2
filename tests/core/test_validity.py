"""A document's validity on a given day, from its dates or its own 有效期 sentence."""
from __future__ import annotations

from datetime import date

import pytest

from core.records import Document
from core.validity import CURRENT, EXPIRED, NOT_YET, UNSTATED, validity_of

pytestmark = pytest.mark.unit


def _doc(**kw) -> Document:
    return Document(doc_id="d", path="d.txt", title="某市测试办法", text="正文", sha256="s", **kw)


@pytest.mark.parametrize("validity, day, status", [
    ("本办法自2023年1月1日起施行，有效期至2024年12月31日。", date(2024, 12, 31), CURRENT),
    ("本办法自2023年1月1日起施行，有效期至2024年12月31日。", date(2025, 1, 1), EXPIRED),
    ("本办法自2023年1月1日起施行，有效期至2024年12月31日。", date(2022, 12, 31), NOT_YET),
    ("本办法自2023年3月1日起施行，有效期3年。", date(2026, 2, 28), CURRENT),
    ("本办法自2023年3月1日起施行，有效期3年。", date(2026, 3, 1), EXPIRED),
    ("本办法自2023年3月1日起施行，有效期三年。", date(2026, 3, 1), EXPIRED),
    ("", date(2030, 1, 1), UNSTATED),
])
def test_status_from_the_documents_own_sentence(validity, day, status):
    assert validity_of(_doc(validity=validity), day).status == status


def test_a_span_from_the_issue_date_when_it_takes_effect_on_issue():
    doc = _doc(validity="本通知自印发之日起施行，有效期1年。", date="2025年5月30日")
    assert validity_of(doc, date(2026, 5, 29)).status == CURRENT
    assert validity_of(doc, date(2026, 5, 30)).status == EXPIRED


def test_the_pages_own_dates_win_and_the_note_names_the_day():
    doc = _doc(validity="自印发之日起施行", effective="2019-10-16", expires="2024-10-15")
    v = validity_of(doc, date(2026, 12, 1))
    assert v.status == EXPIRED and v.expires == date(2024, 10, 15)
    assert "2024年10月15日" in v.note(doc.title) and "某市测试办法" in v.note(doc.title)
    assert validity_of(doc, date(2020, 1, 1)).note(doc.title) == ""
