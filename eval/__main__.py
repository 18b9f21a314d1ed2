"""python -m eval                 run the gold set (eval/gold.jsonl) and print the report
python -m eval run --questions Q.jsonl --out A.jsonl [--corpus DIR]   (DESIGN.md section 3)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold.jsonl"


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="python -m eval", description="政策问答助手评测：不带子命令时运行金标准并打印报告。")
    parser.add_argument("--gold", type=Path, default=GOLD, help="金标准文件（默认 eval/gold.jsonl）")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="把报告另存为 JSON")
    parser.add_argument("--show-failures", action="store_true", help="列出未通过的题目：问题、期望与实际")
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True,
                        help="同时评测朴素 LangChain RAG 基线并并排对比（默认开启）")
    sub = parser.add_subparsers(dest="command", title="子命令")
    run = sub.add_parser("run", help="逐行回答问题文件，按评测格式输出 JSONL",
                         description="逐行回答问题文件，按评测格式（DESIGN.md 第 3 节）输出 JSONL。")
    run.add_argument("--questions", type=Path, required=True, help="输入 JSONL：每行 {id, question, history}")
    run.add_argument("--out", type=Path, required=True, help="输出 JSONL")
    run.add_argument("--corpus", type=Path, default=None, help="语料目录（默认 corpus/）")
    bench = sub.add_parser("bench", help="速度基准：冷启动、热态延迟、入库、内存、规模曲线（eval/bench.py）",
                           description="速度基准，与朴素基线同次运行并给出比值；写出 bench.json、bench.md、scale.png。")
    bench.add_argument("--quick", action="store_true", help="小规模快速运行（规模 10,30）")
    bench.add_argument("--sizes", default="", help="合成语料规模，逗号分隔（默认 10,100,1000；--quick 时 10,30）")
    bench.add_argument("--out", type=Path, default=Path("docs/bench"), help="输出目录（默认 docs/bench）")
    bench.add_argument("--repeats", type=int, default=3, help="重复次数（默认 3）")
    bench.add_argument("--seed", type=int, default=0, help="合成语料随机种子（默认 0）")
    bench.add_argument("--keep", action="store_true", help="保留临时目录（索引与合成语料）")
    bench.add_argument("--stub-above", type=int, default=0, metavar="N",
                       help="规模大于 N 时段落向量用哈希替身（查询仍用真模型），入库时间按模型吞吐估算；0 表示从不")
    real = sub.add_parser("bench-real", help="真实多文件语料的热态延迟，与朴素基线同次运行（eval/bench_real.py）",
                          description="在真实多文件语料上测热态延迟 p50/p95（无 LLM），与朴素基线交替运行并给出比值。")
    real.add_argument("--corpus", type=Path, required=True, help="语料目录（例如约 55 个政策文件）")
    real.add_argument("--questions", type=Path, default=Path("eval/real/multi.jsonl"), help="问题集（默认 eval/real/multi.jsonl）")
    real.add_argument("--repeats", type=int, default=3, help="轮数（默认 3）")
    real.add_argument("--out", type=Path, default=Path("docs/bench"), help="输出目录（默认 docs/bench）")
    retrieval = sub.add_parser("retrieval", help="只测检索：BM25、向量、混合检索前 k 名命中期望条款的比例",
                               description="只测检索（不组织答案），用于比较嵌入模型与分块参数。")
    retrieval.add_argument("--k", type=int, default=5, help="前 k 名（默认 5）")
    match = sub.add_parser("match", help="企业匹配评测：召回、误判符合、金额正确率（eval/match.py）",
                           description="运行企业画像评测集，报告召回、误判符合与金额正确率。")
    match.add_argument("--profiles", type=Path, default=Path(__file__).resolve().parent / "match_profiles.jsonl",
                       help="画像评测集（默认 eval/match_profiles.jsonl）")
    match.add_argument("--corpus", type=Path, default=None, help="语料目录（默认按画像所引用的文件自动组装）")
    match.add_argument("--show-failures", action="store_true", help="列出未通过的项")
    match.add_argument("--json", type=Path, default=None, metavar="PATH", help="把报告另存为 JSON")
    return parser


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_run(args) -> int:
    from assistant.service import get_assistant
    from core.settings import get_settings
    from eval.runner import read_questions, run_file

    questions, problems = read_questions(args.questions)  # a bad file fails before the index is opened
    for p in problems:
        _say(p.message())
    if args.corpus is not None and not args.corpus.is_dir():
        _say(f"错误：语料目录不存在：{args.corpus}")
        return 1
    settings = get_settings()
    assistant = get_assistant(settings, args.corpus)
    answered = run_file(questions, args.out, assistant=assistant, with_route=settings.llm.enabled, report=_say)
    _say(f"已回答 {answered} 题" + (f"，跳过 {len(problems)} 行" if problems else "") + f"，结果已写入 {args.out}")
    return 0


def cmd_report(args) -> int:
    from assistant.service import get_assistant
    from core.settings import get_settings
    from eval import report
    from eval.runner import read_gold, run_gold

    gold, problems = read_gold(args.gold)
    for p in problems:
        _say(p.message())
    settings = get_settings()
    assistant = get_assistant(settings)
    _say(f"正在评测 {len(gold)} 题……")
    system = report.Results(report.SYSTEM_NAME, run_gold(assistant, gold, _say))
    baseline, info = None, ""
    if args.baseline:
        from eval.baseline import CHUNK_OVERLAP, CHUNK_SIZE, TOP_K, build_baseline, run_baseline

        rag = build_baseline(assistant.index, settings)
        info = (f"RecursiveCharacterTextSplitter(chunk_size={CHUNK_SIZE}, chunk_overlap={CHUNK_OVERLAP}) "
                f"切出 {rag.chunks} 块 + 同一嵌入模型 + InMemoryVectorStore，取前 {TOP_K} 块拼接为答案")
        _say("正在评测 LangChain 基线……")
        baseline = report.Results(report.BASELINE_NAME, run_baseline(rag, gold))
    skipped = [p.message() for p in problems]
    print(report.render(_shown(args.gold), system, baseline, skipped=skipped, show_failures=args.show_failures,
                        baseline_info=info))
    if args.json:
        data = report.as_json(_shown(args.gold), system, baseline, skipped=skipped, baseline_info=info)
        try:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            _say(f"错误：无法写入 JSON 报告：{args.json}（{exc.strerror or exc}）")
            return 1
        _say(f"JSON 报告已写入 {args.json}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from core.errors import PolicyQAError

    try:
        if args.command == "bench":
            from eval import bench

            return bench.main(args, _say)
        if args.command == "bench-real":
            from eval import bench_real

            return bench_real.main(args, _say)
        if args.command == "match":
            from eval import match

            return match.main(args, _say)
        if args.command == "retrieval":
            from eval import retrieval_check

            return retrieval_check.main(args, _say)
        return cmd_run(args) if args.command == "run" else cmd_report(args)
    except PolicyQAError as exc:
        _say(f"错误：{exc.message_zh}")
        return 1
    except KeyboardInterrupt:
        _say("已中断。")
        return 130


if __name__ == "__main__":
    sys.exit(main())
