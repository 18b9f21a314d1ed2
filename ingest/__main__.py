"""python -m ingest [--corpus DIR] [--report] [--no-progress]

Progress bars (one per phase) go to stderr; stdout ends with the one JSON line (DESIGN §4)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="构建或更新政策文件索引（幂等）。")
    parser.add_argument("--corpus", type=Path, default=None, help="语料目录（默认 corpus/）")
    parser.add_argument("--report", action="store_true", help="列出文件自相矛盾之处与异常的分工行")
    parser.add_argument("--no-progress", action="store_true", help="不在标准错误输出上显示进度条")
    args = parser.parse_args(argv)

    from core.errors import PolicyQAError
    from core.settings import get_settings

    try:
        settings = get_settings()
        from ingest.pipeline import ingest
        from ingest.progress_bar import PhaseBars

        with PhaseBars(sys.stderr, disable=args.no_progress) as bars:
            report = ingest(args.corpus, settings, on_step=bars)
    except PolicyQAError as exc:
        print(json.dumps({"error": exc.message_zh}, ensure_ascii=False))
        return 1
    if args.report and report.documents:
        from ingest.report import print_findings

        print_findings(args.corpus, settings)
    print(json.dumps(report.as_dict(), ensure_ascii=False))  # the contract: the last line is the JSON report
    return 0 if report.documents else 1


if __name__ == "__main__":
    sys.exit(main())
