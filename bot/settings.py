"""Settings from the environment (LINE's own variable names), read once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.catalog.loader import DEFAULT_ROOT


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"
    line_api_data_url: str | None = None  # image uploads; default: api-data beside the base URL
    redis_url: str | None = None
    admin_token: SecretStr | None = None
    knowledge_dir: Path = DEFAULT_ROOT

    @property
    def line_configured(self) -> bool:
        return bool(self.line_channel_secret and self.line_channel_access_token)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
