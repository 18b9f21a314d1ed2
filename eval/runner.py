"""Reading question files, answering them in a warm process, scoring the gold set."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from assistant.respond import respond
from core.errors import PolicyQAError
from core.records import Answer
from assistant.contract import output_record
from eval.metrics import ItemScore, score_item

ROLES = ("user", "assistant")
MAX_PROBLEMS_SHOWN = 20  # bad lines listed when a file has no valid line at all
WARM_UP_QUESTION = "新兴产业发展的基本原则是什么？"


class InputFileError(PolicyQAError):
    """The question file as a whole cannot be used (missing, unreadable, not UTF-8, no valid line)."""

    message_zh = "问题文件无法使用。"


@dataclass(frozen=True)
class Question:
    line_no: int
    id: str
    question: str
    history: list[dict]
    raw: dict  # the whole parsed line (gold items carry category/tags/expect here)


@dataclass(frozen=True)
class LineProblem:
    line_no: int
    reason: str  # Chinese

    def message(self) -> str:
        return f"第 {self.line_no} 行：{self.reason}，已跳过。"


def parse_line(text: str, line_no: int) -> Question | LineProblem:
    """One input line -> a Question, or the Chinese reason it is unusable."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return LineProblem(line_no, f"不是合法的 JSON（第 {exc.colno} 列附近有误）")
    if not isinstance(obj, dict):
        return LineProblem(line_no, "应为 JSON 对象 {\"id\", \"question\", \"history\"}")
    qid = obj.get("id")
    if "id" not in obj:
        return LineProblem(line_no, "缺少 \"id\"")
    if not isinstance(qid, str) or not qid.strip():
        return LineProblem(line_no, "\"id\" 应为非空字符串")
    question = obj.get("question")
    if "question" not in obj:
        return LineProblem(line_no, f"（id={qid}）缺少 \"question\"")
    if not isinstance(question, str) or not question.strip():
        return LineProblem(line_no, f"（id={qid}）\"question\" 应为非空字符串")
    history = obj.get("history")
    if history is None:
        history = []
    if not isinstance(history, list):
        return LineProblem(line_no, f"（id={qid}）\"history\" 应为列表")
    for i, turn in enumerate(history, 1):
        if not isinstance(turn, dict):
            return LineProblem(line_no, f"（id={qid}）\"history\" 第 {i} 项应为对象 {{\"role\", \"content\"}}")
        if turn.get("role") not in ROLES:
            return LineProblem(line_no, f"（id={qid}）\"history\" 第 {i} 项的 role 应为 \"user\" 或 \"assistant\"")
        if not isinstance(turn.get("content"), str):
            return LineProblem(line_no, f"（id={qid}）\"history\" 第 {i} 项的 content 应为字符串")
    history = [{"role": t["role"], "content": t["content"]} for t in history]
    return Question(line_no, qid, question, history, obj)


def read_lines(path: Path) -> list[str]:
    """The file's lines as text; InputFileError (Chinese) when it cannot be read as UTF-8."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(str(path), message_zh=f"找不到问题文件：{path}")
    if path.is_dir():
        raise InputFileError(str(path), message_zh=f"问题文件路径是一个目录：{path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(exc), message_zh=f"无法读取问题文件：{path}（{exc.strerror or exc}）") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_no = data[: exc.start].count(b"\n") + 1
        raise InputFileError(str(exc), message_zh=f"问题文件不是 UTF-8 编码（第 {line_no} 行）：{path}") from exc
    return text.splitlines()


def read_questions(path: Path) -> tuple[list[Question], list[LineProblem]]:
    """Valid questions in file order, and the problems of the other non-blank lines.
    Raises InputFileError when the file is unusable or holds no valid line."""
    questions: list[Question] = []
    problems: list[LineProblem] = []
    seen: dict[str, int] = {}
    for line_no, line in enumerate(read_lines(path), 1):
        if not line.strip():
            continue
        parsed = parse_line(line, line_no)
        if isinstance(parsed, Question) and parsed.id in seen:
            parsed = LineProblem(line_no, f"id“{parsed.id}”与第 {seen[parsed.id]} 行重复")
        if isinstance(parsed, LineProblem):
            problems.append(parsed)
        else:
            seen[parsed.id] = line_no
            questions.append(parsed)
    if not questions:
        detail = f"（{len(problems)} 行有误）" if problems else "（文件为空）"
        shown = "".join(f"\n  {p.message()}" for p in problems[:MAX_PROBLEMS_SHOWN])
        more = f"\n  ……另有 {len(problems) - MAX_PROBLEMS_SHOWN} 行有误" if len(problems) > MAX_PROBLEMS_SHOWN else ""
        raise InputFileError(str(path), message_zh=f"问题文件中没有有效的问题{detail}：{path}{shown}{more}")
    return questions, problems


def warm_up(assistant) -> None:
    """Open (or build) the index and load the embedder, the vector store and the answer path's
    caches with one throwaway question, so that timed answers are warm."""
    assistant.index.search(WARM_UP_QUESTION)
    assistant.answer(WARM_UP_QUESTION, [])


def error_answer(message_zh: str) -> Answer:
    return Answer(f"系统出错，未能回答：{message_zh}", refused=True, route="error")


def answer_timed(assistant, question: Question, on_error: Callable[[str], None]) -> tuple[Answer, float]:
    """Answer one question and time it. An error on one question becomes an error answer
    (reported through `on_error`), so that the other questions are still answered."""
    started = time.perf_counter()
    try:
        result = respond(assistant, question.question, question.history)
    except PolicyQAError as exc:
        result = error_answer(exc.message_zh)
        on_error(f"第 {question.line_no} 行（id={question.id}）回答出错：{exc.message_zh}")
    except Exception as exc:  # a bug must not cost the answers to the other lines; it is reported
        result = error_answer("内部错误")
        on_error(f"第 {question.line_no} 行（id={question.id}）回答出错（内部错误 {type(exc).__name__}：{exc}）")
    return result, (time.perf_counter() - started) * 1000


def answer_all(assistant, questions: list[Question], on_error: Callable[[str], None]
               ) -> Iterator[tuple[Question, Answer, float]]:
    for q in questions:
        result, latency = answer_timed(assistant, q, on_error)
        yield q, result, latency


def run_file(questions: list[Question], out_path: Path, *, assistant, with_route: bool,
             report: Callable[[str], None]) -> int:
    """`eval run`: answer `questions` into `out_path` as contract lines, in input order, timing
    each answer in a warm process. Returns how many were answered."""
    out_path = Path(out_path)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out = out_path.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputFileError(str(exc), message_zh=f"无法写入输出文件：{out_path}（{exc.strerror or exc}）") from exc
    warm_up(assistant)
    with out:
        for q, result, latency in answer_all(assistant, questions, report):
            record = output_record(q.id, q.question, result, latency, with_route=with_route)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
    return len(questions)


def quote_flags(index, result: Answer) -> list[bool]:
    """For each citation: does its quote occur verbatim in the text of the cited clause?"""
    flags = []
    for c in result.citations:
        clause = index.clause(c.doc_id, c.clause)
        flags.append(clause is not None and bool(c.quote) and c.quote in clause.text)
    return flags


def run_gold(assistant, gold: list[Question], report: Callable[[str], None]) -> list[ItemScore]:
    """Answer every gold item with the assistant and score it (quotes checked against the index)."""
    warm_up(assistant)
    index = assistant.index
    scores = []
    for q, result, latency in answer_all(assistant, gold, report):
        record = output_record(q.id, q.question, result, latency)
        scores.append(score_item(q.raw, record, quote_ok=quote_flags(index, result)))
    return scores


def read_gold(path: Path) -> tuple[list[Question], list[LineProblem]]:
    """Gold items: question lines that also carry an "expect" object."""
    questions, problems = read_questions(path)
    gold = []
    for q in questions:
        if isinstance(q.raw.get("expect"), dict):
            gold.append(q)
        else:
            problems.append(LineProblem(q.line_no, f"（id={q.id}）缺少 \"expect\" 对象"))
    if not gold:
        raise InputFileError(str(path), message_zh=f"金标准文件中没有有效的题目：{path}")
    problems.sort(key=lambda p: p.line_no)
    return gold, problems
