"""Reading a plan for review (issue 20), shared by the review page (admin_extract.py) and POST /api/v1/extract: the
source (an uploaded file, pasted text or a document kept with a revision), the plan region in the user's scope, the
proposals, and the accepted rows as an import workbook. Nothing here writes to the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import request
from werkzeug.datastructures import FileStorage

from water_targets.data import get_dataset, get_geo, store_engine
from water_targets.extract import ExtractError, ReadText, read_document, read_text
from water_targets.extract.filled import merged_proposals
from water_targets.extract.rules import propose
from water_targets.i18n import Message, message
from water_targets.imports.documents import MAX_PLAN_FILE_BYTES
from water_targets.store.revisions import revision_file
from water_targets.store.users import Actor

# Pasted text: the longest a 40-page plan runs to is ~150,000 characters; ten times that is refused as a mistake.
MAX_PASTED_CHARS = 2_000_000
# A proposal this confident (a catalogue indicator, a year read in its sentence, an explicit comparator) may be
# accepted with the others at once (接受全部高置信度); the rest are looked at one by one.
HIGH_CONFIDENCE = 0.8
KEPT_FILE_URL = re.compile(r"^/admin/revisions/(\d+)/file$")


class ExtractRefused(Exception):
    """A source that cannot be read for review, or a region the user may not edit; nothing was written."""

    def __init__(self, words: Message, status: int = 422) -> None:
        super().__init__(words.en)
        self.message = words
        self.status = status


@dataclass
class Extraction:
    """A source read for review: its text, the plan region and document the rows cite, and the proposals (each
    with `id`, its position in the list, which the review form and the text's marks use)."""

    read: ReadText
    region: str
    doc: str | None
    proposals: list[dict] = field(default_factory=list)

    def unmapped(self) -> list[dict]:
        """Printed indicator names the catalogue has no id for, with how often each was proposed, for an admin to
        add to the catalogue (or for the reviewer to map by hand)."""
        counts: dict[str, dict] = {}
        for p in self.proposals:
            if p["indicator"] is None:
                entry = counts.setdefault(p["indicator_text"], {"indicator_text": p["indicator_text"], "count": 0,
                                                                "units": []})
                entry["count"] += 1
                if p["unit"] and p["unit"] not in entry["units"]:
                    entry["units"].append(p["unit"])
        return sorted(counts.values(), key=lambda e: (-e["count"], e["indicator_text"]))


def kept_documents(actor: Actor) -> list[dict]:
    """Documents kept with their file (added on 添加地区方案) whose region the user may edit, newest first."""
    docs = get_dataset().documents
    geo = get_geo()
    out = []
    for row in docs.itertuples():
        found = KEPT_FILE_URL.match(str(row.url or ""))
        if found and actor.may_edit(str(row.region), geo):
            out.append({"id": row.id, "title": row.title, "region": row.region, "rev": int(found.group(1))})
    return sorted(out, key=lambda d: -d["rev"])


def citable_documents(actor: Actor) -> list[dict]:
    """Documents the accepted rows may cite: those of a region the user may edit."""
    geo = get_geo()
    return [
        {"id": row.id, "title": row.title, "region": row.region, "issued": row.issued}
        for row in get_dataset().documents.itertuples()
        if actor.may_edit(str(row.region), geo)
    ]


def read_source(upload: FileStorage | None, text: str | None, kept: str | None, actor: Actor) -> ReadText:
    """The text of the one source given: an uploaded file, pasted text or a kept document's file."""
    given = [bool(upload and upload.filename), bool(text and text.strip()), bool(kept)]
    if sum(given) != 1:
        raise ExtractRefused(message("ext_one_source"), 400)
    if upload is not None and upload.filename:
        name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:255]
        data = upload.read(MAX_PLAN_FILE_BYTES + 1)
        if len(data) > MAX_PLAN_FILE_BYTES:
            raise ExtractRefused(message("ext_too_big", name=name, mb=MAX_PLAN_FILE_BYTES // 2**20), 413)
        return _read(data, name)
    if text and text.strip():
        if len(text) > MAX_PASTED_CHARS:
            raise ExtractRefused(message("ext_paste_too_long", chars=f"{MAX_PASTED_CHARS:,}"), 413)
        return read_text(text, "pasted text")
    doc = str(kept)
    found = next((d for d in kept_documents(actor) if d["id"] == doc), None)
    if found is None:
        raise ExtractRefused(message("ext_no_kept_file", doc=doc), 404)
    with store_engine().connect() as conn:
        name, body = revision_file(conn, found["rev"])
    if not name or body is None:
        raise ExtractRefused(message("ext_no_kept_file", doc=doc), 404)
    return _read(body, name)


def _read(data: bytes, name: str) -> ReadText:
    try:
        return read_document(data, name)
    except ExtractError as exc:
        raise ExtractRefused(exc.message) from exc


def plan_region(region: str | None, doc: str | None, actor: Actor) -> str:
    """The plan's region: as given, else the cited document's; known, and one the user may edit."""
    geo = get_geo()
    docs = get_dataset().documents
    if doc and doc not in docs.index:
        raise ExtractRefused(message("ext_unknown_doc", doc=doc), 404)
    code = (region or "").strip() or (str(docs.loc[doc, "region"]) if doc else "")
    if not code:
        raise ExtractRefused(message("ext_no_region"), 400)
    if code not in geo.regions:
        raise ExtractRefused(message("ext_unknown_region", region=code), 404)
    if not actor.may_edit(code, geo):
        raise ExtractRefused(message("ext_out_of_scope", region=f"{geo.regions[code].name_zh}（{code}）",
                                     region_en=f"{geo.regions[code].name_en} ({code})"), 403)
    return code


def extract(read: ReadText, region: str, doc: str | None) -> Extraction:
    """Proposals for a text, one per target (merged where a plan states it in several places), each with its id."""
    # in reading order (the rules give an annex's table before the prose)
    proposals = sorted(merged_proposals(propose(read, region, doc)), key=lambda p: (p["value_start"], p["start"]))
    return Extraction(read, region, doc, [{"id": i, **p} for i, p in enumerate(proposals)])


def extraction_from_request(actor: Actor) -> Extraction:
    """The source, region and document of a form or multipart request (the review page's step 1, the API)."""
    form = request.form
    payload = request.get_json(silent=True) if request.is_json else None
    values = payload if isinstance(payload, dict) else form
    doc = str(values.get("doc") or "").strip()[:100] or None
    kept = str(values.get("kept") or "").strip()[:100] or None
    region = plan_region(str(values.get("region") or "")[:20], doc or kept, actor)
    text = values.get("text")
    read = read_source(request.files.get("file"), text if isinstance(text, str) else None, kept, actor)
    return extract(read, region, doc or kept)


def stored_rows(proposals: list[dict]) -> dict[int, dict]:
    """For each proposal the row the store already holds for its region, indicator, year and kind (by proposal id),
    with `same`: it states the same comparator and value — a target the plan repeats, or one imported before."""
    values = get_dataset().values
    index = {
        (str(r.region), str(r.indicator), int(r.year), str(r.kind)): r
        for r in values.itertuples()
    }
    out: dict[int, dict] = {}
    for p in proposals:
        if p["region"] is None or p["indicator"] is None or p["year"] is None:
            continue
        row = index.get((p["region"], p["indicator"], int(p["year"]), p["kind"]))
        if row is None:
            continue
        number = row.number if row.number == row.number else None  # NaN: no value (a qualifier alone)
        same = number is not None and abs(float(number) - float(p["value"])) < 1e-9
        same = same and row.comparator == p["comparator"]
        out[p["id"]] = {"comparator": str(row.comparator), "value": str(row.value), "doc": str(row.doc),
                        "section": str(row.section), "note": str(row.note), "same": same}
    return out


def text_segments(text: str, proposals: list[dict]) -> list[dict]:
    """The text cut at the proposals' numbers: [{"text", "ids"}], `ids` the proposals marked by that piece (empty for
    the text between). Numbers that overlap share one mark."""
    spans: list[list] = []
    for p in sorted(proposals, key=lambda p: (p["value_start"], p["value_end"])):
        start, end = p["value_start"], p["value_end"]
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][2].append(p["id"])
        else:
            spans.append([start, end, [p["id"]]])
    out, at = [], 0
    for start, end, ids in spans:
        if start > at:
            out.append({"text": text[at:start], "ids": []})
        out.append({"text": text[start:end], "ids": ids})
        at = end
    if at < len(text):
        out.append({"text": text[at:], "ids": []})
    return out
