"""Project errors. They carry a Chinese user message; only the edges (app, CLI) show it."""
from __future__ import annotations


class PolicyQAError(Exception):
    """Base class; `message_zh` is what a user sees."""

    message_zh = "处理请求时出错。"

    def __init__(self, detail: str = "", *, message_zh: str | None = None):
        super().__init__(detail or self.message_zh)
        if message_zh:
            self.message_zh = message_zh


class SettingsError(PolicyQAError):
    """The environment sets a setting to a value it cannot take."""

    message_zh = "配置有误，请检查 POLICYQA_ 开头的环境变量。"


class CorpusError(PolicyQAError):
    """A document could not be read or parsed."""

    message_zh = "文件无法解析。"


class IndexMismatchError(PolicyQAError):
    """The stored index was built with other settings (model, chunking, dictionary)."""

    message_zh = "索引与当前配置不一致，请重新运行 python -m ingest。"


class IndexBusyError(PolicyQAError):
    """Another process holds the ingest lock."""

    message_zh = "另一个入库任务正在运行，请稍后再试。"


class EmptyIndexError(PolicyQAError):
    message_zh = "语料库为空：没有可用的政策文件。"


class BadQuestionError(PolicyQAError):
    message_zh = "问题无效。"


class StoreUnavailableError(PolicyQAError):
    """The Chroma server cannot be reached, or it lacks a collection the index needs."""

    message_zh = "无法连接向量库服务器（Chroma），请检查 POLICYQA_STORE__HOST / POLICYQA_STORE__PORT 与服务器状态。"


class EmbeddingUnavailableError(PolicyQAError):
    """The embeddings endpoint (POLICYQA_EMBEDDING__BACKEND=openai) cannot be reached or answers nonsense."""

    message_zh = "嵌入服务暂不可用，请检查 POLICYQA_EMBEDDING__BASE_URL 与服务状态。"


class LLMUnavailable(PolicyQAError):
    message_zh = "大模型服务暂不可用，已改用离线抽取式回答。"


class ProfileError(PolicyQAError):
    """An enterprise profile (DESIGN §6) has a field it cannot take; the message names the field."""

    message_zh = "企业画像有误。"
