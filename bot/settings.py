"""Settings from the environment (LINE's own variable names), read once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.catalog.paths import DEFAULT_ROOT


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"
    line_api_data_url: str | None = None  # image uploads; default: api-data beside the base URL
    redis_url: str | None = None  # replicas share state through it; without it, state is in-process
    redis_prefix: str = "twsf:"
    state_dir: Path = Path("var")  # feedback counts when there is no Redis
    state_secret: SecretStr | None = None  # HMAC key for web visitors; default: the LINE channel secret
    rate_limit_per_minute: int = 30  # per person on LINE; past it, a brief reply
    # Requests per client address to the API and the pages (never /callback or /healthz);
    # past the limit, 429 with Retry-After. 0: off. Counted in each process's memory.
    web_rate_limit_per_minute: int = 120
    web_rate_limit_burst: int = 30  # requests an address may send at once
    # Peers whose X-Forwarded-For names the client ("*": any; comma-separated addresses or
    # networks). Empty: the header is ignored. Behind the shipped nginx (which replaces the
    # header with the address it saw), its address or "*" when nothing else can reach the app.
    forwarded_allow_ips: str = ""
    search_threads: int = 2  # searches from the API and the page run at most this many at once
    kb_sync_seconds: float = 2.0  # how often a replica checks for a reload announced by another
    log_format: Literal["json", "text"] = "json"
    admin_token: SecretStr | None = None
    knowledge_dir: Path = DEFAULT_ROOT

    @property
    def line_configured(self) -> bool:
        return bool(self.line_channel_secret and self.line_channel_access_token)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
