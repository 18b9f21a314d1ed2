"""Whether a question continues the conversation (那…呢？, 它, 这一条 …, or very short)."""
from __future__ import annotations

import re


_FOLLOWUP_RE = re.compile(r"^(那|那么|还有|再|另外|以及|它|其|该|这个|那个|那它|那其|那这个)|呢[?？]?$|它|其|该集群|这个集群|这一项|这项|该项|此项|这条|这一条|该条|这块|这一块|这事|这件事|上述|上面")


def looks_like_followup(question: str) -> bool:
    return bool(_FOLLOWUP_RE.search(question)) or len(question) <= 8
