"""The one piece of page CSS: Streamlit's file uploader in Chinese.

Streamlit (1.67) writes the uploader's button ("Upload") and its instructions ("20MB per
file • TXT, MD, ...") in English and has no setting for it. This stylesheet hides those
words and shows Chinese ones in their place (CSS `::after` content). It is a constant built
from the upload limits in code: no document, user or model text ever goes into it, and it
holds no script. tests/app/test_browser.py checks the result in a real browser.
"""
from __future__ import annotations

import streamlit as st

from ui import upload

BROWSE_ZH = "选择文件"
DROP_ZH = "或将文件拖放到此处"


def limits_zh() -> str:
    return f"每个文件不超过 {upload.MAX_UPLOAD_MB} MB"


def uploader_css() -> str:
    zone = '[data-testid="stFileUploaderDropzone"]'
    hint = '[data-testid="stFileUploaderDropzoneInstructions"]'
    button = f'{zone} button [data-testid="stMarkdownContainer"] p'
    return f"""<style>
{button} {{ font-size: 0 !important; }}
{button}::after {{ content: "{BROWSE_ZH}"; font-size: 0.875rem; }}
{hint} span {{ font-size: 0 !important; white-space: normal !important; overflow: visible !important; }}
{hint} span::before {{ content: "{DROP_ZH}"; display: block; font-size: 0.875rem; }}
{hint} span::after {{ content: "{limits_zh()}"; display: block; font-size: 0.75rem; }}
</style>"""


def uploader_in_chinese() -> None:
    """Apply the stylesheet (a style-only st.html takes no space on the page)."""
    st.html(uploader_css())
