"""The tests' signing helper against a known answer and the SDK's own validator."""

from __future__ import annotations

from linebot.v3.webhook import SignatureValidator

from tests.helpers.signing import SECRET, sign

BODY = b'{"destination":"U0","events":[]}'
# openssl dgst -sha256 -hmac test-channel-secret -binary | base64
KNOWN = "gQe1nlhCYUjCASVA8bc80PkuRrptjwZp4BwaK3x1fFw="


def test_sign_gives_the_known_signature() -> None:
    assert sign(BODY) == KNOWN


def test_sign_is_accepted_by_the_sdk_validator_and_a_changed_body_is_not() -> None:
    validator = SignatureValidator(SECRET)
    assert validator.validate(BODY.decode(), sign(BODY))
    assert not validator.validate(BODY.decode().replace("U0", "U1"), sign(BODY))
