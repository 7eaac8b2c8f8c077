"""The last line the command line prints after a write: dry run, no change, or the revision written."""

from __future__ import annotations

from .store.revisions import Revision


def report_write(revision: Revision | None, dry_run: bool, unchanged: str = "no changes: nothing was written") -> int:
    """Print what became of the write (`unchanged`: the words for a write that changed nothing); exit status 0."""
    if dry_run:
        print("dry run: nothing was written")
    elif revision is None:
        print(unchanged)
    else:
        print(f"revision {revision.id} written")
    return 0
