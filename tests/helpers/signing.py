"""``X-Line-Signature`` as LINE computes it: base64 of the HMAC-SHA256 of the body."""

from __future__ import annotations

import base64
import hashlib
import hmac

SECRET = "test-channel-secret"


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
