"""A naive LangChain RAG baseline, scored with the same metrics as the assistant.

RecursiveCharacterTextSplitter(chunk_size=300, chunk_overlap=50) over the raw corpus text,
the project's own embedder behind a LangChain `Embeddings` adapter, LangChain's
`InMemoryVectorStore` (cosine), top-3 chunks. The "answer" is the three chunks
concatenated: it never refuses and cites no clause. Only the question is embedded (no
history): that is what a naive pipeline does.
"""
from __future__ import annotations

import time
from pathlib import Path

from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import InMemoryVectorStore
from langchain_text_splitters import RecursiveCharacterTextSplitter

from core.records import Answer
from core.settings import Settings
from assistant.contract import output_record
from eval.metrics import ItemScore, score_item
from eval.runner import WARM_UP_QUESTION, Question
from store.embedders import Embedder, get_embedder

CHUNK_SIZE = 300
CHUNK_OVERLAP = 50
TOP_K = 3
_RAW_SUFFIXES = (".txt", ".md")


class ProjectEmbeddings(Embeddings):
    """LangChain `Embeddings` over the project's embedder (same model as the assistant's index)."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_queries([text])[0].tolist()


def corpus_texts(index, corpus_dir: Path) -> list[tuple[str, str]]:
    """(file name, text) per indexed document: the file's raw text for plain-text formats,
    the reader's extracted text for the others (docx, pdf, html have no raw text to split)."""
    texts = []
    for doc in index.documents.values():
        path = Path(corpus_dir) / doc.path
        text = doc.text
        if path.suffix.lower() in _RAW_SUFFIXES:
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = doc.text  # e.g. a GBK file: the ingest reader decoded it already
        texts.append((doc.path, text))
    return texts


class NaiveRAG:
    """Split, embed, store in memory, return the top-k chunks for a question."""

    def __init__(self, texts: list[tuple[str, str]], embedder: Embedder, *, chunk_size: int = CHUNK_SIZE,
                 chunk_overlap: int = CHUNK_OVERLAP, top_k: int = TOP_K):
        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)
        docs = splitter.create_documents([t for _, t in texts], metadatas=[{"source": s} for s, _ in texts])
        self.store = InMemoryVectorStore(ProjectEmbeddings(embedder))
        self.store.add_documents(docs)
        self.chunks = len(docs)
        self.top_k = top_k

    def retrieve(self, question: str) -> list[LCDocument]:
        return self.store.similarity_search(question, k=self.top_k)

    def answer(self, question: str) -> Answer:
        text = "\n".join(d.page_content for d in self.retrieve(question))
        return Answer(text, refused=False, route="extractive")


def build_baseline(index, settings: Settings, corpus_dir: Path | None = None) -> NaiveRAG:
    """The baseline over the same corpus as `index`, with the same embedder."""
    corpus = Path(corpus_dir or settings.corpus_dir)
    return NaiveRAG(corpus_texts(index, corpus), get_embedder(settings.embedding))


def run_baseline(rag: NaiveRAG, gold: list[Question]) -> list[ItemScore]:
    """Answer every gold item with the baseline and score it with the same metrics."""
    rag.answer(WARM_UP_QUESTION)
    scores = []
    for q in gold:
        started = time.perf_counter()
        result = rag.answer(q.question)
        latency = (time.perf_counter() - started) * 1000
        scores.append(score_item(q.raw, output_record(q.id, q.question, result, latency)))
    return scores
