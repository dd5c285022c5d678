"""Benchmark the importer: the whole ``rapporteur parse`` command on large drafts.

    python bench/parse.py

Writes a 1 MB English draft, a 1 MB Chinese draft (the seed repeated), a Markdown agreement and an
86-page PDF (needs fpdf2, from the test extra), then times ``rapporteur parse FILE --json`` on each
in a fresh process, best of three. Targets: 1 MB of text <= 1 s, an 86-page PDF <= 3 s.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sessions.importing import read_draft
from sessions.samples import seed_text

PREAMBLE = (
    "Recalling its resolution {n}/1 on [urban safety] and the [need][obligation] for cooperation "
    "between cities and local authorities in the prevention of crime and violence,"
)
OPERATIVE = (
    "{n}. Calls upon Member States to [strengthen][support] the prevention of urban crime and "
    "violence, including through [international cooperation] and capacity-building;"
)


def english(size: int) -> str:
    """An English draft of about ``size`` characters: a third preamble, the rest operative."""
    lines = ["Draft resolution A/C.2/79/L.99: Safer cities", "", "The General Assembly,", ""]
    length = sum(len(line) + 1 for line in lines)
    n = 0
    while length < size // 3:
        n += 1
        lines += [PREAMBLE.format(n=n), ""]
        length += len(lines[-2]) + 2
    n = 0
    while length < size:
        n += 1
        lines += [OPERATIVE.format(n=n), "(Agreed ad ref)" if n % 3 == 0 else "", ""]
        length += sum(len(line) + 1 for line in lines[-3:])
    return "\n".join(lines)


def chinese(size: int) -> str:
    """A Chinese draft of at least ``size`` bytes: the seed's paragraphs repeated, renumbered."""
    seed = seed_text()
    header, _, body = seed.partition("序言段落 1.")
    copies = []
    offset = 0
    while len("".join(copies).encode()) < size:
        copy = "序言段落 1." + body
        for number in range(13, 0, -1):
            copy = copy.replace(f"执行段落 {number}.", f"执行段落 {number + offset}.")
        for number in range(9, 0, -1):
            copy = copy.replace(f"序言段落 {number}.", f"序言段落 {number + offset}.")
        copies.append(copy)
        offset += 13
    return header + "".join(copies)


def pdf(path: Path, pages: int) -> None:
    from fpdf import FPDF

    class Draft(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, "FCCC/ADP/2015/L.99", align="R")
            self.ln(8)
            self.set_font("Helvetica", size=10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"GE.15-{20000 + self.page_no()} (E)  {self.page_no()}", align="C")

    document = Draft()
    document.add_page()
    document.set_font("Helvetica", size=10)
    step = {"new_x": "LMARGIN", "new_y": "NEXT"}
    document.multi_cell(0, 5, "Draft agreement FCCC/ADP/2015/L.99\n\nThe Parties,", **step)
    n = 0
    while document.page_no() < pages:
        n += 1
        document.multi_cell(0, 5, OPERATIVE.format(n=n) * 2, **step)
        document.ln(2)
    document.output(str(path))


def import_seconds(path: Path, runs: int = 3) -> float:
    """Seconds the importer (``sessions.importing.read_draft``) takes on ``path``, best of runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_draft(path)
        times.append(time.perf_counter() - start)
    return min(times)


def best_of(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rapporteur = [sys.executable, "-m", "tui"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = {
            "1 MB English text": (root / "en.txt", english(1 << 20)),
            "1 MB Chinese text": (root / "zh.txt", chinese(1 << 20)),
        }
        for label, (path, text) in files.items():
            path.write_text(text, encoding="utf-8")
            rows.append((label, path))
        pdf_path = root / "long.pdf"
        pdf(pdf_path, 86)
        rows.append(("86-page PDF", pdf_path))
        startup = best_of([*rapporteur, "--version"])
        print("| input                 |   size   | parse command |")
        print("|-----------------------|----------|---------------|")
        for label, path in rows:
            seconds = best_of([*rapporteur, "parse", str(path), "--json"])
            print(f"| {label:<21} | {path.stat().st_size / 1e6:5.2f} MB | {seconds:10.2f} s  |")
        print(f"| (interpreter start)   |          | {startup:10.2f} s  |")
    print("targets: 1 MB of text <= 1 s, 86-page PDF <= 3 s (whole command)")


if __name__ == "__main__":
    main()
