"""The ``openai`` and ``openai-compatible`` backends: chat completions over HTTP.

Retries are the ``openai`` client's own (timeouts, connection errors, 408/409/429/5xx,
honouring ``Retry-After``), up to ``llm.max_retries``. All of them happen inside the
call's :class:`~.base.Budget` deadline: a transport under the client gives each attempt
at most the time left (``llm.timeout_s`` is only the cap), and once the time left cannot
hold another pause and attempt it ends the retrying, so a server that accepts and never
answers costs ``llm.deadline_s``, not ``(max_retries + 1) * timeout_s``.

Token counts are the server's own (``stream_options.include_usage`` when streaming);
a server that reports none is estimated with cl100k and the call counted as estimated.
"""

from __future__ import annotations

import contextvars
import email.utils
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx2  # what the openai client (>= 3) speaks HTTP with
import openai
from pydantic import SecretStr

from ..errors import BackendError, UserError
from ..settings import Settings
from ..tokens import count_tokens
from . import OPENAI_DEFAULT_MODEL
from .base import Budget, Metered, Usage

log = logging.getLogger(__name__)

OPENAI_URL = "https://api.openai.com/v1"
# The openai client's pause before retry n (1-based) is at most 0.5 * 2**(n-1) s, capped
# at 8 s (openai._constants: INITIAL_RETRY_DELAY, MAX_RETRY_DELAY; jitter only shortens it).
_BACKOFF_S, _BACKOFF_MAX_S = 0.5, 8.0
# Another attempt is worth making only with at least this long left after the pause.
MIN_ATTEMPT_S = 0.2
_RETRYABLE = {408, 409, 429} | set(range(500, 600))

T = TypeVar("T")


@dataclass
class _Call:
    """One logical request (all its attempts), seen by the transport via a context var."""

    budget: Budget
    label: str
    attempts: int = 0

    def pause_before_next(self, response: httpx2.Response | None) -> float:
        retry_after = _retry_after(response) if response is not None else None
        if retry_after is not None:
            return retry_after
        return min(_BACKOFF_S * 2 ** (self.attempts - 1), _BACKOFF_MAX_S)

    def another_fits(self, response: httpx2.Response | None = None) -> bool:
        left = self.budget.remaining()
        return left is None or left >= self.pause_before_next(response) + MIN_ATTEMPT_S


def _attempts(call: _Call) -> str:
    return f"{call.attempts} attempt" + ("s" if call.attempts != 1 else "")


_current: contextvars.ContextVar[_Call | None] = contextvars.ContextVar("llm_call", default=None)


def _retry_after(response: httpx2.Response) -> float | None:
    """Seconds the server asked to wait (``retry-after-ms`` or ``Retry-After``), if any."""
    headers = response.headers
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class _DeadlineTransport(httpx2.HTTPTransport):
    """Bounds every attempt by the current call's deadline, and stops the client's
    retrying (an ``OpenAIError`` is re-raised by the client as is; a response marked
    ``x-should-retry: false`` is not retried) once no further attempt would fit."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        call = _current.get()
        if call is None:
            return super().handle_request(request)
        left = call.budget.remaining()
        if left is not None and left <= 0:
            raise openai.APITimeoutError(request=request)
        call.attempts += 1
        if call.attempts > 1:
            log.warning("%s: attempt %d", call.label, call.attempts)
        if left is not None:
            timeouts = request.extensions.get("timeout") or {}
            request.extensions["timeout"] = {
                k: left if v is None else min(v, left)
                for k, v in {"connect": None, "read": None, "write": None, "pool": None,
                             **timeouts}.items()}
        try:
            response = super().handle_request(request)
        except httpx2.TimeoutException as exc:
            if not call.another_fits():
                raise openai.APITimeoutError(request=request) from exc
            raise
        except httpx2.TransportError as exc:
            if not call.another_fits():
                raise openai.APIConnectionError(request=request) from exc
            raise
        if response.status_code in _RETRYABLE and not call.another_fits(response):
            response.headers["x-should-retry"] = "false"
        return response


class OpenAIModel(Metered):
    """Chat completions over HTTP with the ``openai`` client, inside a deadline."""

    def __init__(self, settings: Settings) -> None:
        cfg = settings.llm
        self.backend = cfg.backend
        key = cfg.api_key.get_secret_value() if cfg.api_key else None
        self.base_url = cfg.base_url or os.environ.get("OPENAI_BASE_URL") or (
            OPENAI_URL if cfg.backend == "openai" else None)
        if cfg.backend == "openai":
            key = key or os.environ.get("OPENAI_API_KEY")
            if not key:
                raise UserError("LLM backend openai needs an API key: set OPENAI_API_KEY "
                                "or llm.api_key")
        else:
            if not self.base_url:
                raise UserError(f"LLM backend {cfg.backend} needs llm.base_url "
                                "(e.g. http://127.0.0.1:8000/v1) or $OPENAI_BASE_URL")
            # $OPENAI_API_KEY is deliberately not sent here: an OpenAI key has no
            # business going to a third-party server unless set as llm.api_key.
            key = key or "not-needed"
        self._key = SecretStr(key)  # only to scrub messages; SecretStr keeps it out of reprs
        self.timeout_s, self.max_retries, self.deadline_s = cfg.timeout_s, cfg.max_retries, cfg.deadline_s
        self._max_tokens, self._temperature = cfg.max_tokens, cfg.temperature
        self.prices, self.usage = dict(cfg.prices), Usage()
        self.client = openai.OpenAI(
            api_key=key, base_url=self.base_url, timeout=cfg.timeout_s, max_retries=cfg.max_retries,
            http_client=openai.DefaultHttpxClient(transport=_DeadlineTransport()))
        self.model_id = cfg.model or (OPENAI_DEFAULT_MODEL if cfg.backend == "openai"
                                      else self._only_model())

    def __repr__(self) -> str:
        return f"OpenAIModel({self.backend!r}, {self.base_url!r}, model={self.model_id!r})"

    def _only_model(self) -> str:
        ids = [m.id for m in self._call(lambda: self.client.models.list(), None).data]
        if not ids:
            raise UserError(f"the server at {self.base_url} lists no models; set llm.model")
        if len(ids) > 1:
            raise UserError(f"the server at {self.base_url} serves {len(ids)} models "
                            f"({', '.join(ids[:20])}); choose one with llm.model or --model")
        return ids[0]

    def _scrub(self, text: str) -> str:
        secret = self._key.get_secret_value()
        text = " ".join(text.split())
        return text.replace(secret, "***") if len(secret) >= 4 else text

    def _error(self, what: str) -> BackendError:
        return BackendError(self._scrub(f"LLM backend {self.backend} at {self.base_url} {what}"))

    def _describe(self, exc: BaseException) -> str:
        def clip(text: object) -> str:  # scrub before cutting, or a cut key would survive
            return self._scrub(str(text))[:200]

        if isinstance(exc, openai.APITimeoutError):
            return "timed out"
        if isinstance(exc, openai.APIConnectionError):
            cause = str(exc.__cause__ or exc)
            return "connection refused" if "refused" in cause.lower() else f"connection error: {clip(cause)}"
        if isinstance(exc, openai.APIStatusError):
            body = exc.body.get("message", exc.body) if isinstance(exc.body, dict) else exc.body
            return f"HTTP {exc.status_code}" + (f" ({clip(body)})" if body else "")
        return f"{type(exc).__name__}: {clip(exc)}"

    def _call(self, request: Callable[[], T], budget: Budget | None) -> T:
        """``request()`` with the client's retries, all inside ``budget``'s deadline (a
        fresh ``llm.deadline_s`` when None); failures become one-line BackendErrors."""
        call = _Call(budget or Budget(self.deadline_s), f"LLM backend {self.backend} at {self.base_url}")
        token = _current.set(call)
        try:
            return request()
        except openai.APIStatusError as exc:
            retried = exc.status_code in _RETRYABLE
            verb = f"failed after {_attempts(call)}" if retried else "rejected the request"
            raise self._error(f"{verb}: {self._describe(exc)}") from None
        except openai.APIConnectionError as exc:  # timeouts included
            if call.budget.expired() or (isinstance(exc, openai.APITimeoutError)
                                         and not call.another_fits()):
                raise self._error(f"gave no answer within the {call.budget.deadline_s:g} s "
                                  f"deadline (llm.deadline_s; {_attempts(call)})") from None
            raise self._error(f"failed after {_attempts(call)}: {self._describe(exc)}") from None
        except openai.APIError as exc:  # e.g. a response that is not what the API returns
            raise self._error(f"failed: {self._describe(exc)}") from None
        finally:
            _current.reset(token)

    def _params(self, messages: list[dict], max_tokens: int | None, stop: list[str] | None,
                temperature: float | None) -> dict[str, Any]:
        params: dict[str, Any] = dict(
            model=self.model_id, messages=messages, max_tokens=max_tokens or self._max_tokens,
            temperature=self._temperature if temperature is None else temperature)
        if stop:
            params["stop"] = stop
        return params

    def _record_response(self, budget: Budget | None, usage: Any, messages: list[dict],
                         text: str) -> None:
        if usage is not None and usage.prompt_tokens is not None:
            self._record(budget, usage.prompt_tokens, usage.completion_tokens or 0)
        else:  # the server reported nothing: cl100k, marked as an estimate
            prompt = sum(count_tokens(str(m.get("content") or "")) for m in messages)
            self._record(budget, prompt, count_tokens(text), estimated=True)

    def complete(self, messages: list[dict], *, max_tokens: int | None = None,
                 stop: list[str] | None = None, temperature: float | None = None,
                 budget: Budget | None = None) -> str:
        params = self._params(messages, max_tokens, stop, temperature)
        response = self._call(lambda: self.client.chat.completions.create(**params), budget)
        if not response.choices:
            raise self._error("returned no choices")
        text = response.choices[0].message.content or ""
        self._record_response(budget, response.usage, messages, text)
        return text

    def stream(self, messages: list[dict], *, max_tokens: int | None = None,
               stop: list[str] | None = None, temperature: float | None = None,
               budget: Budget | None = None) -> Iterator[str]:
        params = self._params(messages, max_tokens, stop, temperature)
        budget = budget or Budget(self.deadline_s)
        # Only opening the stream is retried: once text has been yielded, a retry would
        # repeat it.
        chunks = self._call(lambda: self.client.chat.completions.create(
            stream=True, stream_options={"include_usage": True}, **params), budget)
        pieces: list[str] = []
        usage = None
        try:
            for chunk in chunks:
                usage = getattr(chunk, "usage", None) or usage
                if chunk.choices and (piece := chunk.choices[0].delta.content):
                    pieces.append(piece)
                    yield piece
                if budget.expired():
                    raise self._error(f"did not finish within the {budget.deadline_s:g} s "
                                      "deadline (llm.deadline_s)")
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - openai or HTTP-library errors alike
            raise self._error(f"failed while streaming: {self._describe(exc)}") from None
        finally:
            chunks.close()
            self._record_response(budget, usage, messages, "".join(pieces))
