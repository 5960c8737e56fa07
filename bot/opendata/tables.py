"""The HSDS export as flat tables that open in a spreadsheet.

Column names are HSDS field names where HSDS has the field; a few columns of ours follow them
(``kb_id``, ``area``, ``document_rows``, ``hours_text``...). One row a service, a phone, a
schedule, an organization, and one row for each public page a contact is read from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

TABLES: dict[str, tuple[str, ...]] = {
    "organizations": ("id", "name", "description", "parent_organization_id"),
    "services": (
        "id",
        "kb_id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "status",
        "alert",
        "application_process",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "area",
        "languages",
        "topics",
        "document_rows",
    ),
    "phones": (
        "id",
        "service_id",
        "service_at_location_id",
        "number",
        "type",
        "description",
        "languages",
        "confidence",
        "last_verified",
        "hours_text",
    ),
    "schedules": (
        "id",
        "service_id",
        "service_at_location_id",
        "freq",
        "wkst",
        "byday",
        "opens_at",
        "closes_at",
        "timezone",
        "jp_public_holidays",
        "closed_dates",
        "description",
        "notes",
    ),
    "contact_sources": ("service_at_location_id", "service_id", "channel", "url", "quote", "page_date"),
}


def _attribute_values(item: dict[str, Any], code: str) -> list[str]:
    return [str(a["value"]) for a in item.get("attributes", ()) if a["taxonomy_term"]["code"] == code]


def _vocabulary(item: dict[str, Any], vocabulary: str) -> list[str]:
    suffix = ":" + vocabulary
    return [
        str(a["value"]) for a in item.get("attributes", ()) if a["taxonomy_term"]["taxonomy"].endswith(suffix)
    ]


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _split_source(value: str) -> tuple[str, str, str]:
    """``URL 「quote」（date）`` back into its three parts."""
    url, _, rest = value.partition(" 「")
    quote, _, dated = rest.rpartition("」")
    return url, quote, dated.strip("（）")


def rows(
    services: Iterable[dict[str, Any]], organizations: Iterable[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    tables["organizations"].extend(organizations)
    for service in services:
        places = {p["id"]: p for p in service["service_at_locations"]}
        tables["services"].append(
            {
                **service,
                "kb_id": _first(_attribute_values(service, "kb-id")),
                "area": service["service_areas"][0]["name"] if service["service_areas"] else "",
                "languages": " ".join(language["code"] for language in service["languages"]),
                "topics": " ".join(_vocabulary(service, "topics")),
                "document_rows": " ".join(_vocabulary(service, "document-rows")),
            }
        )
        for phone in service["phones"]:
            place = places[phone["service_at_location_id"]]
            tables["phones"].append(
                {
                    **phone,
                    "languages": " ".join(language["code"] for language in phone["languages"]),
                    "confidence": _first(_attribute_values(place, "confidence")),
                    "last_verified": _first(_attribute_values(place, "last-verified")),
                    "hours_text": place["description"],
                }
            )
        for place in places.values():
            for schedule in place["schedules"]:
                tables["schedules"].append(
                    {
                        **schedule,
                        "jp_public_holidays": _first(_attribute_values(schedule, "jp-public-holidays")),
                        "closed_dates": _first(_attribute_values(schedule, "closed-dates")),
                    }
                )
            for value in _attribute_values(place, "fact-source"):
                url, quote, page_date = _split_source(value)
                tables["contact_sources"].append(
                    {
                        "service_at_location_id": place["id"],
                        "service_id": service["id"],
                        "channel": place["location"]["name"],
                        "url": url,
                        "quote": quote,
                        "page_date": page_date,
                    }
                )
    return tables


def to_csv(name: str, table: list[dict[str, Any]]) -> str:
    """One table as CSV with a header row; UTF-8 with a byte-order mark so spreadsheets read it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TABLES[name], extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in table:
        writer.writerow({key: row.get(key, "") for key in TABLES[name]})
    return "\ufeff" + out.getvalue()
