"""`python -m eval match`: the matching profile set (eval/match_profiles.jsonl, see
eval/README-match_profiles.md) run through `Assistant.match`, and its report:

- recall: expected measures (符合 or 可能符合) that are listed as 符合 or 可能符合 at the same
  file and clause, or a clause under it (a tier 第十三条（二） of 第十三条); a clause ID's "·2"
  suffix (the second list of a page numbered from 一 again) is compared without it; status
  agreement is reported beside it;
- wrong grants: 符合 for a measure in a profile's not_granted list, and none-profiles given any 符合;
- amount accuracy: of the recalled measures, the amount equal to the expected one (null = null).

The corpus is built from the files the profiles name (the seed corpus/, tests/fixtures/, and
../shared/corpora/guangzhou-web/), copied with their sidecars into one directory, unless
--corpus names one.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from core.amounts import same_amount

ROOT = Path(__file__).resolve().parent.parent
PROFILES = Path(__file__).resolve().parent / "match_profiles.jsonl"
SEARCH_DIRS = (ROOT / "corpus", ROOT / "tests" / "fixtures" / "corpus2", ROOT / "tests" / "fixtures" / "corpus3",
               ROOT / "eval" / "match_docs", ROOT.parent / "shared" / "corpora" / "guangzhou-web")
POSITIVE = ("符合", "可能符合")


def read_profiles(path: Path) -> tuple[list[dict], list[str]]:
    rows, problems = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row.get("profile"), dict) or not isinstance(row.get("expect"), dict):
                raise ValueError("缺少 profile 或 expect")
            rows.append(row)
        except (ValueError, AttributeError) as exc:
            problems.append(f"第 {n} 行无效，已跳过：{exc}")
    return rows, problems


def build_corpus(rows: list[dict], target: Path) -> list[str]:
    """Copy every file the profiles name (and its .meta.json) into `target`; the names not found."""
    names = {m["file"] for r in rows for key in ("matches", "not_granted") for m in r["expect"].get(key, [])}
    target.mkdir(parents=True, exist_ok=True)
    missing = []
    for name in sorted(names):
        source = next((d / name for d in SEARCH_DIRS if (d / name).is_file()), None)
        if source is None:
            missing.append(name)
            continue
        for f in (source, source.with_name(Path(name).stem + ".meta.json")):
            if f.is_file() and (not (target / f.name).exists() or (target / f.name).read_bytes() != f.read_bytes()):
                shutil.copyfile(f, target / f.name)
    return missing


def _clause(c: str) -> str:
    return re.sub(r"·\d+$", "", c or "")


def _within(ours: str, expected: str) -> bool:
    """Our clause is the expected one or a clause under it (第十三条（二） under 第十三条)."""
    ours, expected = _clause(ours), _clause(expected)
    return ours == expected or (ours.startswith(expected) and ours[len(expected)] in "（0123456789·①②③")


def _found(matches: list[dict], file: str, clause: str, want_status: str | None = None, amount=None) -> dict | None:
    same = [m for m in matches if m.get("file") == file and _within(m["clause"], clause)]
    same.sort(key=lambda m: (m["status"] != want_status, not same_amount(m.get("amount"), amount)))
    return same[0] if same else None


def score(rows: list[dict], results: list[dict]) -> dict:
    expected = recalled = status_ok = amount_ok = checks = wrong = 0
    failures = []
    for row, result in zip(rows, results):
        matches, expect = result["matches"], row["expect"]
        for e in expect.get("matches", []):
            expected += 1
            m = _found([x for x in matches if x["status"] in POSITIVE], e["file"], e["clause"], e["status"],
                       e.get("amount"))
            if m is None:
                failures.append(f"{row['id']} 漏掉 {e['file']} {e['clause']}（期望 {e['status']} {e.get('amount')}）")
                continue
            recalled += 1
            status_ok += m["status"] == e["status"]
            if same_amount(m.get("amount"), e.get("amount")):
                amount_ok += 1
            else:
                failures.append(f"{row['id']} 金额 {e['file']} {e['clause']}：期望 {e.get('amount')}，得到 {m.get('amount')}")
        for ng in expect.get("not_granted", []):
            checks += 1
            if _found([x for x in matches if x["status"] == "符合"], ng["file"], ng["clause"]):
                wrong += 1
                failures.append(f"{row['id']} 误判符合 {ng['file']} {ng['clause']}（{ng.get('why', '')}）")
        if expect.get("none"):
            checks += 1
            granted = [x for x in matches if x["status"] == "符合"]
            if granted:
                wrong += 1
                failures.append(f"{row['id']} 应无符合项，却给出 {granted[0]['file']} {granted[0]['clause']}")
    return {"profiles": len(rows), "expected": expected, "recall": recalled / expected if expected else 0.0,
            "status_agreement": status_ok / recalled if recalled else 0.0,
            "wrong_grants": wrong, "checks": checks, "wrong_grant_rate": wrong / checks if checks else 0.0,
            "amount_accuracy": amount_ok / recalled if recalled else 0.0, "failures": failures}


def render(report: dict, show_failures: bool) -> str:
    lines = [f"画像 {report['profiles']} 个，期望匹配 {report['expected']} 项",
             f"召回（符合/可能符合）：{report['recall']:.3f}",
             f"  其中状态一致：{report['status_agreement']:.3f}",
             f"误判符合：{report['wrong_grants']}/{report['checks']} = {report['wrong_grant_rate']:.3f}",
             f"金额正确（召回项中）：{report['amount_accuracy']:.3f}"]
    if show_failures:
        lines += ["", "未通过："] + [f"  {f}" for f in report["failures"]]
    return "\n".join(lines)


def main(args, say) -> int:
    from assistant.service import get_assistant
    from core.errors import ProfileError
    from core.settings import get_settings

    rows, problems = read_profiles(args.profiles)
    for p in problems:
        say(p)
    settings = get_settings()
    corpus = args.corpus
    if corpus is None:
        corpus = Path(settings.data_dir) / "match-corpus"
        missing = build_corpus(rows, corpus)
        if missing:
            say("错误：找不到画像所引用的文件：" + "、".join(missing))
            return 1
    assistant = get_assistant(settings, corpus)
    results = []
    for row in rows:
        try:
            results.append(assistant.match(row["profile"]))
        except ProfileError as exc:
            say(f"{row.get('id')}：{exc.message_zh}")
            results.append({"matches": [], "notes": [exc.message_zh]})
    report = score(rows, results)
    print(render(report, args.show_failures))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0
