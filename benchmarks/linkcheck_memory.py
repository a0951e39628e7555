"""Peak memory of the link checker on a site with one large page: streamed scan vs Lexbor's DOM.

    python -m benchmarks.linkcheck_memory              # one 20 MB page
    python -m benchmarks.linkcheck_memory --mb 5,20,50 --repeat 3

Each run checks the same generated site in a fresh process and reads that process's peak resident
memory from the kernel (wait4). "streamed" is the checker as shipped (pages above LARGE_PAGE are
streamed); "lexbor" forces every page through Lexbor's DOM, measured in the same run as the baseline.
Runs alternate between the two; the smallest of --repeat runs is shown.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The runner reports its own high-water mark (VmHWM): the kernel's ru_maxrss of a child also counts the
# memory of the forked parent before exec, so a large parent (pytest with MkDocs loaded) would inflate it.
RUNNER = """
import sys
from sodocs import cli
from sodocs.linkcheck import check
if sys.argv[1] == "lexbor":
    check.LARGE_PAGE = float("inf")
try:
    code = cli.main(["check", sys.argv[2], "-f", "none.yml", "--jobs", "1"])
finally:
    with open("/proc/self/status", encoding="ascii") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    print("sodocs-peak-kb", hwm.split()[1], file=sys.stderr)
sys.exit(code)
"""


def generate(site: Path, megabytes: int) -> int:
    """A site of three pages, one of about ``megabytes`` MB; returns the number of sections on it."""
    site.mkdir(parents=True, exist_ok=True)
    head = '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Side</title></head><body>'
    (site / "index.html").write_text(head + '<a href="big.html">stor</a> <a href="small.html#s">lille</a>'
                                     "</body></html>", encoding="utf-8")
    (site / "small.html").write_text(head + '<h2 id="s">S</h2><a href="index.html#top">op</a></body></html>',
                                     encoding="utf-8")
    size, i = 0, 0
    with open(site / "big.html", "w", encoding="utf-8") as f:
        f.write(head + '<nav><a href="#">Øverst</a></nav>')
        while size < megabytes * 1024 * 1024:
            part = (f'<h2 id="afsnit-{i}">Afsnit {i} – økonomi og årsregnskab</h2><p>Tekst om kundeforhold på '
                    f'tværs, side {i}. <a href="#afsnit-{max(0, i - 1)}">forrige</a> <a href="small.html#s">'
                    f'lille</a> <a href="https://example.com/{i}">ude</a> <img src="index.html" alt="x"></p>\n')
            f.write(part)
            size += len(part.encode())
            i += 1
        f.write("</body></html>")
    return i


def peak_rss(mode: str, site: Path) -> tuple[int, float, str]:
    """(peak resident memory in bytes, seconds, last output line) of one checker process."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", RUNNER, mode, str(site)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - start
    peak = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("sodocs-peak-kb ")]
    if proc.returncode not in (0, 1) or not peak:
        raise SystemExit(f"the checker failed ({mode}):\n{proc.stdout}{proc.stderr}")
    return int(peak[-1]) * 1024, seconds, proc.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", default="20", help="sizes of the large page in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"{'page':>7} {'mode':>9} {'peak RSS':>10} {'× page':>7} {'seconds':>8}  summary")
    for mb in (int(x) for x in args.mb.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            generate(site, mb)
            page = (site / "big.html").stat().st_size
            best: dict[str, tuple[int, float, str]] = {}
            for _ in range(args.repeat):
                for mode in ("streamed", "lexbor"):
                    rss, seconds, summary = peak_rss(mode, site)
                    if mode in best:
                        rss, seconds = min(rss, best[mode][0]), min(seconds, best[mode][1])
                    best[mode] = (rss, seconds, summary)
            for mode, (rss, seconds, summary) in best.items():
                print(f"{page / 1e6:6.1f}M {mode:>9} {rss / 1e6:8.1f}MB {rss / page:6.1f}× {seconds:8.2f}  {summary}")
            print(f"{'':7} {'ratio':>9} {best['streamed'][0] / best['lexbor'][0]:9.2f}× (streamed / lexbor)")


if __name__ == "__main__":
    main()
