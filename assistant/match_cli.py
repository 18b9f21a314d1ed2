"""`python -m assistant match`: read the profile file, print the match object (JSON) or a Chinese summary."""
from __future__ import annotations

import json
import sys
from pathlib import Path

MAX_PROFILE_BYTES = 64 * 1024 * 1024  # a 10 MB description in UTF-8 is up to 40 MB


def read_profile(path: Path) -> dict:
    from core.errors import ProfileError

    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise ProfileError("profile too large", message_zh=f"画像文件过大（超过 {MAX_PROFILE_BYTES // 1024 // 1024} MB）。")
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError:
        raise ProfileError("cannot read", message_zh=f"无法读取画像文件：{path}") from None
    except UnicodeDecodeError:
        raise ProfileError("not utf-8", message_zh="画像文件不是 UTF-8 编码的文字。") from None
    except json.JSONDecodeError as exc:
        raise ProfileError("bad json", message_zh=f"画像文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）。") from None


def summary_lines(result: dict) -> list[str]:
    """The match object as readable Chinese lines."""
    lines = []
    shown = [m for m in result["matches"] if m["status"] != "不符合"]
    for m in shown:
        amount = f"，金额：{m['amount']}" if m.get("amount") else ""
        lines.append(f"【{m['status']}】《{m['doc']}》{m['clause']} {m['measure']}{amount}（{m['validity']}）")
        for line in m["met"]:
            lines.append(f"    ✓ {line}")
        for line in m["unknown"][:2]:
            lines.append(f"    ? {line}")
        lines.append(f"    原文：{m['quote']}")
    if not shown:
        lines.append("没有找到符合的扶持措施。")
        for m in result["matches"][:3]:
            lines.append(f"  最接近的：《{m['doc']}》{m['clause']} {m['measure']}：{'；'.join(m['unmet'][:2])}")
    lines.extend(f"注：{n}" for n in result["notes"] if n != "没有找到符合的扶持措施。")
    return lines


def run_match(profile_path: Path, corpus: Path | None, *, as_json: bool) -> int:
    from assistant.service import get_assistant
    from core.errors import PolicyQAError

    try:
        profile = read_profile(profile_path)
        result = get_assistant(corpus_dir=corpus).match(profile)
    except PolicyQAError as exc:
        print(f"错误：{exc.message_zh}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("\n".join(summary_lines(result)))
    return 0
