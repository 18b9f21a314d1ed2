"""Fail when a source file is longer than MAX_LINES (CONVENTIONS §11: small modules, one concern each).

Source files are the project's Python and shell files outside tests/ (git's tracked and
untracked-but-not-ignored files; every file under the root when git is not there).
Run by `make test`:  python scripts/check_sizes.py [ROOT]
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MAX_LINES = 400
SUFFIXES = (".py", ".sh")
EXCLUDED_DIRS = ("tests",)


def source_files(root: Path) -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                                cwd=root, capture_output=True, text=True, check=True).stdout.splitlines()
        paths = [root / p for p in listed]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout
        paths = [p for p in root.rglob("*")
                 if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted(p for p in paths
                  if p.suffix in SUFFIXES and p.is_file()
                  and p.relative_to(root).parts[0] not in EXCLUDED_DIRS)


def too_long(root: Path) -> list[tuple[Path, int]]:
    out = []
    for path in source_files(root):
        with path.open("rb") as handle:
            lines = sum(1 for _ in handle)
        if lines > MAX_LINES:
            out.append((path.relative_to(root), lines))
    return out


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else Path(__file__).resolve().parent.parent).resolve()
    long_files = too_long(root)
    if not long_files:
        print(f"check_sizes: every source file has at most {MAX_LINES} lines")
        return 0
    print(f"check_sizes: {len(long_files)} source file(s) over {MAX_LINES} lines:", file=sys.stderr)
    for path, lines in long_files:
        print(f"  {path}: {lines} lines", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
