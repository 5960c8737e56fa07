"""Requests per client address: buckets in memory, and a real ``python -m bot serve`` answering
429 with Retry-After, never on the webhook or /healthz, believing X-Forwarded-For only when told."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.api.ratelimit import AddressLimiter, address_key
from bot.catalog.loader import DEFAULT_ROOT
from tests.helpers.serve import Served, serving

BURST = 3
# One request a minute once the burst is spent: nothing refills while a test runs.
LIMIT_ENV = {"WEB_RATE_LIMIT_PER_MINUTE": "1", "WEB_RATE_LIMIT_BURST": str(BURST)}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_lets_a_burst_through_then_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = AddressLimiter(per_minute=60, burst=2, clock=clock)
    assert limiter.take("192.0.2.1") == 0 and limiter.take("192.0.2.1") == 0
    assert limiter.take("192.0.2.1") == pytest.approx(1.0)  # one token a second
    assert limiter.take("192.0.2.2") == 0  # another address has its own bucket
    clock.now += 1.0
    assert limiter.take("192.0.2.1") == 0


def test_limiter_remembers_a_bounded_number_of_addresses() -> None:
    clock = Clock()
    limiter = AddressLimiter(per_minute=60, burst=5, max_addresses=100, clock=clock)
    for i in range(10_000):
        limiter.take(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
    assert len(limiter) <= 100
    # A bucket that has filled again holds nothing worth keeping: it is forgotten.
    clock.now += 60
    limiter.take("192.0.2.9")
    assert len(limiter) == 1


def test_an_ipv6_client_counts_by_its_network() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert address_key("192.0.2.7") == "192.0.2.7"


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    base = tmp_path_factory.mktemp("limited")
    with serving(DEFAULT_ROOT, base / "serve.log", env=LIMIT_ENV) as served:
        yield served


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    base = tmp_path_factory.mktemp("proxied")
    env = {**LIMIT_ENV, "FORWARDED_ALLOW_IPS": "127.0.0.1"}
    with serving(DEFAULT_ROOT, base / "serve.log", env=env) as served:
        yield served


def _retry_after(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    seconds = int(response.headers["retry-after"])
    assert 1 <= seconds <= 60
    return seconds


def test_api_and_pages_answer_429_with_retry_after_past_the_limit(limited: Served) -> None:
    # The X-Forwarded-For header is not believed: the server was not told of a proxy.
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        answers = [
            client.get(
                "/api/search", params={"q": "夫が怖い"}, headers={"X-Forwarded-For": f"198.51.100.{i}"}
            )
            for i in range(BURST)
        ]
        assert [a.status_code for a in answers] == [200] * BURST
        refused = client.get(
            "/api/search", params={"q": "夫が怖い"}, headers={"X-Forwarded-For": "198.51.100.99"}
        )
        _retry_after(refused)
        assert refused.headers["cache-control"] == "no-store"
        assert "try again" in refused.json()["detail"]
        assert "夫が怖い" not in refused.text
        page = client.get("/", params={"q": "夫が怖い"})
        _retry_after(page)
        assert "少し待ってください" in page.text
        assert _retry_after(client.get("/referral", params={"ids": "josei-sodan-center"}))
        # Never limited: the LINE webhook (here unconfigured: 503), liveness, metrics, static files.
        for _ in range(BURST + 2):
            assert client.get("/healthz").status_code == 200
            assert client.post("/callback", content=b"{}").status_code == 503
            assert client.get("/static/site.css").status_code == 200
        metrics = client.get("/metrics").text
    assert 'http_rate_limited_total{route="api"} 1.0' in metrics
    assert 'http_rate_limited_total{route="page"} 2.0' in metrics


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_limit(behind_proxy: Served) -> None:
    with httpx.Client(base_url=behind_proxy.url, timeout=30) as client:

        def search(address: str) -> httpx.Response:
            return client.get("/api/search", params={"q": "生理こない"}, headers={"X-Forwarded-For": address})

        assert [search("203.0.113.5").status_code for _ in range(BURST)] == [200] * BURST
        _retry_after(search("203.0.113.5"))
        assert search("203.0.113.6").status_code == 200  # another person behind the same proxy
