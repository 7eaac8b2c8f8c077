"""Command line: `python -m water_targets COMMAND` — migrate, import, dump, revert, regions, documents, users, tokens,
extract.

Every command works on the store named by DATABASE_URL (default: the SQLite file under instance/).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .boundaries import cli as boundaries_cli
from .cli_report import report_write
from .data import get_dataset, get_geo, prepare_store, store_engine
from .indicators import DataValidationError
from .store.bundled import write_files
from .store.models import users
from .store.revisions import StaleRevision, head
from .store.users import (
    TOKEN_DAYS,
    Actor,
    UserError,
    add_user,
    change_password,
    create_token,
    disable_user,
    list_tokens,
    list_users,
    revoke_token,
    unlock_user,
)


def _actor(name: str) -> Actor:
    with store_engine().connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name, users.c.disabled.is_(False))).first()
    if row is None:
        raise UserError(f"no enabled user {name!r} (create one with: python -m water_targets users add …)")
    return Actor(name=row.name, role=row.role, regions=tuple(r for r in row.regions.split(",") if r), id=row.id)


def _admin(name: str, what: str) -> Actor:
    """The enabled user `name`, who must be an admin to do `what`."""
    actor = _actor(name)
    if not actor.is_admin:
        raise UserError(f"{what} needs an admin user")
    return actor


def dump(directory: Path, asof: int | None) -> int:
    """Write documents.csv, indicators.csv and values.csv as of a revision (the layout of data/indicators)."""
    with store_engine().connect() as conn:
        rev = asof or head(conn)
        if not 1 <= rev <= head(conn):
            raise UserError(f"no revision {rev} (latest is {head(conn)})")
        write_files(conn, directory, rev)
    return rev


def cmd_import(args: argparse.Namespace) -> int:
    from .imports.parse import Vocabulary
    from .imports.pipeline import ImportRefused, commit_file, preview_file

    path = Path(args.file)
    data = path.read_bytes()
    actor, geo = _actor(args.user), get_geo()
    vocab = Vocabulary.from_dataset(get_dataset(), geo)
    if args.dry_run:
        preview, revision = preview_file(store_engine(), path.name, data, actor, geo, vocab), None
    else:
        try:
            revision, preview = commit_file(store_engine(), path.name, data, actor, geo, vocab, args.comment or "")
        except ImportRefused as exc:
            preview, revision = exc.preview, None
    s = preview.summary()
    for p in preview.problems:
        print(f"  {p}  |  {p.message_zh}", file=sys.stderr)
    print(
        f"{path.name}: {s['added']} new, {s['changed']} changed, {s['unchanged']} unchanged, "
        f"{len(s['errors'])} error(s)"
    )
    if preview.problems:
        print("nothing was written", file=sys.stderr)
        return 1
    return report_write(revision, args.dry_run, "no changes (无变化): nothing was written")


def cmd_revert(args: argparse.Namespace) -> int:
    from .imports.pipeline import RevertRefused, revert

    actor = _admin(args.user, "revert")
    try:
        made = revert(store_engine(), args.revision, actor, args.comment or "")
    except RevertRefused as exc:
        raise UserError(f"{exc}; nothing was written — revert the later revisions that cite it first") from None
    print(f"revision {made.id} restores the rows of revision {args.revision}" if made else "nothing to revert")
    return 0


def cmd_regions(args: argparse.Namespace) -> int:
    """`regions search <q>`: units of the national catalogue by adcode, its first digits, or name."""
    from .region_search import QueryError, search

    try:
        hits = search(get_geo(), args.query, args.limit)
    except QueryError as exc:
        raise UserError(str(exc)) from None
    if not hits:
        print(f"no region matches {args.query!r} (没有匹配的地区)", file=sys.stderr)
        return 1
    for h in hits:
        r = h.region
        print(f"{r.adcode}\t{r.name_zh}\t{r.name_en}\t{r.level}\t{h.lineage_zh}")
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    """`documents add`: a new document (a plan by default) of a catalogue region as one revision."""
    from .imports.documents import DocumentRefused, add_document

    actor = _admin(args.user, "adding a document")
    file_name = file_bytes = None
    if args.file:
        path = Path(args.file)
        file_name, file_bytes = path.name, path.read_bytes()
    cells = {
        "id": args.id,
        "region": args.region,
        "title": args.title,
        "number": args.number or "",
        "issued": args.issued or "",
        "url": args.url or "",
        "kind": args.kind,
    }
    try:
        revision = add_document(
            store_engine(), cells, actor, get_geo(), file_name, file_bytes, comment=args.comment or ""
        )
    except DocumentRefused as exc:
        print(f"error: {exc.text('en')} | {exc.text('zh')}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    print(f"document {args.id} added: revision {revision.id} written")
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    engine = store_engine()
    if args.users_command == "add":
        password = _read_password(args.password_stdin, f"password for {args.name}: ")
        actor = add_user(engine, args.name, args.role, password, args.region or [], get_geo())
        print(
            f"user {actor.name} ({actor.role}{', regions ' + ','.join(actor.regions) if actor.regions else ''}) added"
        )
    elif args.users_command == "list":
        for u in list_users(engine):
            state = "disabled" if u["disabled"] else ("locked" if u["locked_until"] else "active")
            print(f"{u['name']}\t{u['role']}\t{u['regions'] or '-'}\t{state}")
    elif args.users_command == "disable":
        disable_user(engine, args.name)
        print(f"user {args.name} disabled (their sessions ended and their tokens revoked)")
    elif args.users_command == "unlock":
        lifted = unlock_user(engine, args.name)
        print(f"user {args.name}: {lifted} sign-in back-off(s) lifted")
    elif args.users_command == "password":
        password = _read_password(args.password_stdin, f"new password for {args.name}: ")
        change_password(engine, args.name, password)
        print(f"password of {args.name} changed (their sessions ended)")
    return 0


def _read_password(from_stdin: bool, prompt: str) -> str:
    return sys.stdin.readline().rstrip("\n") if from_stdin else getpass.getpass(prompt)


def cmd_tokens(args: argparse.Namespace) -> int:
    engine = store_engine()
    if args.tokens_command == "create":
        print(create_token(engine, args.name, args.label or "", args.days))
    elif args.tokens_command == "list":
        for tok in list_tokens(engine, args.user):
            state = "active" if tok["active"] else ("revoked" if tok["revoked"] else "expired")
            last = tok["last_used_at"].isoformat(timespec="minutes") if tok["last_used_at"] else "never"
            print(
                f"{tok['id']}\t{tok['user']}\t{tok['name'] or '-'}\t{state}\t"
                f"expires {tok['expires_at'].date().isoformat()}\tlast used {last}"
            )
    elif args.tokens_command == "revoke":
        revoke_token(engine, args.id)
        print(f"token {args.id} revoked")
    return 0


# ---------------------------------------------------------------- extract

EXTRACT_FORMATS = ("json", "xlsx", "csv")


def extract_proposals(
    files: list[str], region: str | None, doc: str | None, propose: Callable[..., list[dict]]
) -> tuple[list[dict], bool]:
    """Proposals of every readable file (each with `file` as given), and whether every file could be read; a file
    that cannot be read is named on stderr and proposes nothing."""
    from .extract import ExtractError, read_document

    proposals: list[dict] = []
    all_read = True
    for file in files:
        try:
            read = read_document(Path(file).read_bytes(), Path(file).name)
        except (ExtractError, OSError) as exc:
            message = str(exc) if isinstance(exc, ExtractError) else f"{file}: {exc.strerror or exc}"
            print(f"error: {message}", file=sys.stderr)
            all_read = False
            continue
        proposals.extend({"file": file, **p} for p in propose(read, region, doc))
    return proposals, all_read


def cmd_extract(args: argparse.Namespace) -> int:
    """`extract FILE …`: proposed target rows of plan documents, as JSON or as the filled import template."""
    try:
        from .extract.rules import propose
    except ImportError as exc:
        print(f"error: the extraction rules are not available yet ({exc})", file=sys.stderr)
        return 2
    proposals, all_read = extract_proposals(args.files, args.region, args.doc, propose)
    if args.format == "json":
        data = (json.dumps(proposals, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    else:
        if args.format == "xlsx":
            if not args.out:
                raise UserError("--format xlsx needs --out PATH (a workbook is not written to the terminal)")
            prepare_store()  # the workbook's lists of indicators and regions
        from .extract.filled import filled_template

        xlsx = args.format == "xlsx"
        data = filled_template(proposals, args.format, get_dataset() if xlsx else None, get_geo() if xlsx else None,
                               args.region, args.doc)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"{len(proposals)} proposal(s) written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0 if all_read else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m water_targets", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or migrate the database and load the bundled dataset")
    imp = sub.add_parser("import", help="import a CSV or XLSX file (checked first; one revision)")
    imp.add_argument("file")
    imp.add_argument("--user", required=True)
    imp.add_argument("--comment")
    imp.add_argument("--dry-run", action="store_true", help="check and show what would change; write nothing")
    dmp = sub.add_parser("dump", help="write the data as documents.csv, indicators.csv, values.csv")
    dmp.add_argument("directory")
    dmp.add_argument("--asof", type=int, help="revision to dump (default: the latest)")
    rev = sub.add_parser("revert", help="restore the rows a revision changed (admin)")
    rev.add_argument("revision", type=int)
    rev.add_argument("--user", required=True)
    rev.add_argument("--comment")
    regions_cmd = sub.add_parser("regions", help="search the national region catalogue")
    rsub = regions_cmd.add_subparsers(dest="regions_command", required=True)
    rsearch = rsub.add_parser("search", help="units by adcode, adcode prefix, Chinese or English name")
    rsearch.add_argument("query")
    rsearch.add_argument("--limit", type=int, default=50)
    docs_cmd = sub.add_parser("documents", help="add a source document (one revision)")
    dsub = docs_cmd.add_subparsers(dest="documents_command", required=True)
    dadd = dsub.add_parser("add", help="add a new document of a region (a plan unless --kind says otherwise)")
    dadd.add_argument("--region", required=True, help="adcode of the issuing region (see: regions search)")
    dadd.add_argument("--id", required=True, help="new document id: lower-case letters, digits and -")
    dadd.add_argument("--title", required=True)
    dadd.add_argument("--number", help="文号")
    dadd.add_argument("--issued", help="issuing date YYYY-MM-DD")
    dadd.add_argument("--url", help="http(s) link to the document")
    dadd.add_argument("--file", help="the document itself (PDF, DOC, DOCX, TXT, at most 20 MB), kept with the revision")
    dadd.add_argument("--kind", default="plan", choices=["plan", "statistics", "assessment"])
    dadd.add_argument("--user", required=True, help="an admin user (the revision and audit log name them)")
    dadd.add_argument("--comment")
    user_cmd = sub.add_parser("users", help="add, list or disable users")
    usub = user_cmd.add_subparsers(dest="users_command", required=True)
    add = usub.add_parser("add")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["editor", "admin"])
    add.add_argument("--region", action="append", help="adcode an editor may change (repeat; counties included)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    usub.add_parser("list")
    dis = usub.add_parser("disable", help="disable a user: their sessions end and their tokens are revoked")
    dis.add_argument("name")
    unl = usub.add_parser("unlock", help="lift the sign-in back-off of a user (from every client)")
    unl.add_argument("name")
    pwd = usub.add_parser("password", help="set a user's password (at least 12 characters, not guessable)")
    pwd.add_argument("name")
    pwd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    tokens = sub.add_parser("tokens", help="API tokens: create, list, revoke")
    tsub = tokens.add_subparsers(dest="tokens_command", required=True)
    tcreate = tsub.add_parser("create", help="print a new API token for a user (shown once)")
    tcreate.add_argument("name")
    tcreate.add_argument("--label", help="what the token is for, e.g. 'nightly import'")
    tcreate.add_argument("--days", type=int, default=TOKEN_DAYS, help=f"lifetime in days (default {TOKEN_DAYS})")
    tlist = tsub.add_parser("list", help="tokens with their name, expiry, last use and state (never the secret)")
    tlist.add_argument("--user")
    trevoke = tsub.add_parser("revoke", help="revoke one token by its id (see: tokens list)")
    trevoke.add_argument("id", type=int)
    boundaries_cli.add_parser(sub)
    ext = sub.add_parser("extract", help="propose cited target rows from plan documents (PDF, DOCX, TXT)")
    ext.add_argument("files", nargs="+", metavar="FILE")
    ext.add_argument("--region", help="adcode of the plan's region (the region of rows that name none)")
    ext.add_argument("--doc", help="document id the rows cite")
    ext.add_argument("--format", required=True, choices=EXTRACT_FORMATS)
    ext.add_argument("--out", help="write to this file instead of standard output (needed for xlsx)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "extract":  # reads files only; the store only for the template's lists
            return cmd_extract(args)
        prepare_store()
        if args.command == "migrate":
            with store_engine().connect() as conn:
                print(f"database ready at revision {head(conn)}")
            return 0
        if args.command == "import":
            return cmd_import(args)
        if args.command == "dump":
            rev = dump(Path(args.directory), args.asof)
            print(f"revision {rev} written to {args.directory}")
            return 0
        if args.command == "revert":
            return cmd_revert(args)
        if args.command == "users":
            return cmd_users(args)
        if args.command == "regions":
            return cmd_regions(args)
        if args.command == "documents":
            return cmd_documents(args)
        if args.command == "boundaries":
            return boundaries_cli.run(args, _actor(args.user))
        if args.command == "tokens":
            return cmd_tokens(args)
    except (UserError, StaleRevision, OSError, ValueError) as exc:  # no revision N, unreadable file …
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DataValidationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"database error: {exc.__class__.__name__}: {getattr(exc, 'orig', None) or exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
