"""The referral page in a real browser (Chromium through Playwright) against a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

from tests.web.conftest import Tab, _new_tab

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

DV_QUERY = "夫に殴られて家に帰れない"
PREGNANCY_QUERY = "妊娠したかもしれない"

# WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST_JS = """
(el) => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; }
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def _card_ids(tab: Tab) -> list[str]:
    return tab.page.locator('input[name="ids"]').evaluate_all("boxes => boxes.map(b => b.value)")


def _search(tab: Tab, query: str) -> None:
    box = tab.page.get_by_label("困りごと・キーワード")
    box.fill(query)
    with tab.page.expect_navigation():
        box.press("Enter")


def _sheet_ids(tab: Tab) -> list[str]:
    return tab.page.locator("li.sheet-item").evaluate_all("items => items.map(i => i.id.slice(5))")


def test_search_filter_open_a_service_and_build_a_referral_sheet(tab: Tab, artifacts: Path) -> None:
    page = tab.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=tab.base)
    tab.open("/")
    _search(tab, "DVの相談先")
    # Posted: her words are in the box, not in the address bar or the title.
    assert urlparse(page.url).query == "" and "DVの相談先" not in page.title()
    assert page.get_by_label("困りごと・キーワード").input_value() == "DVの相談先"
    assert page.get_by_role("heading", name=re.compile("の検索結果")).is_visible()
    all_ids = _card_ids(tab)
    assert len(all_ids) >= 3

    # Filter: only services she can use without speaking, open to people of 30.
    assert page.locator("details.filters").get_attribute("open") is None  # results first
    page.locator("details.filters > summary").click()
    page.get_by_label("文字だけで相談できる").check()
    page.get_by_label("本人の年齢").fill("３０")  # full-width digits, as a Japanese keyboard types
    with page.expect_navigation():
        page.get_by_role("button", name="この条件で表示").click()
    filtered = _card_ids(tab)
    assert 2 <= len(filtered) < len(all_ids)
    assert filtered == [i for i in all_ids if i in filtered]
    assert page.get_by_label("本人の年齢").input_value() == "30"
    summary = page.locator("details.filters > summary").inner_text()
    assert "30歳" in summary and "文字だけで相談できる" in summary
    assert page.locator("details.filters").get_attribute("open") is None
    page.screenshot(path=str(artifacts / "results-filtered-1366.png"), full_page=False)

    # Open the first result's own page: in a new tab, so the posted results stay.
    first = page.locator("li.card h3 a").first
    name = first.evaluate("a => a.firstChild.textContent")
    with page.context.expect_page() as opened:
        first.click()
    detail = opened.value
    detail.wait_for_load_state()
    assert detail.url.endswith(f"/services/{filtered[0]}")
    assert detail.get_by_role("heading", level=1).inner_text() == name
    assert detail.get_by_role("heading", name="資料の記載").is_visible()
    detail.close()

    # Tick two results, search again for something else and tick one more: one sheet of three.
    picked = filtered[:2]
    for entry_id in picked:
        page.locator(f"#pick-{entry_id}").check()
    assert page.locator("#referral-status").inner_text() == "2件を選んでいます。"
    with page.expect_navigation():
        page.get_by_role("button", name="条件をすべて外す").click()
    assert page.get_by_label("困りごと・キーワード").input_value() == "DVの相談先"
    assert not page.get_by_label("文字だけで相談できる").is_checked()
    _search(tab, PREGNANCY_QUERY)
    assert page.locator("section.picked").is_visible()
    for entry_id in picked:
        assert page.locator(f"#pick-{entry_id}").is_checked()
    third = next(i for i in _card_ids(tab) if i not in picked)
    page.locator(f"#pick-{third}").check()
    assert page.locator("#referral-status").inner_text() == "3件を選んでいます。"
    with page.expect_navigation():
        page.get_by_role("button", name="紹介シートを作る").click()
    assert urlparse(page.url).path == "/referral" and urlparse(page.url).query == ""
    assert sorted(_sheet_ids(tab)) == sorted([*picked, third])
    assert "作成日" in page.locator(".printed").inner_text()
    assert page.locator(".sheet-item .contact").count() >= 3
    page.get_by_label("担当者・連絡先").fill("相談員 山田（平日 03-0000-0000）")
    page.get_by_label("次にすること").fill("月曜の午前に電話する")

    # Copy the plain-text version for LINE or an e-mail.
    page.get_by_role("button", name="文章をコピー").click()
    page.locator("#copy-status").filter(has_text="コピー").wait_for()
    assert page.locator("#copy-status").inner_text().startswith("コピーしました")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#plain-text").input_value()
    assert copied.startswith("【相談先のご案内】") and "相談員 山田" not in copied
    page.screenshot(path=str(artifacts / "referral-sheet.png"), full_page=True)

    # Printed on A4: one page, the emergency numbers on top, the worker's note printed.
    page.emulate_media(media="print")
    assert page.locator("article.sheet").is_visible()
    for hidden in ("header.site", "#print-sheet", "#plain-text", "footer.site", "form.back"):
        assert not page.locator(hidden).is_visible(), hidden
    emergency = page.locator(".emergency").bounding_box()
    items = page.locator(".sheet-items").bounding_box()
    assert emergency and items and emergency["y"] < items["y"]
    pdf = page.pdf(format="A4", prefer_css_page_size=True, path=str(artifacts / "referral-sheet.pdf"))
    assert pdf.startswith(b"%PDF") and _pdf_pages(pdf) == 1
    page.emulate_media(media="screen")

    # Back to the same search, with the three picks still ticked.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("検索にもどる")).click()
    assert page.get_by_label("困りごと・キーワード").input_value() == PREGNANCY_QUERY
    for entry_id in [*picked, third]:
        assert page.locator(f"#pick-{entry_id}").is_checked()
    tab.assert_clean()


def _pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF that Chromium printed (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_keyboard_only(tab: Tab) -> None:
    page = tab.page
    tab.open("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "本文へ移動"
    # The focused element is visibly outlined.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline != "none" and width >= 2
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type(PREGNANCY_QUERY)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _card_ids(tab)

    # Tab to the first result's box, tick it with Space, then tab on to the sheet button.
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "ids":
            break
    first_id = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    assert page.locator(f"#pick-{first_id}").is_checked()
    for _ in range(600):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "紹介シートを作る":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _sheet_ids(tab) == [first_id]
    tab.assert_clean()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/?q={DV_QUERY}",
        "/?q=今夫に殴られてる",
        "/?topic=foreign&internal=0",
        "/services/josei-sodan-center",
        "/services/ichiji-hogo",
        "/referral?ids=dv-soudan-plus,tosca,josei-sodan-center",
    ],
)
def test_390px_wide_has_no_horizontal_scroll(phone_tab: Tab, path: str, artifacts: Path) -> None:
    phone_tab.open(path)
    page = phone_tab.page
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client == 390 and scroll <= client, (scroll, client)
    if path == "/?q=今夫に殴られてる":
        # The emergency numbers come before the results on a phone too.
        crisis = page.locator("section.crisis").bounding_box()
        results = page.locator("section.results").bounding_box()
        assert crisis and results and crisis["y"] < results["y"]
        page.screenshot(path=str(artifacts / "crisis-390px.png"), full_page=False)
    phone_tab.assert_clean()


def test_works_with_javascript_off(no_js_tab: Tab) -> None:
    page = no_js_tab.page
    no_js_tab.open("/")
    _search(no_js_tab, PREGNANCY_QUERY)
    ids = _card_ids(no_js_tab)
    assert len(ids) >= 2
    page.locator(f"#pick-{ids[0]}").check()
    page.locator(f"#pick-{ids[1]}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="紹介シートを作る").click()
    assert _sheet_ids(no_js_tab) == ids[:2]
    # Without the script the copy and print buttons stay hidden; the text is there to select.
    assert not page.locator("#copy-text").is_visible()
    assert not page.locator("#print-sheet").is_visible()
    assert page.locator("#plain-text").input_value().startswith("【相談先のご案内】")
    no_js_tab.assert_clean()


def test_text_has_sufficient_contrast(tab: Tab) -> None:
    tab.open("/?q=女性相談支援員 研修&internal=1")
    page = tab.page
    selectors = [
        "h1",
        ".brand",
        "label[for=q]",
        ".hint",
        "li.card h3 a",
        ".badge.kind",
        ".badge.internal",
        ".open",
        ".checked",
        ".meta",
        ".why",
        "button.primary",
        "footer.site p",
    ]
    for selector in selectors:
        ratio = page.locator(selector).first.evaluate(CONTRAST_JS)
        assert ratio >= 4.5, (selector, round(ratio, 2))
    tab.assert_clean()


def test_csp_blocks_inline_script_and_is_reported(tab: Tab) -> None:
    """The console check above would catch a CSP violation: prove that it does."""
    tab.open("/")
    with pytest.raises(Exception, match=re.compile("Content Security Policy|Refused", re.I)):
        tab.page.add_script_tag(content="window.__inline = 1")
    assert tab.page.evaluate("window.__inline") is None
    tab.page.wait_for_timeout(100)
    assert any("Content Security Policy" in e for e in tab.errors), tab.errors


def test_feedback_is_sent_from_the_card_without_leaving_the_page(tab: Tab) -> None:
    page = tab.page
    tab.open("/")
    _search(tab, PREGNANCY_QUERY)
    url = page.url
    first, second = (page.locator("li.card").nth(i) for i in range(2))
    for card in (first, second):
        card.locator("details.more > summary").click()  # the votes sit with the card's details

    first.get_by_role("button", name=re.compile("^役に立った")).click()
    expect_status = first.locator(".fb-status")
    expect_status.filter(has_text="ありがとうございます").wait_for()
    assert first.get_by_role("button", name=re.compile("^役に立った")).is_disabled()

    assert not second.locator(".fb-reasons").is_visible()
    second.get_by_role("button", name=re.compile("^情報がちがう")).click()
    second.locator(".fb-reasons").wait_for(state="visible")
    second.get_by_role("button", name="受付日時").click()
    second.locator(".fb-status").filter(has_text="確認して直します").wait_for()
    assert page.url == url  # still on the results

    # The same person again on the same card: acknowledged, not counted twice.
    tab.open(f"/?q={PREGNANCY_QUERY}")
    page.locator("li.card").first.locator("details.more > summary").click()
    page.locator("li.card").first.get_by_role("button", name=re.compile("^役に立った")).click()
    page.locator("li.card").first.locator(".fb-status").filter(has_text="もう受け取っています").wait_for()
    tab.assert_clean()


def test_feedback_works_with_javascript_off(no_js_tab: Tab) -> None:
    page = no_js_tab.page
    no_js_tab.open("/")
    _search(no_js_tab, PREGNANCY_QUERY)
    page.locator("li.card").nth(1).locator("details.more > summary").click()
    with page.expect_navigation():
        page.locator("li.card").nth(1).get_by_role("button", name=re.compile("^情報がちがう")).click()
    assert page.get_by_role("heading", name="ありがとうございます").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="その他").click()
    assert "担当者が公式の情報を確認して直します" in page.content()
    no_js_tab.assert_clean()


AXE_PAGES = [
    "/",
    f"/?q={DV_QUERY}",
    "/?q=今夫に殴られてる",
    "/?q=女性相談支援員 研修&internal=1",
    "/?topic=foreign&who=foreign-resident&lang=en",
    "/services/josei-sodan-center",
    "/services/ichiji-hogo",
    "/referral?ids=dv-soudan-plus,josei-sodan-center,ichiji-hogo",
]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_core_finds_no_violations(tab: Tab, path: str) -> None:
    """axe-core (the WCAG 2 A/AA rules and best practices) on each kind of page, with the
    filters and the card details open so that everything is checked."""
    from axe_playwright_python.sync_playwright import Axe

    tab.open(path)
    tab.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(tab.page)
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == [], violations


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_results_start_within_the_first_screen_with_filters_in_use(
    browser: Browser, live_server: str, artifacts: Path, width: int, height: int
) -> None:
    """A posted search with four conditions: the filters fold into one line that names them,
    and the first result starts on the first screen, on a laptop and on a phone."""
    for tab in _tabs(browser, live_server, width=width, height=height):
        page = tab.page
        tab.open("/")  # the filters are open on the first visit
        page.get_by_label("本人の年齢").fill("34")
        page.get_by_label("ひとり親").check()
        page.get_by_label("電話").check()
        page.get_by_label("地域").select_option("区部")
        page.get_by_label("困りごと・キーワード").fill("家賃が払えない 子ども2人")
        with page.expect_navigation():
            page.get_by_role("button", name="検索", exact=True).click()
        page.screenshot(path=str(artifacts / f"results-{width}x{height}.png"), full_page=False)
        first = page.locator("li.card").first.bounding_box()
        assert first is not None and first["y"] < height, first
        summary = page.locator("details.filters > summary").inner_text()
        assert all(word in summary for word in ("34歳", "ひとり親", "電話", "区部"))
        # The card's details are behind a tap; its contacts, hours and date are not.
        card = page.locator("li.card").first
        assert not card.locator("dl.facts").is_visible()
        assert card.locator(".contact-hours").first.is_visible()
        bar = page.locator(".referral-bar").bounding_box()
        assert bar is not None and bar["height"] <= 56, bar
        tab.assert_clean()


def _tabs(browser: Browser, live_server: str, *, width: int, height: int) -> Iterator[Tab]:
    phone = width < 600
    yield from _new_tab(
        browser,
        live_server,
        viewport={"width": width, "height": height},
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
    )


def test_three_services_print_on_one_a4_page(tab: Tab, artifacts: Path) -> None:
    """The three services with the most contacts in the base still fit one A4 page."""
    tab.open("/referral?ids=dv-soudan-plus,josei-sodan-center,ichiji-hogo")
    tab.page.emulate_media(media="print")
    pdf = tab.page.pdf(format="A4", prefer_css_page_size=True, path=str(artifacts / "sheet-three.pdf"))
    assert _pdf_pages(pdf) == 1
    tab.assert_clean()
