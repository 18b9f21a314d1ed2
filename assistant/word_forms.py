"""How a document may write a word of the question otherwise: in full (个体户 -> 个体工商户) or as
a kin word with the same head (医药费 -> 医疗费用)."""
from __future__ import annotations

import re


def abbreviated_in(word: str, text: str) -> bool:
    """"个体户" in a document that writes 个体工商户: its characters in order, at most two between
    each (a word of three or more characters; shorter ones match by chance)."""
    if len(word) < 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return False
    pattern = re.escape(word[0]) + "".join(f"[\u4e00-\u9fff]{{0,2}}?{re.escape(ch)}" for ch in word[1:])
    return any(len(m.group(0)) <= 2 * len(word) for m in re.finditer(pattern, text))


PERSON = "生员者人"  # the last character of a word naming people
PERSON_RE = "(?:人员|人士|[生员者人])"


def kin_in(word: str, text: str) -> bool:
    """"医药费" in a document that writes 医疗费用: the same head and first characters with another
    character between (a three- or four-character word), the document's own name for the thing."""
    if len(word) not in (3, 4) or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return False
    if word[-1] in PERSON and re.search(re.escape(word[:-1]) + PERSON_RE, text):
        return True  # "见习生" in a document that writes 见习人员: the same people
    return re.search(re.escape(word[:-2]) + r"[\u4e00-\u9fff]" + re.escape(word[-1]), text) is not None
