"""python -m assistant ask "问题" [--json] [--corpus DIR]
python -m assistant match --profile P.json [--corpus DIR] [--json]   (DESIGN.md section 6)"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="政策问答助手命令行")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="提一个问题")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="按评测格式输出一行 JSON")
    ask.add_argument("--corpus", type=Path, default=None, help="语料目录（默认 corpus/）")
    match = sub.add_parser("match", help="按企业画像匹配扶持措施")
    match.add_argument("--profile", type=Path, required=True, help="企业画像 JSON 文件")
    match.add_argument("--corpus", type=Path, default=None, help="语料目录（默认 corpus/）")
    match.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    args = parser.parse_args(argv)
    if args.command == "match":
        from assistant.match_cli import run_match

        return run_match(args.profile, args.corpus, as_json=args.json)

    from core.errors import PolicyQAError
    from assistant.respond import respond
    from assistant.service import get_assistant
    from assistant.contract import output_record

    try:
        assistant = get_assistant(corpus_dir=args.corpus)
        assistant.index  # build or open before timing
        started = time.perf_counter()
        result = respond(assistant, args.question, [])
        latency = (time.perf_counter() - started) * 1000
    except PolicyQAError as exc:
        print(f"错误：{exc.message_zh}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(output_record("cli", args.question, result, latency,
                                        with_route=assistant.settings.llm.enabled), ensure_ascii=False))
    else:
        print(result.text)
        for c in result.citations:
            print(f"  [{c.doc} · {c.clause}] {c.quote}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
