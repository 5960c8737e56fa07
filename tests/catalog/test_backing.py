from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.catalog.backing import backing_problem
from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.loader import load_knowledge
from tests.helpers.kbtree import copy_tree, edit_entries


@dataclass(frozen=True)
class Src:
    url: str
    quote: str


PAGE = Src(url="https://www.example.metro.tokyo.lg.jp/soudan/line.html", quote="")


def test_backing_email_matches_a_quote_written_with_a_minus_sign() -> None:
    source = Src(url="https://news.example.jp/a", quote="18歳以上 otona−tosca@ionp.or.jp まで")
    assert backing_problem("email", "otona-tosca@ionp.or.jp", [source]) is None
    assert backing_problem("email", "someone@ionp.or.jp", [source]) is not None


def test_backing_web_page_on_the_cited_site_is_backed() -> None:
    assert backing_problem("web", "https://example.metro.tokyo.lg.jp/", [PAGE]) is None
    problem = backing_problem("web", "https://other.example.com/", [PAGE])
    assert problem is not None and "other.example.com" in problem


def test_backing_line_account_must_be_quoted() -> None:
    quoted = Src(url=PAGE.url, quote="LINEで「相談ほっとLINE@東京」を友だち追加")
    assert backing_problem("line", "相談ほっとLINE@東京", [quoted]) is None
    assert backing_problem("line", "相談ほっとLINE@東京", [PAGE]) is not None


def test_backing_visit_ignores_the_gloss_in_parentheses() -> None:
    quoted = Src(url=PAGE.url, quote="場所はトー横近くの東京都健康プラザハイジア15階。")
    assert backing_problem("visit", "東京都健康プラザハイジア 15階（新宿区歌舞伎町）", [quoted]) is None
    assert backing_problem("visit", "新宿区役所 1階（歌舞伎町）", [quoted]) is not None


def test_backing_phone_digits_in_any_width() -> None:
    quoted = Src(url=PAGE.url, quote="電話０３−５２６１−３１１０")
    assert backing_problem("phone", "03-5261-3110", [quoted]) is None
    assert backing_problem("phone", "03-5261-3111", [quoted]) is not None


NUMBER = Src(
    url="https://www.city.example.tokyo.jp/koho/r4/p8.txt", quote="女性問題相談(電話 351-4602=同センター内)"
)
AREA = Src(
    url="https://www.city.example.tokyo.jp/koho/r6/p1.txt", quote="FAX:042-366-1457 (当市の市外局番は042)"
)


def test_backing_a_local_number_is_backed_by_the_area_code_its_own_site_states() -> None:
    assert backing_problem("phone", "042-351-4602", [NUMBER, AREA]) is None


@pytest.mark.parametrize(
    ("value", "sources"),
    [
        ("042-351-4602", [NUMBER]),  # no area code stated
        ("042-351-4603", [NUMBER, AREA]),  # another number
        ("03-351-4602", [NUMBER, AREA]),  # another area code
        ("042-351-4602", [NUMBER, Src(url="https://other.example.jp/a", quote=AREA.quote)]),  # another site
    ],
)
def test_backing_a_local_number_without_its_own_sites_area_code_is_not(
    value: str, sources: list[Src]
) -> None:
    assert backing_problem("phone", value, sources) is not None


def test_load_knowledge_unbacked_line_account_names_entry_and_field(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)

    def change(entries: list[dict[str, object]]) -> None:
        for entry in entries:
            for channel in entry.get("channels", []):  # type: ignore[attr-defined]
                if channel["type"] == "line":
                    channel["value"] = "にせものLINE@東京"
                    return

    edit_entries(root, "windows.yaml", change)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(root)
    problems = [str(p) for p in caught.value.problems]
    assert any(
        "services/windows.yaml" in p and "channels[" in p and "にせものLINE@東京" in p and "no backing" in p
        for p in problems
    ), problems
