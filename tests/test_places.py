"""Her ward or city: read from an address or her words, and its own window offered to her alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.catalog.hours import TOKYO
from bot.catalog.kb import KnowledgeBase
from bot.catalog.places import MUNICIPALITIES, municipality_in, region_of_municipality
from bot.line.conversation import Conversation
from bot.line.events import Incoming
from bot.search.service import SearchService
from bot.state.store import MemoryStore
from tests.helpers.html import parse
from tests.helpers.kbtree import copy_tree

MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=TOKYO)


def test_tokyo_has_62_municipalities_23_of_them_wards() -> None:
    assert len(MUNICIPALITIES) == len(set(MUNICIPALITIES)) == 62
    assert sum(region_of_municipality(m) == "区部" for m in MUNICIPALITIES) == 23


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日本、〒170-8422 東京都豊島区南池袋２丁目４５−１", "豊島区"),
        ("東京都八王子市元本郷町三丁目24番1号", "八王子市"),
        ("八王子に住んでるんですけど夫が怖い", "八王子市"),
        ("新宿在住です", "新宿区"),
        ("東京都西東京市南町", "西東京市"),  # not 東京都 + 東京 read as something else
        ("国立病院に通っています", None),  # a stem alone is not a place she lives
        ("夫が怖い", None),
        # an island by its own name is the town or village on it; a family name is not a place
        ("八丈島に住んでます。生活が苦しい", "八丈町"),
        ("父島で暮らしています", "小笠原村"),
        ("新島さんという人に相談したい", None),
    ],
)
def test_the_municipality_is_read_from_an_address_or_her_words(text: str, expected: str | None) -> None:
    assert municipality_in(text) == expected


def test_a_ward_window_is_not_offered_to_someone_who_did_not_say_she_lives_there(
    search: SearchService, kb: KnowledgeBase
) -> None:
    municipal = {e.id for e in kb if e.municipalities}
    assert municipal
    for text in ["夫が怖い", "DVの相談をしたい", "生活保護の相談", "女性相談の窓口"]:
        assert not set(search.search(text, limit=12).ids) & municipal, text
    named = search.search("新宿区の女性相談の窓口", limit=5).ids
    assert any("新宿区" in e.name for i in named if (e := kb.get(i)))


def _names(messages: list[dict[str, object]]) -> list[str]:
    out = []
    for message in messages:
        contents = message.get("contents")
        if isinstance(contents, dict) and contents.get("type") == "carousel":
            out += [b["body"]["contents"][0]["text"] for b in contents["contents"]]
    return out


def test_a_location_in_her_ward_puts_its_own_window_first(search: SearchService) -> None:
    talk = Conversation(search, MemoryStore(), clock=lambda: MONDAY)
    reply = talk.respond(
        Incoming(kind="location", state_key="u:t", address="東京都豊島区南池袋２丁目４５−１")
    )
    names = _names(reply.messages)
    assert names[0].startswith("豊島区") and any("本所" in n for n in names)
    assert "豊島区の窓口" in reply.messages[0]["text"]
    later = talk.respond(Incoming(kind="text", state_key="u:t", text="夫の暴力がつらい"))
    assert any(n.startswith("豊島区") for n in _names(later.messages)[:3])
    assert "豊島区" in later.messages[0]["text"]  # said in one line


def test_the_page_with_a_ward_as_area_shows_its_window_beside_the_tokyo_lines(
    client: TestClient, kb: KnowledgeBase
) -> None:
    html = client.get("/", params={"q": "夫の暴力がつらい", "area": "豊島区"}).text
    page = parse(html)
    ids = [e.attrs["value"] for e in page.find_all("input", name="ids")]
    own = {e.id for e in kb if "豊島区" in e.municipalities}
    assert own & set(ids[:3]), ids[:5]
    assert "josei-sodan-center-tama" not in ids  # the Tama branch serves elsewhere
    assert any(kb.get(i) and kb.get(i).area in {"都内全域", "全国"} for i in ids[:5])  # type: ignore[union-attr]
    other = {e.id for e in kb if e.municipalities and "豊島区" not in e.municipalities}
    assert not other & set(ids)
    assert '<option value="豊島区" selected>' in html
    assert json.dumps("八王子市", ensure_ascii=False).strip('"') in html  # every municipality is offered


def test_municipalities_are_read_from_the_configured_knowledge_tree(tmp_path: Path) -> None:
    # An installed service runs outside the checkout with KNOWLEDGE_DIR set (as the image does).
    root = copy_tree(tmp_path)
    env = {**os.environ, "KNOWLEDGE_DIR": str(root), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    code = "from bot.catalog.places import MUNICIPALITIES; print(len(MUNICIPALITIES), MUNICIPALITIES[-1])"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["62", "小笠原村"]


# A message of each need a municipal window serves.
NEED = {
    "dv": "夫の暴力がつらい",
    "money": "お金がなくて生活できない",
    "children": "子育てがつらくて手が出そう",
}


def test_every_municipal_window_is_in_the_top_3_for_its_area_and_its_need(
    client: TestClient, kb: KnowledgeBase
) -> None:
    windows = [e for e in kb if e.municipalities]
    assert "muni-chofu-danjo" in {e.id for e in windows}
    for window in windows:
        need = next(NEED[t] for t in window.topics if t in NEED)
        place = window.municipalities[0]
        page = parse(client.get("/", params={"q": need, "area": place}).text)
        ids = [e.attrs["value"] for e in page.find_all("input", name="ids")]
        own = {e.id for e in kb if place in e.municipalities}
        assert own & set(ids[:3]), (place, need, ids[:5])
