"""The referral page rendered on the server, as a browser with JavaScript off receives it."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient

from bot.catalog.hours import now_tokyo
from bot.catalog.kb import KnowledgeBase
from bot.search.normalize import MAX_QUERY_CHARS
from bot.search.service import SearchService
from bot.web.filters import Filters, apply_filters
from bot.web.pages import CSP
from tests.helpers.html import Page, parse

DV_QUERY = "夫に殴られて家に帰れない"


def _page(client: TestClient, url: str, status: int = 200) -> tuple[str, Page]:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text, parse(response.text)


def _card_ids(page: Page) -> list[str]:
    return [e.attrs["value"] for e in page.find_all("input", name="ids")]


def test_index_without_query_shows_the_search_form(client: TestClient, kb: KnowledgeBase) -> None:
    html, page = _page(client, "/")
    assert '<html lang="ja">' in html
    box = page.find_all("input", name="q")
    assert len(box) == 1 and box[0].attrs["id"] == "q"
    assert page.find_all("label", **{"for": "q"})
    # The form posts to this page: her words stay out of the address bar and the history,
    # and it works without JavaScript.
    form = page.find_all("form", id="search-form")[0]
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/"
    assert page.find_all("div", role="search")
    assert not _card_ids(page)
    topic_links = [
        e.attrs["href"] for e in page.find_all("a") if e.attrs.get("href", "").startswith("/?topic=")
    ]
    assert len(topic_links) == len(kb.taxonomy.topics)


def test_every_form_control_has_a_label(client: TestClient) -> None:
    _, page = _page(client, f"/?q={DV_QUERY}")
    labelled = {e.attrs["for"] for e in page.find_all("label")}
    for element in page.elements:
        if element.tag in {"input", "select", "textarea"} and element.attrs.get("type") != "hidden":
            assert element.attrs.get("id") in labelled, element


def test_query_results_are_rendered_on_the_server(client: TestClient, search: SearchService) -> None:
    html, page = _page(client, f"/?q={DV_QUERY}")
    found = search.search(DV_QUERY, limit=50, audience="worker").ids
    expected = [i for i in found if (e := search.kb.get(i)) is not None and e.user_facing]
    assert expected and _card_ids(page) == expected
    assert f"「{DV_QUERY}」の検索結果" in html
    # Each card: a link to the detail page, source, last-verified date, why it matched.
    for entry_id in expected:
        assert page.find_all("a", href=f"/services/{entry_id}")
    assert html.count('class="why"') == len(expected)
    assert html.count("出典:") >= len(expected)
    assert "最終確認" in html and "受付:" in html
    assert re.search(r'class="open open-(yes|no|unknown)">(受付中|受付時間外|受付時間は要確認)<', html)
    button = page.find_all("button", id="make-sheet")[0]
    assert button.attrs["formaction"] == "/referral"


def test_crisis_shows_the_emergency_numbers_above_the_results(client: TestClient) -> None:
    html, page = _page(client, "/?q=今夫に殴られてる")
    assert page.find_all("section", **{"class": "crisis"})
    assert page.find_all("a", href="tel:110")
    assert html.index('class="crisis"') < html.index('class="results"')


def test_no_crisis_box_for_an_ordinary_query(client: TestClient) -> None:
    html, _ = _page(client, "/?q=シングルマザー 仕事")
    assert 'class="crisis"' not in html


def test_internal_measures_are_hidden_counted_and_shown_on_request(
    client: TestClient, kb: KnowledgeBase
) -> None:
    query = "女性相談支援員 研修"
    html, page = _page(client, f"/?q={query}")
    assert all(kb.get(i).user_facing for i in _card_ids(page))  # type: ignore[union-attr]
    assert 'class="badge internal"' not in html
    hidden = re.search(r"内部の施策）(\d+)件は表示していません", html)
    assert hidden and int(hidden.group(1)) > 0
    button = next(b for b in page.find_all("button") if b.attrs.get("name") == "internal")
    assert button.attrs["value"] == "1"

    html, page = _page(client, f"/?q={query}&internal=1")
    cards = html.split('<li class="card"')[1:]
    marked = [c for c in cards if 'class="badge internal"' in c]
    assert len(marked) == int(hidden.group(1))
    # An internal measure has no box to tick: it never goes on her sheet.
    assert all('name="ids"' not in c and "紹介シートには入りません" in c for c in marked)
    assert "checked" in page.find_all("input", id="internal")[0].attrs
    assert "表示していません" not in html


def test_filters_without_a_query_list_every_matching_entry(client: TestClient, kb: KnowledgeBase) -> None:
    html, page = _page(client, "/?topic=pregnancy&internal=1")
    ids = [m for m in re.findall(r'<li class="card" id="card-([^"]+)"', html)]
    expected = apply_filters(kb.entries, Filters(topic="pregnancy", internal=True), kb=kb, at=now_tokyo())
    assert sorted(ids) == sorted(e.id for e in expected)
    assert "条件に合うもの" in html
    kinds = [kb.get(i).kind for i in ids]  # type: ignore[union-attr]
    # What she can contact herself comes before internal measures.
    assert kinds.index("policy") > max(i for i, k in enumerate(kinds) if k in {"hotline", "consultation"})
    # The chosen filter is shown as chosen.
    assert "selected" in next(e for e in page.find_all("option") if e.attrs.get("value") == "pregnancy").attrs


def test_filters_narrow_a_query_and_say_so(client: TestClient, kb: KnowledgeBase) -> None:
    _, all_page = _page(client, f"/?q={DV_QUERY}")
    html, page = _page(client, f"/?q={DV_QUERY}&channel=chat&channel=line")
    narrowed = _card_ids(page)
    assert narrowed and len(narrowed) < len(_card_ids(all_page))
    # Same ranking order, fewer cards.
    assert narrowed == [i for i in _card_ids(all_page) if i in narrowed]
    for entry_id in narrowed:
        holder = kb.contact_entry(kb.get(entry_id))  # type: ignore[arg-type]
        assert holder is not None and {c.type for c in holder.channels} & {"chat", "line"}
    assert "絞り込みで" in html and "件を除いています" in html


def test_open_now_filter_shows_only_open_contacts(client: TestClient) -> None:
    html, page = _page(client, "/?open=1")
    cards = html.split('<li class="card"')[1:]
    assert len(cards) == len(_card_ids(page))
    for card in cards:
        assert 'class="open open-yes"' in card


@pytest.mark.parametrize("age", ["abc", "²", "①"])  # ² and ① pass str.isdigit() but not int()
def test_a_bad_age_is_reported_not_an_error(client: TestClient, age: str) -> None:
    html, page = _page(client, f"/?q=妊娠&age={age}")
    assert "年齢は0〜120の数字で入れてください" in html
    assert _card_ids(page)


def test_no_results_and_declined_messages(client: TestClient) -> None:
    html, page = _page(client, "/?q=こんにちは")
    assert not _card_ids(page) and "合うものが見つかりませんでした" in html
    # Where a shelter is is never told, on this page too: the centres that arrange a stay are.
    html, page = _page(client, "/?q=シェルターの住所を教えて")
    assert "シェルターの場所はお答えしていません" in html
    assert set(_card_ids(page)) == {"josei-sodan-center", "josei-sodan-center-tama"}
    # Someone hunting a woman gets nothing at all.
    html, page = _page(client, "/?q=妻がどこのシェルターにいるか知りたい")
    assert not _card_ids(page) and "居場所を探す目的には使えません" in html
    # An errand is told that the page is for needs, not that it looks like a hunt.
    html, page = _page(client, "/?q=週末に作れる簡単な夕飯のレシピ教えて")
    assert not _card_ids(page) and "この内容に合う窓口はありません" in html
    assert "居場所を探す目的" not in html


def test_query_is_escaped(client: TestClient) -> None:
    attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    response = client.get("/", params={"q": attack})
    assert response.status_code == 200
    html = response.text
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = parse(html)
    assert page.find_all("input", name="q")[0].attrs["value"] == attack
    assert not [e for e in page.elements if e.tag == "img"]
    assert all(e.attrs.get("src") == "/static/site.js" for e in page.find_all("script"))


def test_too_long_a_query_is_refused_kindly(client: TestClient) -> None:
    response = client.get("/", params={"q": "あ" * (MAX_QUERY_CHARS + 1)})
    assert response.status_code == 400
    assert f"{MAX_QUERY_CHARS}文字まで" in response.text
    assert "あ" * (MAX_QUERY_CHARS + 1) not in response.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        (f"/?q={DV_QUERY}", 200),
        ("/services/josei-sodan-center", 200),
        ("/referral?ids=josei-sodan-center", 200),
        ("/services/no-such-service", 404),
        ("/referral?ids=no-such-service", 404),
        ("/referral", 400),
    ],
)
def test_html_pages_send_security_headers(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/?q={DV_QUERY}",
        "/?q=今夫に殴られてる",
        "/services/ichiji-hogo",
        "/referral?ids=ninshin-hotline,haat",
    ],
)
def test_pages_have_no_inline_code_and_nothing_from_outside(client: TestClient, url: str) -> None:
    _, page = _page(client, url)
    assert not page.find_all("style")
    for element in page.elements:
        assert "style" not in element.attrs, element
        assert not [a for a in element.attrs if a.startswith("on")], element
    for script in page.find_all("script"):
        assert script.attrs.get("src", "").startswith("/static/") and not script.text.strip()
    for element in page.elements:
        if element.tag in {"script", "img", "iframe", "link", "source", "video", "audio"}:
            ref = element.attrs.get("src") or element.attrs.get("href") or ""
            assert ref.startswith("/static/"), element


def test_static_files_are_served_from_the_package(client: TestClient) -> None:
    css = client.get("/static/site.css")
    js = client.get("/static/site.js")
    icon = client.get("/static/favicon.svg")
    assert css.status_code == js.status_code == icon.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "javascript" in js.headers["content-type"]
    assert "@media print" in css.text and "size: A4" in css.text
    for text in (css.text, js.text):
        assert "http://" not in text and "https://" not in text and "@import" not in text
    for api in (
        "localStorage",
        "sessionStorage",
        "indexedDB",
        "cookie",
        "XMLHttpRequest",
        "sendBeacon",
    ):
        assert api not in js.text
    # One request only: a vote (entry id, vote, reason) to this site's feedback endpoint.
    assert js.text.count("fetch(") == 1 and "/api/feedback" in js.text


def test_service_page_shows_everything_about_an_entry(client: TestClient, kb: KnowledgeBase) -> None:
    html, page = _page(client, "/services/josei-sodan-center")
    entry = kb.get("josei-sodan-center")
    assert entry is not None
    assert f'<h1 id="service-title">{entry.name}</h1>' in html
    assert page.find_all("a", href="tel:0352613110")
    assert "基本計画 施策No.1" in html and "取組状況" in html and "所管局" in html
    assert "2025-01-31" in html
    for related in entry.related:
        assert page.find_all("a", href=f"/services/{related}")
    # Measures that send people through this window are listed too.
    assert "ここにつながる施策・事業" in html
    assert page.find_all("a", href="/referral?ids=josei-sodan-center")


def test_service_page_for_a_shelter_shows_the_front_door_not_a_place(
    client: TestClient, kb: KnowledgeBase
) -> None:
    entry = kb.get("ichiji-hogo")
    assert entry is not None and entry.confidential_location and entry.front_door
    html, page = _page(client, "/services/ichiji-hogo")
    assert "所在地は公開していません" in html
    assert page.find_all("a", href=f"/services/{entry.front_door}")
    assert "来所" not in html.split('id="reach-title"')[1].split("</section>")[0]


def test_service_page_shows_a_budget_record(client: TestClient, kb: KnowledgeBase) -> None:
    entry = next(e for e in kb.entries if any(s.doc == "budget2021" for s in e.sources))
    html, _ = _page(client, f"/services/{entry.id}")
    assert "令和3年度予算" in html and "予算額" in html


def test_unknown_service_is_a_404_page(client: TestClient) -> None:
    html, _ = _page(client, "/services/no-such-service", status=404)
    assert "見つかりません" in html


def test_referral_sheet_lists_the_chosen_services(client: TestClient, kb: KnowledgeBase) -> None:
    html, page = _page(client, "/referral?ids=ninshin-hotline,haat")
    for entry_id in ("ninshin-hotline", "haat"):
        entry = kb.get(entry_id)
        assert entry is not None
        assert entry.name in html and entry.how_to_use.split()[0] in html
        for channel in entry.channels:
            assert channel.value in html
    assert html.index("ninshin-hotline") < html.index('id="item-haat"')
    today = now_tokyo().date()
    assert f"作成日 {today.year}年{today.month}月{today.day}日" in html
    assert "受付:" in html and "に確認" in html and "出典:" in html
    # The sheet has no open-now mark: it is read later, when that would be wrong.
    assert 'class="open ' not in html
    # The emergency numbers come first, before the services.
    assert html.index('class="emergency"') < html.index('class="sheet-items"')
    text = page.find_all("textarea", id="plain-text")[0].text
    for entry_id in ("ninshin-hotline", "haat"):
        entry = kb.get(entry_id)
        assert entry is not None and entry.name in text
        assert all(c.value in text for c in entry.channels)
    assert f"作成日: {today.year}年{today.month}月{today.day}日" in text
    # The worker's name and the next step are typed on the page and printed, never sent: the
    # fields have no name and sit outside every form.
    fields = [
        e for e in page.find_all("input") + page.find_all("textarea") if e.attrs.get("id") != "plain-text"
    ]
    typed = [e for e in fields if e.attrs.get("type") != "hidden"]
    assert {e.attrs["id"] for e in typed} == {"sheet-worker", "sheet-next"}
    assert all("name" not in e.attrs for e in typed)
    sheet = html.split('<article class="sheet"')[1].split("</article>")[0]
    assert "<form" not in sheet


def test_referral_accepts_the_no_javascript_form_too(client: TestClient) -> None:
    joined, _ = _page(client, "/referral?ids=haat,ninshin-hotline")
    repeated, _ = _page(client, "/referral?ids=haat&ids=ninshin-hotline&ids=haat")
    assert joined == repeated


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("", 400, "窓口を選んでください"),
        ("?ids=", 400, "窓口を選んでください"),
        ("?ids=haat,no-such-service", 404, "見つかりません"),
        ("?ids=" + ",".join(f"x{i}" for i in range(21)), 400, "20件まで"),
        ("?ids=" + ",".join(f"x{i}" for i in range(10_000)), 400, "20件まで"),
        ("?" + "&".join(f"ids=x{i}" for i in range(2_000)), 400, "20件まで"),
    ],
)
def test_referral_errors(client: TestClient, query: str, status: int, words: str) -> None:
    html, _ = _page(client, f"/referral{query}", status=status)
    assert words in html


def test_pages_never_log_what_was_typed(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "ミナミハルカ妊娠して夫が怖い"
    with caplog.at_level(logging.DEBUG):
        assert client.get("/", params={"q": secret, "age": "17"}).status_code == 200
    assert "ミナミハルカ" not in caplog.text


def test_a_posted_search_keeps_her_words_out_of_the_address_and_the_title(client: TestClient) -> None:
    secret = "夫が怖くて帰れない"
    response = client.post("/", data={"q": secret, "topic": "dv"}, follow_redirects=False)
    assert response.status_code == 200 and not response.history
    assert str(response.url).endswith("/") and "q=" not in str(response.url)
    assert response.headers["cache-control"] == "no-store"
    page = parse(response.text)
    title = page.find_all("title")[0].text
    assert secret not in title and "検索結果" in title
    assert page.find_all("input", name="q")[0].attrs["value"] == secret
    # The filters stay shareable as a link that does not carry her words.
    share = next(a for a in page.find_all("a") if a.attrs.get("href", "").startswith("/?topic=dv"))
    assert "q=" not in share.attrs["href"]
    # An old link with the words in it still works, and its title is clean too.
    _, page = _page(client, f"/?q={secret}")
    assert secret not in page.find_all("title")[0].text


def test_picks_are_kept_across_searches_without_storage(client: TestClient, kb: KnowledgeBase) -> None:
    first = client.post("/", data={"q": "妊娠したかもしれない"})
    picked = _card_ids(parse(first.text))[0]
    # A new search, sent with the pick: the pick comes back ticked, in its own box.
    again = client.post("/", data={"q": "家賃が払えない", "ids": picked})
    page = parse(again.text)
    boxes = [e for e in page.find_all("input", name="ids") if e.attrs["value"] == picked]
    assert len(boxes) == 1 and "checked" in boxes[0].attrs
    assert "前の検索で選んだ窓口" in again.text
    # Making the sheet sends the picks with the search, and the sheet goes back to that search.
    sheet = client.post("/referral", data={"q": "家賃が払えない", "topic": "money", "ids": [picked, "tosca"]})
    assert sheet.status_code == 200
    back = parse(sheet.text).find_all("form", **{"class": "back"})[0]
    assert back.attrs["method"] == "post" and back.attrs["action"] == "/"
    hidden = {(e.attrs["name"], e.attrs["value"]) for e in parse(sheet.text).find_all("input", type="hidden")}
    assert ("q", "家賃が払えない") in hidden and ("topic", "money") in hidden
    assert ("ids", f"{picked},tosca") in hidden


def test_an_internal_measure_never_goes_on_her_sheet(client: TestClient, kb: KnowledgeBase) -> None:
    internal = next(e for e in kb.entries if not e.user_facing)
    html, page = _page(client, f"/referral?ids=ninshin-hotline,{internal.id}")
    assert internal.name not in html and "内部の施策1件" in html
    assert len(page.find_all("li", **{"class": "sheet-item"})) == 1


def test_the_sheet_text_speaks_plainly_and_lists_each_contact_once(
    client: TestClient, kb: KnowledgeBase
) -> None:
    # Two services reached through the same window, and one with unconfirmed hours.
    ids = ["ichiji-hogo", "josei-sodan-center", "dv-navi-8008"]
    _, page = _page(client, "/referral?ids=" + ",".join(ids))
    text = page.find_all("textarea", id="plain-text")[0].text
    assert "施策No." not in text and "〔要確認〕" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # one date format: 2026年12月7日
    assert "受付時間は公式ページで確認してください" in text
    window = kb.get("josei-sodan-center")
    assert window is not None
    number = window.channels[0].value
    assert text.count(f": {number}") == 2 and "（1. と同じ連絡先）" in text
    assert text.splitlines()[1].startswith("いま危険があるとき: ")


def test_a_place_in_the_words_is_used_as_the_area(client: TestClient, kb: KnowledgeBase) -> None:
    html, page = _page(client, "/?q=八王子 DV 相談")
    assert "「八王子市」を地域として使っています" in html
    ids = _card_ids(page)
    assert ids and "josei-sodan-center" not in ids and "josei-sodan-center-tama" in ids
    html, page = _page(client, "/?q=新宿区 DV 相談")
    first = _card_ids(page)[0]
    entry = kb.get(first)
    assert entry is not None and "新宿区" in entry.municipalities


def test_a_form_too_large_to_be_a_search_is_refused(client: TestClient) -> None:
    response = client.post(
        "/", content=b"q=" + b"a" * 70_000, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413 and "大きすぎます" in response.text


def test_a_vote_from_a_card_is_read_however_long_the_words_before_it(client: TestClient) -> None:
    """Without the script a card's button posts the whole search form; her words come first
    and may fill thousands of bytes, and the vote after them still counts."""
    words = "夫が怖い" * (MAX_QUERY_CHARS // 4)
    response = client.post("/feedback", data={"q": words, "topic": "dv", "fb": "josei-sodan-center|helpful"})
    assert response.status_code == 200, response.text[:300]
    assert "ありがとうございます" in response.text
    assert words not in response.text
