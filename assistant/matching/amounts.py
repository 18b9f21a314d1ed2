"""The amount a measure gives this profile, with the arithmetic shown.

- a fixed amount is what the text states ("最高1亿元" -> 1亿元; "不低于1000万元" -> 1000万元);
- categories (一等奖20万元，二等奖15万元) pick the one the profile names;
- rate x base (按…的15%给予补助，最高不超过1000万元) takes the profile's number for the base,
  a growth base (增长部分) the difference of the profile's two latest years, then the cap;
- per item (每架次5元, 每条20万元, 每个最高10万元) multiplies by the profile's count, then the cap.
Nothing is assumed: without the number, the amount is None and the question says what is missing.
"""
from __future__ import annotations

import re

from assistant.matching.numbers import best_number
from assistant.matching.profile import Number, Profile
from core.amounts import format_wan, parse_amount
from core.facts import ConditionFact


def _num(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".")


def _base_number(fact: ConditionFact, profile: Profile, vocab: dict) -> tuple[float | None, str]:
    aliases = vocab.get("metric_aliases", {})
    base = re.sub(r"（[^）]*）", "", fact.base)
    if re.search(r"增长部分|增量|新增部分|增长额", base):
        topic = re.sub(r"较上年增长.*|增长的.*", "", fact.subject)[-16:]
        series = sorted((n for n in profile.numbers if n.unit == "万元" and best_number(topic, "万元", [n], aliases)),
                        key=lambda n: _year(n.context))
        dated = [n for n in series if _year(n.context)]
        if len(dated) >= 2:
            a, b = dated[-2], dated[-1]
            return b.value - a.value, f"增长部分{_num(b.value)}万元-{_num(a.value)}万元={_num(b.value - a.value)}万元"
        return None, ""
    n = best_number(base or fact.subject, "万元", profile.numbers, aliases, topic=fact.tier)
    if n is None and base != fact.subject:
        n = best_number(fact.subject, "万元", profile.numbers, aliases, topic=fact.tier)
    return (n.value, f"{n.context}{_num(n.value)}万元") if n else (None, "")


def _year(text: str) -> int:
    m = re.search(r"(20\d\d)", text)
    return int(m.group(1)) if m else 0


def _count(fact: ConditionFact, profile: Profile, vocab: dict) -> Number | None:
    unit = fact.per
    candidates = [n for n in profile.numbers if n.unit == unit]
    if not candidates:
        if unit == "人" and profile.entity == "individual":
            return Number("本人", 1.0, "人")
        return None
    best = best_number(fact.base + (fact.tier or fact.subject), unit, candidates, vocab.get("metric_aliases", {}),
                       topic=fact.tier)
    if best is None:
        return candidates[0] if len(candidates) == 1 else None
    if re.search(r"共|合计|累计|两年", fact.base):
        same = [n for n in candidates if best_number(fact.base, unit, [n], vocab.get("metric_aliases", {}))]
        if len(same) > 1:
            return Number(best.context + "（合计）", sum(n.value for n in same), unit)
    return best


def _capped(value: float, fact: ConditionFact, lines: list[str]) -> float:
    cap = parse_amount(fact.cap) if fact.cap else None
    if cap is not None and value > cap:
        lines.append(f"超过上限{fact.cap}，按{fact.cap}计")
        return cap
    return value


def compute_amount(fact: ConditionFact, profile: Profile, vocab: dict) -> tuple[str | None, list[str], str]:
    """(amount or None, the arithmetic for `met`, the question when a number is missing)."""
    lines: list[str] = []
    if fact.categories:
        for label, amount in fact.categories:
            if label in profile.blob:
                return amount, [f"金额：{label}{amount}"], ""
        return None, [], "获得的奖次或类别是什么？（" + "、".join(f"{a}{b}" for a, b in fact.categories) + "）"
    if fact.rate is not None:
        value, said = _base_number(fact, profile, vocab)
        if value is None:
            return None, [], f"{fact.base or '计算基数'}是多少？（按其{_num(fact.rate)}%计算）"
        result = value * fact.rate / 100
        lines.append(f"金额：{said}×{_num(fact.rate)}%={format_wan(result)}")
        result = _capped(result, fact, lines)
        if fact.per:
            count = _count(fact, profile, vocab)
            if count and count.value > 1:
                lines.append(f"{_num(count.value)}{fact.per}×{format_wan(result)}={format_wan(result * count.value)}")
                result *= count.value
        return format_wan(result), lines, ""
    if fact.per and fact.amount:
        each = parse_amount(fact.amount)
        count = _count(fact, profile, vocab)
        if count is None or each is None:
            return (fact.amount, [f"金额：每{fact.per}{fact.amount}"], "") if fact.per in ("个", "条", "型号", "项目") else \
                (None, [], f"{fact.base or fact.per + '数'}是多少？（每{fact.per}{fact.amount}）")
        if fact.increment and count.value > 0:
            return _progressive(fact, count, each)
        result = each * count.value
        lines.append(f"金额：{count.context}{_num(count.value)}{fact.per}×{fact.amount}={format_wan(result)}")
        return format_wan(_capped(result, fact, lines)), lines, ""
    if fact.amount:
        return fact.amount, [f"金额：{fact.amount_qualifier}{fact.amount}（按条文所写）"], ""
    return None, [], ""


def _progressive(fact: ConditionFact, count: Number, each: float) -> tuple[str | None, list[str], str]:
    """招用3人以下的按每人2000元；4人以上的每增加1人3000元: the first tier, then each extra item."""
    first = re.search(r"(\d+)(?:人|个|家)以下", fact.condition_text + fact.base)
    extra = parse_amount(fact.increment)
    n = int(count.value)
    if not first or extra is None:
        return format_wan(each * n), [f"金额：{n}{fact.per}×{fact.amount}"], ""
    k = int(first.group(1))
    total = each * min(n, k) + extra * max(0, n - k)
    lines = [f"金额：{min(n, k)}{fact.per}×{fact.amount}+{max(0, n - k)}{fact.per}×{fact.increment}={format_wan(total)}"]
    return format_wan(_capped(total, fact, lines)), lines, ""
