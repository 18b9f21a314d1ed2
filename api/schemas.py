"""Request bodies. Unknown keys are ignored (front-ends send many); types are checked."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Turn(_Body):
    role: Literal["user", "assistant"]
    content: str


class AskRequest(_Body):
    question: str = Field(description="The question, in Chinese.")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first.")
    docs: list[str] | None = Field(None, description="Document titles (or file names) to answer from.")
    id: str | None = Field(None, max_length=200, description="Echoed as the output line's id.")


class UploadFile(_Body):
    name: str = Field(min_length=1, max_length=255, description="File name, e.g. 某某办法.docx.")
    content_base64: str = Field(description="The file's bytes, base64-encoded.")


class UploadRequest(_Body):
    files: list[UploadFile] = Field(min_length=1, max_length=20)


class ChatMessage(_Body):
    role: str
    content: str | list[dict] | None = None

    def text(self) -> str:
        """The message's text; OpenAI content parts ({"type": "text", "text": ...}) are joined."""
        if isinstance(self.content, str):
            return self.content
        if not self.content:
            return ""
        return "".join(str(p.get("text", "")) for p in self.content if p.get("type") in ("text", "input_text"))


class ChatRequest(_Body):
    model: str = "policyqa"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    docs: list[str] | None = None  # an extension: document titles to answer from
