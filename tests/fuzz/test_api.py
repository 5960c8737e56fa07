"""Arbitrary queries at the JSON API and the referral pages: never a server error."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi.testclient import TestClient
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from bot.present.schemas import HealthOut, SearchResponse
from bot.search.normalize import MAX_QUERY_CHARS
from bot.web.filters import AREA_OPTIONS, CHANNEL_OPTIONS, WHO_OPTIONS
from tests.fuzz.conftest import examples
from tests.helpers import strategies as s

Params = list[tuple[str, str]]
INT = TypeAdapter(int)

search_params = st.lists(
    st.one_of(
        st.tuples(st.just("q"), s.messages),
        st.tuples(st.just("limit"), s.param_values),
        st.tuples(st.just("audience"), s.param_values),
        st.tuples(s.any_text, s.any_text),
    ),
    max_size=5,
)


def _fits(params: Params) -> bool:
    """Whether the query string fits in a URL the HTTP client will send."""
    return len(urlencode(params)) < 60_000


def _limits(values: list[str]) -> list[int]:
    """The values the API reads as a number of results (pydantic's lax integers: " 5", "1_0")."""
    out = []
    for value in values:
        try:
            out.append(INT.validate_python(value))
        except ValidationError:
            continue
    return out


def _in_path(entry_id: str) -> str:
    """An id as one path segment; dots too, or the client resolves "." and ".." away."""
    return quote(entry_id, safe="").replace(".", "%2E")


@given(params=search_params)
def test_search_never_fails_and_keeps_its_shape(app_client: TestClient, params: Params) -> None:
    assume(_fits(params))
    response = app_client.get("/api/search", params=params)
    assert response.status_code < 500, response.text
    given_qs = [v for k, v in params if k == "q"]
    if not given_qs:
        assert response.status_code == 422
    if response.status_code == 200:
        body = SearchResponse.model_validate(response.json())
        assert body.query in given_qs
        limits = _limits([v for k, v in params if k == "limit"])
        assert len(body.results) <= max([5, *limits])
        assert not (body.declined and body.results)


@given(q=s.messages, limit=st.integers(1, 50), audience=st.sampled_from(["public", "worker"]))
def test_search_answers_every_valid_query(app_client: TestClient, q: str, limit: int, audience: str) -> None:
    response = app_client.get("/api/search", params={"q": q, "limit": limit, "audience": audience})
    if not 1 <= len(q) <= MAX_QUERY_CHARS:
        assert response.status_code == 422
        return
    assert response.status_code == 200, response.text
    body = SearchResponse.model_validate(response.json())
    assert body.query == q and len(body.results) <= limit
    if audience == "public":
        assert all(r.user_facing for r in body.results)


@given(entry_id=s.ids())
@example(entry_id=".")
@example(entry_id="..")
@example(entry_id="a/b")
def test_service_lookup_is_found_or_not_found(app_client: TestClient, entry_id: str) -> None:
    response = app_client.get(f"/api/services/{_in_path(entry_id)}")
    assert response.status_code in {200, 404}, response.text
    if response.status_code == 200:
        body = response.json()
        # A trailing slash is redirected to the id without it, as everywhere in the app.
        assert body["id"] == entry_id.rstrip("/") and {"name", "kind", "summary"} <= set(body)
    else:
        assert "detail" in response.json()


# The referral page's parameters (bot/web/pages.py, bot/web/filters.py), each with values of
# its own kind and of every other kind, and unknown parameters.
page_params = st.lists(
    st.one_of(
        st.tuples(st.just("q"), s.messages),
        st.tuples(st.just("age"), st.one_of(s.numberish, s.param_values)),
        st.tuples(st.sampled_from(["open", "internal"]), s.param_values),
        st.tuples(st.just("topic"), st.one_of(s.known_topics, s.param_values)),
        st.tuples(st.just("who"), st.one_of(st.sampled_from(sorted(WHO_OPTIONS)), s.any_text)),
        st.tuples(st.just("area"), st.one_of(st.sampled_from(sorted(AREA_OPTIONS)), s.any_text)),
        st.tuples(st.just("channel"), st.one_of(st.sampled_from(sorted(CHANNEL_OPTIONS)), s.any_text)),
        st.tuples(st.just("ids"), s.ids()),
        st.tuples(s.any_text, st.one_of(s.messages, s.param_values)),
    ),
    max_size=6,
)


def _assert_page(response: Any) -> None:
    assert response.status_code in {200, 400, 404}, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.rstrip().endswith("</html>")


@settings(max_examples=examples(0.5))
@given(params=page_params)
@example(params=[("age", "²")])  # passes str.isdigit(), not int()
def test_search_page_never_fails(app_client: TestClient, params: Params) -> None:
    assume(_fits(params))
    _assert_page(app_client.get("/", params=params))


@settings(max_examples=examples(0.5))
@given(params=page_params, entry_id=s.ids())
def test_service_and_referral_pages_never_fail(app_client: TestClient, params: Params, entry_id: str) -> None:
    assume(_fits(params))
    page = app_client.get(f"/services/{_in_path(entry_id)}", params=params)
    if "/" in entry_id or not entry_id:
        # No page route matches such a path: the framework's own JSON "Not Found".
        assert page.status_code in {200, 404}, page.text
    else:
        _assert_page(page)
    _assert_page(app_client.get("/referral", params=[*params, ("ids", entry_id)]))


@settings(max_examples=examples(0.5))
@given(ids=st.lists(s.ids(), max_size=25), joined=st.booleans())
def test_referral_sheet_never_fails(app_client: TestClient, ids: list[str], joined: bool) -> None:
    params = [("ids", ",".join(ids))] if joined else [("ids", i) for i in ids]
    response = app_client.get("/referral", params=params)
    _assert_page(response)


@settings(max_examples=examples(0.5))
@given(
    path=st.sampled_from(["/api/search", "/", "/referral", "/services/josei-sodan-center"]), query=s.raw_query
)
def test_raw_query_strings_never_fail(app_client: TestClient, path: str, query: str) -> None:
    response = app_client.get(f"{path}?{query}")
    assert response.status_code < 500, response.text
    if path == "/api/search" and response.status_code == 200:
        SearchResponse.model_validate(response.json())


@settings(max_examples=examples(0.25))
@given(params=st.lists(st.tuples(s.any_text, s.any_text), max_size=3))
def test_operations_endpoints_ignore_parameters(app_client: TestClient, params: Params) -> None:
    health = app_client.get("/healthz", params=params)
    assert health.status_code == 200
    assert HealthOut.model_validate(health.json()).status == "ok"
    metrics = app_client.get("/metrics", params=params)
    assert metrics.status_code == 200 and "searches_total" in metrics.text
