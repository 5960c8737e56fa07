from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.app import create_app
from bot.catalog.errors import KnowledgeBaseError
from bot.reload import reload_knowledge
from bot.settings import Settings
from tests.helpers.kbtree import copy_tree, edit_entries

TOKEN = "s3cret-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_ALIAS = "Zyxwvquark"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_tree(tmp_path)


@pytest.fixture
def admin_client(root: Path) -> Iterator[TestClient]:
    app = create_app(Settings(knowledge_dir=root, admin_token=SecretStr(TOKEN)))
    with TestClient(app) as client:
        yield client


def _version(client: TestClient) -> str:
    version: str = client.get("/healthz").json()["kb_version"]
    return version


def _add_alias(root: Path) -> None:
    edit_entries(
        root, "windows.yaml", lambda es: es[0].update(alternate_names=[*es[0]["alternate_names"], NEW_ALIAS])
    )


def test_admin_reload_swaps_in_the_edited_base(admin_client: TestClient, root: Path) -> None:
    before = _version(admin_client)
    assert admin_client.get("/api/search", params={"q": NEW_ALIAS}).json()["results"] == []
    _add_alias(root)
    response = admin_client.post("/admin/reload", headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "reloaded" and body["previous_version"] == before
    assert body["kb_version"] != before and _version(admin_client) == body["kb_version"]
    results = admin_client.get("/api/search", params={"q": NEW_ALIAS}).json()["results"]
    assert results and results[0]["id"] == "josei-sodan-center"


def test_admin_reload_of_the_same_base_is_unchanged(admin_client: TestClient) -> None:
    body = admin_client.post("/admin/reload", headers=AUTH).json()
    assert body["status"] == "unchanged" and body["kb_version"] == body["previous_version"]


def test_admin_reload_refuses_a_broken_base_and_keeps_serving(admin_client: TestClient, root: Path) -> None:
    before = _version(admin_client)
    edit_entries(root, "windows.yaml", lambda es: es[0].update(kind="helpline"))
    response = admin_client.post("/admin/reload", headers=AUTH)
    assert response.status_code == 422
    body = response.json()
    assert body["kb_version"] == before and before in body["detail"]
    [problem] = [p for p in body["problems"] if p["entry"] == "josei-sodan-center"]
    assert problem["file"] == "knowledge/services/windows.yaml"
    assert (problem["entry"], problem["field"]) == ("josei-sodan-center", "kind")
    assert "helpline" in problem["text"] and problem["line"]
    assert _version(admin_client) == before
    assert admin_client.get("/api/search", params={"q": "夫が怖い"}).json()["results"]


def test_admin_reload_refuses_a_file_not_in_utf8_and_keeps_serving(
    admin_client: TestClient, root: Path
) -> None:
    before = _version(admin_client)
    path = root / "services" / "windows.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    response = admin_client.post("/admin/reload", headers=AUTH)
    assert response.status_code == 422, response.text
    [problem] = [p for p in response.json()["problems"] if "not UTF-8" in p["message"]]
    assert problem["file"] == "knowledge/services/windows.yaml" and problem["line"]
    assert _version(admin_client) == before
    assert admin_client.get("/api/search", params={"q": "夫が怖い"}).json()["results"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": TOKEN}, 401),
        ({"Authorization": "Basic " + TOKEN}, 401),
        ({"Authorization": "Bearer wrong"}, 403),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403),
    ],
)
def test_admin_reload_needs_the_bearer_token(
    admin_client: TestClient, root: Path, headers: dict[str, str], status: int
) -> None:
    before = _version(admin_client)
    _add_alias(root)
    assert admin_client.post("/admin/reload", headers=headers).status_code == status
    assert _version(admin_client) == before


@pytest.mark.parametrize("token", [None, ""])
def test_admin_endpoints_disabled_without_a_token(root: Path, token: str | None) -> None:
    settings = Settings(knowledge_dir=root, admin_token=SecretStr(token) if token is not None else None)
    with TestClient(create_app(settings)) as client:
        response = client.post("/admin/reload", headers={"Authorization": "Bearer "})
        assert response.status_code == 404
        assert "disabled" in response.json()["detail"]
        response = client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 404


def test_reload_knowledge_raises_and_leaves_the_service_in_place(root: Path) -> None:
    app = create_app(Settings(knowledge_dir=root, admin_token=SecretStr(TOKEN)))
    with TestClient(app):
        service = app.state.search
        edit_entries(root, "windows.yaml", lambda es: es[0].pop("summary"))
        with pytest.raises(KnowledgeBaseError):
            reload_knowledge(app)
        assert app.state.search is service
