"""Settings: defaults, then `.drafter.toml`, then DRAFTER_* environment variables, then flags."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from drafter.errors import ConfigError

BackendName = Literal["local", "openai", "fake"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE_NAME = ".drafter.toml"


def bundled(name: str, kept: str) -> Path:
    """A folder drafter reads at run time: where the repository keeps it (a checkout or an
    editable install), else the copy an installed package carries under drafter/data/."""
    source = PROJECT_ROOT / kept
    return source if source.is_dir() else Path(__file__).resolve().parent / "data" / name


class Settings(BaseModel):
    """Everything a run needs to know; built by `load_settings`, never at import time."""

    model_config = ConfigDict(extra="forbid")

    home: Path = Field(default_factory=lambda: Path(user_data_dir("drafter", appauthor=False)))
    knowledge_dir: Path = bundled("knowledge", "knowledge")
    prompts_dir: Path = bundled("prompts", "prompts")

    backend: BackendName = "local"
    # local backend: a GGUF path; empty means the bundled Qwen2.5-Coder-1.5B-Instruct.
    model_path: Path | None = None
    n_ctx: int = 4096
    n_threads: int = Field(default_factory=lambda: max(1, os.cpu_count() or 1))
    # llama.cpp's fused attention: on 2 cores the prompt is read 6-14% faster (5 of 5 paired
    # runs of 1,500 tokens), writing is no slower; the text differs only by float rounding.
    flash_attn: bool = True
    # Keep llama.cpp's state after reading the system message on disk, so a later run with the
    # same language and tone starts past it (~460 tokens, ~7 s on 2 cores).
    prompt_cache: bool = True
    # openai backend: any OpenAI-compatible endpoint.
    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key_env: str = "OPENAI_API_KEY"
    api_key: SecretStr | None = None
    timeout_s: float = 120.0
    context_window: int | None = None  # tokens; None = backend default

    temperature: float = 0.3
    # Drafting on the local model: a mild penalty on tokens repeated within the last 64 keeps
    # the 1.5B model from writing the same Chinese sentence again and again (Chinese ads in
    # band 2 of 10 → 6 of 10 in an eval subset at 1.1). Extraction copies facts: no penalty.
    draft_repeat_penalty: float = Field(default=1.1, ge=1.0, le=2.0)
    # How many of the answer's last tokens the penalty looks back over (llama.cpp's
    # penalty_last_n; its default is 64). The 1.5B model repeats a whole field: about-us is the
    # hook again, 100 and more tokens back, out of reach of a 64-token window.
    repeat_window: int = Field(default=256, ge=0, le=8192)
    seed: int = 42
    max_completion_tokens: int = 1400
    max_reasks: int = 2
    retrieve_k: int = 6

    # Tables for other stages (e.g. [check]) are kept raw and validated by their own stage.
    extra_tables: dict[str, Any] = Field(default_factory=dict)

    @property
    def store_dir(self) -> Path:
        """Folder of the chromadb store."""
        return self.home / "store"

    @property
    def prompt_cache_dir(self) -> Path:
        """Folder of the local model's saved states after reading a system message."""
        return self.home / "prompt-cache"

    @property
    def models_dir(self) -> Path:
        """Folder where the assembled local model is cached."""
        return self.home / "models"

    def resolved_api_key(self) -> SecretStr | None:
        """The API key from settings or from the environment variable named by api_key_env."""
        if self.api_key is not None:
            return self.api_key
        value = os.environ.get(self.api_key_env)
        return SecretStr(value) if value else None


_ENV_FIELDS = {
    "DRAFTER_HOME": "home",
    "DRAFTER_BACKEND": "backend",
    "DRAFTER_MODEL_PATH": "model_path",
    "DRAFTER_BASE_URL": "base_url",
    "DRAFTER_MODEL": "model",
    "DRAFTER_API_KEY_ENV": "api_key_env",
    "DRAFTER_N_CTX": "n_ctx",
    "DRAFTER_THREADS": "n_threads",
    "DRAFTER_FLASH_ATTN": "flash_attn",
    "DRAFTER_PROMPT_CACHE": "prompt_cache",
    "DRAFTER_KNOWLEDGE_DIR": "knowledge_dir",
    "DRAFTER_PROMPTS_DIR": "prompts_dir",
    "DRAFTER_TIMEOUT": "timeout_s",
    "DRAFTER_REPEAT_PENALTY": "draft_repeat_penalty",
    "DRAFTER_REPEAT_WINDOW": "repeat_window",
}


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest `.drafter.toml` from `start` upwards, or $DRAFTER_CONFIG."""
    env = os.environ.get("DRAFTER_CONFIG")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from the config file, the environment and explicit overrides."""
    values: dict[str, Any] = {}
    path = config_file or find_config_file()
    if path is not None:
        if not path.is_file():
            raise ConfigError("config file not found", file=str(path), fix="check DRAFTER_CONFIG")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"not valid TOML ({exc})", file=str(path), fix="fix the syntax"
            ) from None
        core = data.pop("drafter", {})
        if not isinstance(core, dict):
            raise ConfigError("[drafter] must be a table", file=str(path), field="drafter")
        values.update(core)
        values["extra_tables"] = data
    for env_name, field in _ENV_FIELDS.items():
        if os.environ.get(env_name):
            values[field] = os.environ[env_name]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise ConfigError(
            err["msg"],
            file=str(path) if path else "settings",
            field=field,
            fix=f"set a valid value for {field}",
        ) from None


def settings_for_command(model: str | None = None, **overrides: Any) -> Settings:
    """Settings for a command's options. `--model` is a GGUF path on the local backend and a
    model name on the others; which backend applies is known only once the config file and the
    environment (DRAFTER_BACKEND) are read, so that is decided here, after loading."""
    settings = load_settings(**overrides)
    if model:
        key = "model_path" if settings.backend == "local" else "model"
        settings = load_settings(**overrides, **{key: model})
    return settings
