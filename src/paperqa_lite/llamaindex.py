"""paperqa-lite's retriever and model as LlamaIndex objects, for users who build on LlamaIndex.

:func:`llamaindex_parts` returns the hybrid retriever (:class:`retrieve.HybridRetriever`,
a LlamaIndex ``BaseRetriever``: the k best papers' chunks as ``NodeWithScore``, each
node's ``metadata`` naming its paper) and the configured model wrapped as a LlamaIndex
``CustomLLM`` (:class:`PaperQALLM`, over the narrow ``complete``/``stream`` interface of
:mod:`llm`). Both go wherever LlamaIndex takes a retriever or an LLM: a
``RetrieverQueryEngine``, a chat engine, node postprocessors (README, "Use from LlamaIndex").

The model sees whatever prompt the LlamaIndex engine builds; the checks paperqa-lite's
own answers go through (citations, numbers, abstention) are not applied here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.base.llms.types import (ChatMessage, ChatResponse, ChatResponseGen, CompletionResponse,
                                              CompletionResponseGen, LLMMetadata, MessageRole)
from llama_index.core.constants import DEFAULT_CONTEXT_WINDOW
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from pydantic import PrivateAttr

from .llm import Model, get_model
from .retrieve import HybridRetriever, get_retriever
from .settings import Settings, load_settings
from .store import Store

__all__ = ["PaperQALLM", "llamaindex_parts"]


def _messages(messages: Sequence[ChatMessage]) -> list[dict]:
    return [{"role": m.role.value, "content": m.content or ""} for m in messages]


class PaperQALLM(CustomLLM):
    """A paperqa-lite :class:`llm.Model` (local SmolLM2 or an OpenAI-compatible server) as a
    LlamaIndex chat LLM. Each call is metered on the model's ``usage`` like any other."""

    context_window: int = DEFAULT_CONTEXT_WINDOW
    num_output: int = 256
    model_name: str = "paperqa-lite"
    _model: Any = PrivateAttr()

    def __init__(self, model: Model, **kwargs: Any) -> None:
        super().__init__(model_name=model.model_id, **kwargs)
        self._model = model

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=self.context_window, num_output=self.num_output,
                           is_chat_model=True, model_name=self.model_name)

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        text = self._model.complete(_messages(messages), max_tokens=self.num_output)
        return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        def gen() -> ChatResponseGen:
            text = ""
            for delta in self._model.stream(_messages(messages), max_tokens=self.num_output):
                text += delta
                yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text), delta=delta)
        return gen()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._model.complete([{"role": "user", "content": prompt}],
                                                            max_tokens=self.num_output))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        def gen() -> CompletionResponseGen:
            text = ""
            for delta in self._model.stream([{"role": "user", "content": prompt}], max_tokens=self.num_output):
                text += delta
                yield CompletionResponse(text=text, delta=delta)
        return gen()


def llamaindex_parts(settings: Settings | None = None, *, k: int | None = None, since: str | None = None,
                     until: str | None = None,
                     min_upvotes: int | None = None) -> tuple[HybridRetriever, PaperQALLM]:
    """(retriever, llm) for the settings' collection and model (default: the user's
    settings, as the CLI loads them): the hybrid retriever returning the ``k`` best
    papers' chunks (default ``retrieve.k``) within the date and upvote bounds, and the
    model as a LlamaIndex LLM. The context window is ``llm.n_ctx`` for the local model,
    LlamaIndex's default for a server's."""
    settings = settings or load_settings()
    retriever = get_retriever(settings, Store(settings)).as_retriever(
        k, since=since, until=until, min_upvotes=min_upvotes)
    window = settings.llm.n_ctx if settings.llm.backend == "local" else DEFAULT_CONTEXT_WINDOW
    llm = PaperQALLM(get_model(settings), context_window=window, num_output=settings.llm.max_tokens)
    return retriever, llm
