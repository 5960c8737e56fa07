"""The open-data export: valid HSDS 3.0, stable ids, and the same phones and hours read back."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from bot.catalog.hours import WEEKDAYS
from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Channel, Entry
from bot.opendata import channels, hsds, terms
from bot.opendata.bundle import OpenData
from tests.helpers.entries import text_channel

SCHEMA = Path(__file__).parents[1] / "fixtures" / "hsds" / "service.compiled.json.gz"
DAYS = {v: k for k, v in channels.HSDS_DAYS.items()}


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    return schema


def _problems(schema: dict[str, Any], item: object) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{e.json_path}: {e.message[:160]}" for e in validator.iter_errors(item)]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export as an operator makes it: the command line, into a folder."""
    out = tmp_path_factory.mktemp("open-data")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "export", "--hsds", str(out / "hsds"), "--csv", str(out / "csv")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and " in " in done.stdout
    return out


def _services(folder: Path) -> dict[str, dict[str, Any]]:
    """kb id -> HSDS service, read back from the files."""
    found = {}
    for path in sorted((folder / "hsds" / "services").glob("*.json")):
        service = json.loads(path.read_text("utf-8"))
        found[_kb_id(service)] = service
    return found


def _kb_id(service: dict[str, Any]) -> str:
    return next(a["value"] for a in service["attributes"] if a["taxonomy_term"]["code"] == "kb-id")


def _attrs(item: dict[str, Any], code: str) -> list[str]:
    return [a["value"] for a in item.get("attributes", ()) if a["taxonomy_term"]["code"] == code]


def _published(kb: KnowledgeBase) -> list[Entry]:
    return [e for e in kb if e.user_facing and not e.draft]


def _shown_channels(kb: KnowledgeBase, entry: Entry) -> tuple[Channel, ...]:
    holder = kb.contact_entry(entry)
    channels = holder.channels if holder else ()
    return tuple(c for c in channels if not (entry.confidential_location and c.type == "visit"))


def test_every_service_is_valid_hsds_3(written: Path) -> None:
    services = _services(written)
    assert services
    problems = {kb_id: p for kb_id, s in services.items() if (p := _problems(_schema(), s))}
    assert problems == {}


def test_organizations_are_valid_and_every_service_points_to_one_of_them(written: Path) -> None:
    organizations = json.loads((written / "hsds" / "organizations.json").read_text("utf-8"))
    org_schema = _schema()["properties"]["organization"]
    assert [p for o in organizations if (p := _problems(org_schema, o))] == []
    ids = {o["id"] for o in organizations}
    assert all(o.get("parent_organization_id", next(iter(ids))) in ids for o in organizations)
    pointed = {s["organization_id"] for s in _services(written).values() if "organization_id" in s}
    assert pointed and pointed <= ids


def test_the_export_is_the_user_facing_base_and_nothing_else(written: Path, kb: KnowledgeBase) -> None:
    services = _services(written)
    assert set(services) == {e.id for e in _published(kb)}
    internal = [e.id for e in kb if not e.user_facing]
    assert internal and not set(internal) & set(services)


def test_ids_are_stable_uuids_unique_across_the_export(kb: KnowledgeBase) -> None:
    first, second = OpenData.build(kb), OpenData.build(kb)
    assert first.hsds_files() == second.hsds_files()

    def ids(item: object) -> Iterator[str]:
        """Every object's id; organizations and taxonomy terms are shared, so not counted."""
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                yield item["id"]
            for key, value in item.items():
                if key not in {"organization", "taxonomy_term"}:
                    yield from ids(value)
        elif isinstance(item, list):
            for value in item:
                yield from ids(value)

    every = list(ids(first.services))
    assert len(every) == len(set(every)) > len(first.services)
    assert all(uuid.UUID(i).version == 5 for i in every)
    assert first.services[0]["id"] == terms.uid("service", _kb_id(first.services[0]))


def _hours_back(place: dict[str, Any]) -> dict[str, Any]:
    """The weekly rules, the holiday rule and the closed dates, from the schedules alone."""
    schedules = place["schedules"]
    rules = sorted(
        (tuple(DAYS[d] for d in s["byday"].split(",")), s["opens_at"][:5], s["closes_at"][:5])
        for s in schedules
    )
    holidays = {v for s in schedules for v in _attrs(s, "jp-public-holidays")}
    dates = {v for s in schedules for v in _attrs(s, "closed-dates")}
    return {"rules": rules, "holidays": holidays, "closed": dates}


def _hours_expected(channel: Channel) -> dict[str, Any]:
    hours = channel.hours
    if hours.always:
        rules = [(WEEKDAYS, "00:00", "23:59")]
    else:
        rules = sorted(
            (tuple(d for d in r.days if d != "hol"), r.opens, "23:59" if r.closes == "24:00" else r.closes)
            for r in hours.rules
        )
    on_holidays = hours.always or any("hol" in r.days for r in hours.rules)
    holiday = "open" if on_holidays else ("closed" if hours.closed_on_holidays else "unstated")
    dates = ",".join(channels.closed_dates(hours))
    return {"rules": rules, "holidays": {holiday}, "closed": {dates} if dates else set()}


def test_phones_and_hours_read_back_the_same(written: Path, kb: KnowledgeBase) -> None:
    services = _services(written)
    checked_hours = checked_phones = 0
    for entry in _published(kb):
        service = services[entry.id]
        channels = _shown_channels(kb, entry)
        assert sorted(p["number"] for p in service["phones"]) == sorted(
            c.value for c in channels if c.type == "phone"
        ), entry.id
        checked_phones += sum(1 for c in channels if c.type == "phone")
        places = {p["location"]["name"]: p for p in service["service_at_locations"]}
        assert len(places) == len(channels), entry.id
        for channel in channels:
            place = places[channel.value if channel.type == "visit" else channel.label]
            assert _attrs(place, "last-verified") == [channel.last_verified.isoformat()]
            assert _attrs(place, "confidence") == [channel.confidence]
            assert len(_attrs(place, "fact-source")) == len(channel.sources)
            if channel.hours.known:
                assert _hours_back(place) == _hours_expected(channel), (entry.id, channel.label)
                checked_hours += 1
            else:
                # Unconfirmed hours are a note with a request to check, never a schedule.
                assert place["schedules"] == []
                if channel.type not in {"web", "email"}:
                    assert "公式ページで確認" in place["description"], (entry.id, channel.label)
    assert checked_phones > 40 and checked_hours > 15


def test_a_confidential_shelter_exports_its_front_door_only(written: Path, kb: KnowledgeBase) -> None:
    services = _services(written)
    hidden = [e for e in _published(kb) if e.confidential_location]
    assert hidden
    for entry in hidden:
        service = services[entry.id]
        assert all(p["location"]["location_type"] == "virtual" for p in service["service_at_locations"])
        door = kb.get(entry.front_door or "")
        assert door is not None and door.name in service["application_process"]
        door_phones = sorted(c.value for c in door.channels if c.type == "phone")
        assert sorted(p["number"] for p in service["phones"]) == door_phones


def test_partial_contacts_and_unsure_status_carry_an_alert(written: Path, kb: KnowledgeBase) -> None:
    services = _services(written)
    for entry in _published(kb):
        partial = any(c.confidence == "partially" for c in _shown_channels(kb, entry))
        alert = services[entry.id].get("alert", "")
        assert partial == ("公式ページで確認" in alert and "連絡先" in alert), entry.id
        assert (entry.status == "unknown") == ("実施状況" in alert), entry.id
        assert services[entry.id]["status"] == hsds.STATUS[entry.status]


def test_every_service_names_its_document_rows(written: Path, kb: KnowledgeBase) -> None:
    services = _services(written)
    for entry in _published(kb):
        rows = [
            a
            for a in services[entry.id]["attributes"]
            if a["taxonomy_term"]["taxonomy"].endswith(":document-rows")
        ]
        assert [a["value"] for a in rows] == list(entry.refs)
        assert all(a["taxonomy_term"]["description"] for a in rows)


def _csv(folder: Path, name: str) -> list[dict[str, str]]:
    raw = (folder / "csv" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_tables_hold_the_same_services_phones_and_schedules(written: Path) -> None:
    services = _services(written)
    rows = _csv(written, "services")
    assert {r["kb_id"] for r in rows} == set(services)
    assert {r["id"] for r in rows} == {s["id"] for s in services.values()}
    phones = _csv(written, "phones")
    assert sorted((p["service_id"], p["number"]) for p in phones) == sorted(
        (s["id"], p["number"]) for s in services.values() for p in s["phones"]
    )
    assert all(p["last_verified"] and p["confidence"] in {"verified", "partially"} for p in phones)
    schedules = _csv(written, "schedules")
    expected = [x for s in services.values() for p in s["service_at_locations"] for x in p["schedules"]]
    assert sorted((r["id"], r["byday"], r["opens_at"], r["closes_at"]) for r in schedules) == sorted(
        (x["id"], x["byday"], x["opens_at"], x["closes_at"]) for x in expected
    )


def test_contact_sources_in_the_csv_are_the_urls_and_quotes_of_the_base(
    written: Path, kb: KnowledgeBase
) -> None:
    rows = _csv(written, "contact_sources")
    found = {(r["url"], r["quote"], r["page_date"]) for r in rows}
    expected = {
        (s.url, s.quote, s.page_date or "")
        for e in _published(kb)
        for c in _shown_channels(kb, e)
        for s in c.sources
    }
    assert found == expected


def test_the_page_offers_both_downloads_under_a_licence_line(client: TestClient) -> None:
    html = client.get("/").text
    assert 'href="/open-data/hsds.zip"' in html and 'href="/open-data/csv.zip"' in html
    assert "CC BY 4.0" in html and 'rel="license"' in html
    for name, must in (("hsds.zip", "hsds/organizations.json"), ("csv.zip", "csv/phones.csv")):
        response = client.get(f"/open-data/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/zip"
        assert name in response.headers["content-disposition"]
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            names = archive.namelist()
            assert must in names
            about = json.loads(archive.read(names[0].split("/")[0] + "/about.json"))
        assert about["licence"]["name"] == "CC BY 4.0" and about["services"] > 50
        assert client.get(f"/open-data/{name}").content == response.content  # the same bytes each time


def test_languages_only_interpreted_are_interpretation_not_spoken(written: Path, kb: KnowledgeBase) -> None:
    """HSDS's languages "do not include languages which can only be used with interpretation":
    119 takes English and four more through an interpreting centre."""
    services = _services(written)
    entry = kb.get("emergency-119")
    assert entry is not None and entry.user_facing
    phone = entry.channels[0]
    assert phone.interpreted and set(phone.interpreted) < set(phone.languages)
    service = services[entry.id]
    assert [language["code"] for language in service["languages"]] == ["ja"]
    assert all(language["code"] == "ja" for p in service["phones"] for language in p["languages"])
    assert "通訳を介して" in service["interpretation_services"]
    assert "英語" in service["interpretation_services"]
    # A chat that takes the languages itself keeps them as spoken.
    spoken = {language["code"] for language in services["dv-soudan-plus"]["languages"]}
    assert {"en", "vi", "tl"} <= spoken


def test_a_language_interpreted_must_be_one_of_the_channels() -> None:
    with pytest.raises(ValueError, match="interpreted: ko not among"):
        Channel.model_validate(
            {
                **text_channel("line"),
                "languages": ["ja", "en"],
                "interpreted": ["ko"],
            }
        )
