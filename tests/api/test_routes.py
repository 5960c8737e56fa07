from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.catalog.errors import KnowledgeBaseError
from bot.search.normalize import MAX_QUERY_CHARS
from bot.settings import Settings
from tests.helpers.kbtree import copy_tree, edit_entries


def test_healthz_reports_kb_version(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert re.fullmatch(r"[0-9a-f]{12}", body["kb_version"])


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/search?q=夫が怖い", 200),
        (f"/api/search?q={'あ' * (MAX_QUERY_CHARS + 1)}", 422),  # the refusal echoes the query too
        ("/api/services/josei-sodan-center", 200),
        ("/api/services/no-such-service", 404),
        ("/healthz", 200),
    ],
)
def test_api_answers_are_never_stored_or_sniffed(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_static_files_may_be_cached(client: TestClient) -> None:
    response = client.get("/static/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_search_contract_shape(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "夫に殴られて家に帰れない"}).json()
    assert set(body) >= {"query", "crisis", "results", "kb_version"}
    assert body["query"] == "夫に殴られて家に帰れない"
    assert body["results"], body
    for result in body["results"]:
        assert set(result) >= {
            "id",
            "name",
            "kind",
            "summary",
            "score",
            "why",
            "contacts",
            "sources",
            "last_verified",
        }
        for contact in result["contacts"]:
            assert set(contact) >= {"type", "value", "label", "hours", "open_now"}
            assert contact["hours"]
            assert contact["last_verified"]
        for source in result["sources"]:
            assert set(source) >= {"doc", "item"}
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_api_search_crisis_object(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "今夫に殴られてる"}).json()
    crisis = body["crisis"]
    assert crisis is not None
    assert set(crisis) >= {"level", "message", "contacts"}
    assert crisis["contacts"][0]["value"] == "110"


def test_api_search_greeting_is_empty_not_filler(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "こんにちは"}).json()
    assert body["results"] == [] and body["crisis"] is None


def test_api_search_audience_filter(client: TestClient) -> None:
    public = client.get("/api/search", params={"q": "女性相談支援員 研修", "limit": 20}).json()
    worker = client.get(
        "/api/search", params={"q": "女性相談支援員 研修", "limit": 20, "audience": "worker"}
    ).json()
    assert all(r["user_facing"] for r in public["results"])
    assert any(not r["user_facing"] for r in worker["results"])


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "あ" * (MAX_QUERY_CHARS + 1)},
        {"q": "x", "limit": 0},
        {"q": "x", "audience": "admin"},
        {},
    ],
)
def test_api_search_bad_input_is_422(client: TestClient, params: dict[str, object]) -> None:
    assert client.get("/api/search", params=params).status_code == 422


@pytest.mark.parametrize("q", ["\x00\x01\x02", "\ufffd\ufffd", "%%%%", "😭" * 500, "\u202e\u202d"])
def test_api_search_binary_or_odd_input_never_500(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_api_service_detail_has_records_and_contacts(client: TestClient) -> None:
    body = client.get("/api/services/josei-sodan-center").json()
    assert body["id"] == "josei-sodan-center"
    assert body["records"] and body["records"][0]["ref"] == "plan2025:1"
    assert body["records"][0]["as_of"] == "2025-01-31"
    assert body["contacts"][0]["value"] == "03-5261-3110"


def test_api_service_unknown_is_404(client: TestClient) -> None:
    assert client.get("/api/services/no-such-thing").status_code == 404


def test_api_service_shelter_shows_front_door_not_place(client: TestClient) -> None:
    shelters = [
        r
        for r in client.get("/api/search", params={"q": "シェルターに入りたい", "limit": 10}).json()[
            "results"
        ]
        if r["confidential_location"]
    ]
    assert shelters
    detail = client.get(f"/api/services/{shelters[0]['id']}").json()
    assert detail["front_door"]
    assert all(c["type"] != "visit" for c in detail["contacts"])


def test_callback_without_line_credentials_is_503(client: TestClient) -> None:
    response = client.post("/callback", content=b"{}")
    assert response.status_code == 503
    assert "LINE_CHANNEL_SECRET" in response.json()["detail"]


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/api/search" in client.get("/openapi.json").json()["paths"]


def test_api_search_never_logs_what_she_wrote(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "ミナミハルカ夫に殴られた秘密の文"
    with caplog.at_level(logging.DEBUG):
        assert client.get("/api/search", params={"q": secret}).status_code == 200
    assert secret not in caplog.text
    assert "ミナミハルカ" not in caplog.text


def test_app_refuses_to_start_on_an_invalid_base(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0].update(kind="helpline"))
    app = create_app(Settings(knowledge_dir=root))
    with pytest.raises(KnowledgeBaseError), TestClient(app):
        pass
