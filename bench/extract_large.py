"""Measure reading a long plan: a PDF of at least 40 pages through read_document and rules.propose, against issue
20's budget (5 s, 300 MB peak memory).

The PDF is made here: the five seed plans (../shared/seeds/*.txt) joined, repeated until LibreOffice Writer, headless,
prints them on 40 pages or more (pdfplumber counts them). A fresh Python process then imports the extractor, reads the
PDF and proposes rows, and reports its times and its peak resident memory (getrusage RUSAGE_SELF, which the
interpreter and the imported libraries are part of). Needs LibreOffice Writer (scripts/ensure_system_deps.sh).

Run: .venv/bin/python bench/extract_large.py [--seeds DIR] [--pages N] [--keep PDF]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TIME_BUDGET_S, MEMORY_BUDGET_MB = 5.0, 300.0
MIN_PAGES = 40

# Runs in the fresh process: argv[1] is the PDF. Prints one JSON object.
CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from water_targets.extract.text import read_document
from water_targets.extract import rules
t1 = time.perf_counter()
rss_imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = open(sys.argv[1], "rb").read()
read = read_document(data, "large.pdf")
t2 = time.perf_counter()
proposals = rules.propose(read, region=None)
t3 = time.perf_counter()
print(json.dumps({
    "import_s": t1 - t0, "read_s": t2 - t1, "propose_s": t3 - t2, "pages": len(read.pages), "chars": len(read.text),
    "proposals": len(proposals), "rss_imported_kb": rss_imported,
    "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise SystemExit("LibreOffice (soffice) is needed to make the PDF: bash scripts/ensure_system_deps.sh")
    return program


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return len(document.pages)


def make_pdf(folder: Path, seeds: Path, min_pages: int) -> tuple[Path, int]:
    """A PDF of at least `min_pages` pages from the seed texts (cycled through as often as needed), and its page
    count. The first print of all the seeds once gives the characters a page holds; more are added till it is
    long enough."""
    plans = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not plans:
        raise SystemExit(f"no seed plans in {seeds}")
    wanted = sum(map(len, plans))
    while True:
        parts, chars = [], 0
        while chars < wanted:
            parts.append(plans[len(parts) % len(plans)])
            chars += len(parts[-1])
        pdf = print_pdf(folder, "\n\n".join(parts))
        pages = page_count(pdf)
        if pages >= min_pages:
            return pdf, pages
        # the characters a page holds, times the pages wanted, and a little more
        wanted = max(wanted + 1, int(chars / max(pages, 1) * min_pages * 1.02))


def print_pdf(folder: Path, text: str) -> Path:
    """`text` printed to PDF by LibreOffice Writer, headless, with a profile of its own."""
    source = folder / "large.txt"
    source.write_text(text, encoding="utf-8")
    command = [
        soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
        "--infilter=Text (encoded):UTF8,LF,,", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder),
        str(source),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return folder / "large.pdf"


def run_child(pdf: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(pdf), str(ROOT)], check=True, capture_output=True, text=True, timeout=600
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(seeds: Path = SEEDS, min_pages: int = MIN_PAGES, keep: Path | None = None) -> dict:
    """Make the PDF, read it in a fresh process: times (s), memory (MB), pages, characters, proposals, and whether
    the budgets are kept (the time budget counts reading and proposing; the imports are reported apart)."""
    with tempfile.TemporaryDirectory(prefix="extract-large-") as tmp:
        pdf, pages = make_pdf(Path(tmp), seeds, min_pages)
        if keep is not None:
            shutil.copyfile(pdf, keep)
        size = pdf.stat().st_size
        child = run_child(pdf)
    work_s = child["read_s"] + child["propose_s"]
    peak_mb = child["peak_rss_kb"] / 1024
    return {
        "pages": pages,
        "pdf_bytes": size,
        "chars": child["chars"],
        "proposals": child["proposals"],
        "import_s": round(child["import_s"], 3),
        "read_s": round(child["read_s"], 3),
        "propose_s": round(child["propose_s"], 3),
        "work_s": round(work_s, 3),
        "total_s": round(work_s + child["import_s"], 3),
        "rss_after_imports_mb": round(child["rss_imported_kb"] / 1024, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "time_ok": work_s + child["import_s"] <= TIME_BUDGET_S,
        "memory_ok": peak_mb <= MEMORY_BUDGET_MB,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--pages", type=int, default=MIN_PAGES, help="at least this many pages")
    parser.add_argument("--keep", type=Path, help="also copy the PDF made to this path")
    args = parser.parse_args()
    result = measure(args.seeds, args.pages, args.keep)
    print(f"PDF: {result['pages']} pages, {result['pdf_bytes'] / 1024:.0f} KB, {result['chars']} characters read, "
          f"{result['proposals']} proposals")  # fmt: skip
    print(f"time: imports {result['import_s']:.2f} s + read {result['read_s']:.2f} s + propose "
          f"{result['propose_s']:.2f} s = {result['total_s']:.2f} s (budget {TIME_BUDGET_S:.0f} s) "
          f"{'ok' if result['time_ok'] else 'OVER'}")  # fmt: skip
    print(f"memory: peak RSS {result['peak_rss_mb']:.0f} MB ({result['rss_after_imports_mb']:.0f} MB after the "
          f"imports; budget {MEMORY_BUDGET_MB:.0f} MB) {'ok' if result['memory_ok'] else 'OVER'}")  # fmt: skip
    return 0 if result["time_ok"] and result["memory_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
