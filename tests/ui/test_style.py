"""ui.style: the only raw HTML in the UI is a constant stylesheet, with no script and no document text."""
from __future__ import annotations

import re

import pytest

from core.settings import PROJECT_ROOT
from ui import style, upload

pytestmark = pytest.mark.unit


def test_the_stylesheet_is_style_only_and_in_chinese():
    css = style.uploader_css()
    assert css.startswith("<style>") and css.endswith("</style>")
    assert "<script" not in css.lower() and "javascript" not in css.lower()
    assert f'"{style.BROWSE_ZH}"' in css and f"{upload.MAX_UPLOAD_MB} MB" in css
    assert not re.search(r"[A-Za-z]{3,}\s+per\s+file", css)


def test_no_other_ui_module_writes_raw_html():
    offenders = [p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "ui").rglob("*.py")
                 if p.name != "style.py"
                 and re.search(r"st\.html|unsafe_allow_html|components\.html", p.read_text(encoding="utf-8"))]
    assert offenders == []
