"""What is kept of her between messages, for 30 minutes, under an HMAC of her LINE id: the
entries last shown and how many of them, the reply language, text-only mode and where she
lives (23 wards or Tama, and her ward or city) if she told it. Never her words."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


class ConversationState(BaseModel):
    # Unknown keys are ignored, not refused: a replica of another version may have written them.
    model_config = ConfigDict(frozen=True, extra="ignore")

    ids: tuple[str, ...] = ()  # the entries of her last results, in order
    shown: int = 0  # how many of them she has seen
    lang: str = "ja"  # the reply language: ja, en or easy
    text_only: bool = False  # she cannot call: text channels first
    region: str | None = None  # ku (23 wards) or tama, when she said or sent it
    municipality: str | None = None  # her ward or city, when she named it

    @classmethod
    def read(cls, stored: dict[str, Any] | None) -> ConversationState:
        """The state as the store holds it; one that cannot be read starts afresh."""
        try:
            return cls.model_validate(stored or {})
        except ValidationError:
            return cls()

    def stored(self) -> dict[str, Any]:
        """What the store keeps: the fields that differ from a fresh state."""
        return self.model_dump(mode="json", exclude_defaults=True)
