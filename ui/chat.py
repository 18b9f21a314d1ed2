"""The chat boundary: one question in, one displayable turn out. No exception gets past it."""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Iterator

from core.errors import PolicyQAError
from assistant.respond import respond as respond_with_llm
from core.records import Answer, Citation
from prompts.templates import TOO_LONG

log = logging.getLogger("policyqa.app")

def example_questions(settings) -> tuple[str, ...]:
    """The example questions of the configured corpus profile (core/data/profiles)."""
    from core.profile import load_profile

    return load_profile(settings.profile).example_questions
INTERNAL_ERROR = "抱歉，系统暂时无法回答这个问题，请稍后再试。（错误已记录）"
LENGTH_HINT = "问题请控制在 {limit} 字以内。"

Kind = str  # "answer" | "refusal" | "too_long" | "error"


@dataclass(frozen=True)
class Turn:
    """One chat message as the app shows it."""

    role: str  # "user" | "assistant"
    content: str
    kind: Kind = "answer"
    question: str = ""  # for assistant turns: the question it answers
    citations: tuple[Citation, ...] = ()
    conflicts: tuple[str, ...] = ()
    notice: str = ""
    route: str = ""
    turn_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    time: str = field(default_factory=lambda: datetime.now().astimezone().isoformat(timespec="seconds"))

    @property
    def refused(self) -> bool:
        return self.kind != "answer"


def too_long_message(question: str, limit: int) -> str | None:
    """The Chinese message for an over-long question, or None when it fits."""
    if len(question) > limit:
        return TOO_LONG.render(length=len(question), limit=limit)
    return None


def history_for(turns: list[Turn]) -> list[dict]:
    """The conversation as `answer()` takes it; failed turns are left out."""
    out = []
    for t in turns:
        if t.role == "assistant" and t.kind in ("error", "too_long"):
            continue
        if t.role == "user" and t.kind == "too_long":
            continue
        out.append({"role": t.role, "content": t.content})
    return out


def answer_turn(question: str, answer: Answer) -> Turn:
    return Turn("assistant", answer.text, "refusal" if answer.refused else "answer", question,
                tuple(answer.citations), tuple(answer.conflicts), answer.notice, answer.route)


def respond(assistant, question: str, history: list[dict], doc_ids: list[str] | None = None) -> Turn:
    """Ask `assistant`; project errors become their Chinese message, anything else is logged.

    `doc_ids`: the documents chosen in the 文件范围 selector (None: all of them).
    """
    limit = assistant.settings.answer.max_question_chars
    message = too_long_message(question, limit)
    if message:
        return Turn("assistant", message, "too_long", question)
    try:
        answer = respond_with_llm(assistant, question, history, doc_ids=doc_ids or None)
    except PolicyQAError as exc:
        log.warning("answer failed: %s", exc)
        return Turn("assistant", exc.message_zh, "error", question)
    except Exception:  # the chat boundary: log it, show a Chinese message, never a traceback
        log.exception("unexpected error while answering %r", question[:200])
        return Turn("assistant", INTERNAL_ERROR, "error", question)
    return answer_turn(question, answer)


def respond_stream(assistant, question: str, history: list[dict], doc_ids: list[str] | None = None
                   ) -> Iterator[Turn | str]:
    """The streaming chat boundary (LLM configured): `assistant.llm.stream_answer` as turns.

    Yields the offline answer's Turn first (its citation cards can be drawn at once), then
    the checked text deltas (str), then the final Turn, the one to keep: the verified LLM
    answer, or the offline answer with a notice (its text replaces whatever was streamed).
    Nothing raises past it: a failure before the offline answer is an error Turn; one after
    it ends with the offline answer and the "unavailable" notice.
    """
    limit = assistant.settings.answer.max_question_chars
    message = too_long_message(question, limit)
    if message:
        yield Turn("assistant", message, "too_long", question)
        return
    base: Turn | None = None
    try:
        from assistant.llm import stream_answer

        for item in stream_answer(assistant, question, history, doc_ids=doc_ids or None):
            if isinstance(item, Answer):
                turn = answer_turn(question, item)
                base = base or turn
                yield turn
            elif isinstance(item, str) and item:
                yield item
    except PolicyQAError as exc:
        log.warning("answer failed: %s", exc)
        yield _after_failure(base, question, exc.message_zh)
    except Exception:  # the chat boundary: log it, show a Chinese message, never a traceback
        log.exception("unexpected error while answering %r", question[:200])
        yield _after_failure(base, question, INTERNAL_ERROR)


def _after_failure(base: Turn | None, question: str, message: str) -> Turn:
    if base is None:
        return Turn("assistant", message, "error", question)
    from prompts.llm import UNAVAILABLE_NOTICE

    return replace(base, notice=UNAVAILABLE_NOTICE, turn_id=uuid.uuid4().hex[:12])


def final_turn(items) -> Turn:
    """Drain `respond_stream`: its last Turn."""
    turns = [item for item in items if isinstance(item, Turn)]
    return turns[-1]


def user_turn(question: str, limit: int) -> Turn:
    kind = "too_long" if len(question) > limit else "answer"
    return Turn("user", question, kind)


def display_question(text: str, limit: int = 300) -> str:
    """What the chat shows of a user message (very long ones are cut)."""
    return text if len(text) <= limit else text[:limit] + f"……（共 {len(text)} 字）"


def conversation_markdown(turns: list[Turn], *, title: str = "政策问答记录") -> str:
    """The conversation as a Markdown document, each answer followed by its citations."""
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    lines = [f"# {title}", "", f"导出时间：{now}", ""]
    n = 0
    for t in turns:
        if t.role == "user":
            n += 1
            lines += [f"## 问题 {n}", "", _quote_block(display_question(t.content, 2000)), ""]
            continue
        label = {"answer": "回答", "refusal": "回答（未找到依据）", "too_long": "提示", "error": "出错"}.get(t.kind, "回答")
        lines += [f"**{label}：**", "", t.content, ""]
        if t.notice:
            lines += [f"> 说明：{t.notice}", ""]
        for c in t.conflicts:
            lines += [f"> 文件内部不一致：{c}", ""]
        if t.citations:
            lines += ["**引用：**", ""]
            for c in t.citations:
                lines.append(f"- 《{c.doc}》 {c.clause}：“{c.quote}”")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _quote_block(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines() or [""])
