"""Markdown-safe text for st.markdown: document and model text is always escaped, never raw HTML."""
from __future__ import annotations

import re

import pandas as pd

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it also
# defuses Streamlit's own syntax (:color[...], :material/icon:, $latex$).
_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text: str) -> str:
    """`text` as literal markdown: every ASCII punctuation character escaped."""
    return _ASCII_PUNCT.sub(r"\\\1", text or "")


def md_paragraphs(text: str) -> str:
    """Escaped text with each source line kept as its own paragraph."""
    lines = [md_escape(line.strip()) for line in (text or "").splitlines()]
    return "\n\n".join(line for line in lines if line)


def md_highlight(segments: list[tuple[str, bool]] | tuple[tuple[str, bool], ...]) -> str:
    """Escaped markdown of (text, is_quote) segments; quoted parts get a bold orange background.

    Line breaks inside a highlighted part end the directive and open a new one, so that
    a highlight never spans a paragraph boundary (which markdown would not render).
    """
    paragraphs: list[str] = [""]
    for text, quoted in segments:
        for i, line in enumerate(text.split("\n")):
            if i:
                paragraphs.append("")
            if quoted:
                line = line.strip(" \t")
            elif not paragraphs[-1]:
                line = line.lstrip(" \t")  # four leading spaces would make a code block
            if not line:
                continue
            escaped = md_escape(line)
            paragraphs[-1] += f":orange-background[**{escaped}**]" if quoted else escaped
    return "\n\n".join(p for p in paragraphs if p)


def md_table(rows: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    """`rows` for st.table, whose cells are markdown: text escaped and on one line.

    st.table wraps long cells instead of cutting them off (st.dataframe cuts them)."""
    frame = pd.DataFrame([{k: md_escape(" ".join(v.split())) if isinstance(v, str) else v for k, v in row.items()}
                          for row in rows])
    return frame[columns] if columns and rows else frame
