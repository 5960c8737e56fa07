"""The open-data files: HSDS JSON and CSV tables, written to a folder or served as a zip."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.opendata import hsds, tables

LICENCE_JA = (
    "このデータ（窓口・事業の整理、要約、分類）は、クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）"
    "で提供します（出典として「女性支援の窓口さがし」を表示してください）。"
    "元になった資料は東京都などの公開文書です。各連絡先には、それを載せている公開ページのURLと引用を付けています。"
    "連絡先や受付時間は変わることがあるため、使う前に出典ページで確認してください。"
)
LICENCE_EN = (
    "This data (the arrangement, summaries and classification of services) is offered under "
    "Creative Commons Attribution 4.0 International (CC BY 4.0). It is drawn from public documents "
    "of the Tokyo Metropolitan Government and others; each contact carries the URL of the public page "
    "that states it and the quoted line. Contacts and hours change: check the cited page before use."
)
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# A fixed time stamp for every file in a zip, so that the same base gives the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class OpenData:
    services: list[dict[str, Any]]
    organizations: list[dict[str, Any]]
    kb_version: str

    @classmethod
    def build(cls, kb: KnowledgeBase) -> OpenData:
        return cls(hsds.services(kb), hsds.organizations(kb), kb.version)

    def about(self) -> dict[str, Any]:
        return {
            "specification": "Open Referral Human Services Data Specification (HSDS) 3.0",
            "kb_version": self.kb_version,
            "services": len(self.services),
            "organizations": len(self.organizations),
            "licence": {"name": "CC BY 4.0", "url": LICENCE_URL, "ja": LICENCE_JA, "en": LICENCE_EN},
        }

    def hsds_files(self) -> dict[str, bytes]:
        """``services/<id>.json`` (one HSDS service each), ``organizations.json``, ``about.json``."""
        files = {f"services/{_kb_id(s)}.json": _json(s) for s in self.services}
        files["organizations.json"] = _json(self.organizations)
        files["about.json"] = _json(self.about())
        return files

    def csv_files(self) -> dict[str, bytes]:
        found = tables.rows(self.services, self.organizations)
        files = {f"{name}.csv": tables.to_csv(name, found[name]).encode("utf-8") for name in tables.TABLES}
        files["about.json"] = _json(self.about())
        return files


def _kb_id(service: dict[str, Any]) -> str:
    return next(str(a["value"]) for a in service["attributes"] if a["taxonomy_term"]["code"] == "kb-id")


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write(files: dict[str, bytes], folder: Path) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def zipped(files: dict[str, bytes], top: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()
