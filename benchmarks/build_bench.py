"""Build benchmark on the real English SuperOffice docs: stock Material, Material + prune, and this project.

    python -m benchmarks.build_bench                         # 1,743 and 4,363 pages, 3 interleaved repeats
    python -m benchmarks.build_bench --sizes 1743 --repeat 1 # a quick look
    python -m benchmarks.build_bench --stock-at-all-sizes    # also (a) at 4,363 pages (> 10 min a build)

The corpus is ``../shared/corpus/superoffice-docs-en`` (test data, never copied into the project), built as
``tests/corpus_en.py`` builds it with the project's ``mkdocs.yml``: 1,743 pages is the user help (``docs/en``
without ``automation/`` and ``database/``), 4,363 pages everything but the API reference. Three builds:

(a) stock Material: the project's ``mkdocs.yml`` without the sodocs plugin, the navigation made from the folders;
(b) the same with Material's ``navigation.prune``;
(c) the project's whole pipeline: DocFX engine, navigation from ``toc.yml``, macros, link check (with the
    corpus's list of upstream files).

Every build runs in a fresh process that reports its own time, peak resident memory (``VmHWM``; the link
checker's worker processes are reported apart) and output sizes. Rounds are interleaved (a, b, c, a, b, c, …)
so a change in the machine's load hits every variant alike; medians are printed, with the load average. At
4,363 pages (a) is left out unless asked for: it takes more than ten minutes and writes about 4 GB.

After the timed rounds, (c) is built once more under cProfile (not timed with the others) and its time is
split by where it is spent: each function's own time goes to the category of its module, the time of a
built-in (``str.replace``, ``open``) to the category of whoever called it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES: dict[int, list[str]] = {1743: ["/en/automation/", "/en/database/"], 4363: []}
VARIANTS = {
    "a": "stock Material (no sodocs, nav from folders)",
    "b": "Material + navigation.prune",
    "c": "sodocs: DocFX, toc.yml nav, macros, link check",
}
SLOW_STOCK = 4363  # (a) at this size only with --stock-at-all-sizes

# Profile categories, by the file a function is defined in (first match wins). Compiled Jinja templates carry
# their template's path, so Material's navigation partials are told apart from the other templates.
CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    # The link checker's worker processes are the build's only pool: waiting for them is link-check time.
    ("link check", ("/sodocs/linkcheck/", "/selectolax/", "/concurrent/", "/multiprocessing/", "/threading.py",
                    "/selectors.py")),
    ("navigation", ("/sodocs/docfx/toc.py", "/mkdocs/structure/nav.py", "partials/nav", "/sodocs/site/nav")),
    ("templates", ("/jinja2/", "/markupsafe/", ".html", "/mkdocs/utils/templates.py", "/material/")),
    ("reading", ("/yaml/", "/sodocs/core/project.py", "/sodocs/docfx/frontmatter.py", "/mkdocs/structure/files.py",
                 "/pathspec/", "/sodocs/core/yaml_lines.py")),
    ("Markdown", ("/markdown/", "/pymdownx/", "/xml/etree/", "/mkdocs/structure/pages.py", "/html/")),
    ("engine", ("/sodocs/",)),
    ("copying and writing", ("/shutil.py", "/mkdocs/utils/__init__.py", "/mkdocs/commands/build.py")),
    ("MkDocs, other", ("/mkdocs/", "/properdocs/")),
]
# Functions whose own time belongs elsewhere than their module says.
BY_NAME = {"read_source": "reading", "copy_file": "copying and writing", "write_file": "copying and writing"}


@dataclass
class Run:
    variant: str
    size: int
    seconds: float
    peak_kb: int
    workers_peak_kb: int
    pages: int
    html_bytes: int
    site_bytes: int
    load: float


def category(filename: str, name: str) -> str:
    if name in BY_NAME:
        return BY_NAME[name]
    path = filename.replace("\\", "/")
    for label, needles in CATEGORIES:
        if any(n in path for n in needles):
            return label
    return "other"


def split_profile(stats: pstats.Stats) -> tuple[dict[str, float], list[tuple[float, str]]]:
    """Seconds per category, and the functions with the most time of their own."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, own, _cum, callers) in raw.items():
        if filename != "~":
            key = category(filename, name)
            totals[key] = totals.get(key, 0.0) + own
            continue
        # A built-in: its time goes to its callers' categories, in proportion to what each call took.
        spent = sum(value[2] for value in callers.values()) or 1.0
        for (c_file, _c_line, c_name), value in callers.items():
            key = category(c_file, c_name) if c_file != "~" else "other"
            totals[key] = totals.get(key, 0.0) + own * value[2] / spent
    top = sorted(((v[2], f"{Path(k[0]).name}:{k[1]}({k[2]})") for k, v in raw.items()), reverse=True)[:12]
    return totals, top


def child(variant: str, size: int, out: Path, profile: Path | None) -> None:
    """One build in this process; prints its figures as one line of JSON."""
    from tests.corpus_en import corpus_config, run_build

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    start = time.perf_counter()
    config = corpus_config(out, SIZES[size], sodocs=variant == "c", prune=variant == "b")
    if variant == "a":  # stock: without the prune this project's mkdocs.yml turns on
        config.theme["features"] = [f for f in config.theme["features"] if f != "navigation.prune"]
    if variant == "c":
        config.plugins["sodocs"].config.check_links = True
    _records, aborted = run_build(config)
    seconds = time.perf_counter() - start
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        hwm = int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    html = [p.stat().st_size for p in out.rglob("*.html")]
    site = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(json.dumps({"seconds": seconds, "peak_kb": hwm, "workers_peak_kb": workers, "pages": len(html),
                      "html_bytes": sum(html), "site_bytes": site, "aborted": aborted}))


def run(variant: str, size: int, work: Path, profile: Path | None = None) -> Run:
    out = work / f"site-{variant}-{size}"
    if out.exists():
        shutil.rmtree(out)
    load = os.getloadavg()[0]
    command = [sys.executable, "-m", "benchmarks.build_bench", "--child", variant, str(size), str(out)]
    if profile:
        command += ["--profile-to", str(profile)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    shutil.rmtree(out, ignore_errors=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        sys.exit(f"build ({variant}) at {size} pages failed:\n{done.stderr[-3000:]}")
    data = json.loads(lines[-1])
    return Run(variant, size, data["seconds"], data["peak_kb"], data["workers_peak_kb"], data["pages"],
               data["html_bytes"], data["site_bytes"], load)


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1743,4363", help="comma-separated: 1743 (user help), 4363 (all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variants", default="a,b,c")
    parser.add_argument("--stock-at-all-sizes", action="store_true", help=f"also (a) at {SLOW_STOCK:,} pages")
    parser.add_argument("--profile", default="all", help="sizes to profile (c) at: 'all', 'none' or a list")
    parser.add_argument("--child", nargs=3, metavar=("VARIANT", "SIZE", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]), Path(args.child[2]), args.profile_to)
        return 0
    corpus = ROOT.parent / "shared" / "corpus" / "superoffice-docs-en" / "docs"
    if not corpus.is_dir():
        sys.exit(f"{corpus} is absent: the benchmark needs ../shared beside the project")
    sizes = [int(s) for s in args.sizes.split(",")]
    if unknown := [s for s in sizes if s not in SIZES]:
        sys.exit(f"unknown size(s) {unknown}: choose from {sorted(SIZES)}")
    variants = [v for v in args.variants.split(",") if v in VARIANTS]
    profiled = sizes if args.profile == "all" else [] if args.profile == "none" else \
        [int(s) for s in args.profile.split(",")]
    plan = [(v, s) for s in sizes for v in variants if not (v == "a" and s == SLOW_STOCK and not
                                                             args.stock_at_all_sizes)]
    print(f"build_bench {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.repeat} interleaved round(s)")
    if "a" in variants and SLOW_STOCK in sizes and not args.stock_at_all_sizes:
        print(f"(a) skipped at {SLOW_STOCK:,} pages: more than ten minutes a build (--stock-at-all-sizes runs it)")
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="build-bench-") as tmp:
        work = Path(tmp)
        for round_ in range(args.repeat):
            for variant, size in plan:
                r = run(variant, size, work)
                runs.append(r)
                print(f"  round {round_ + 1}: ({variant}) {size:,} pages: {r.seconds:6.1f} s, "
                      f"peak {r.peak_kb / 1024:,.0f} MB, load {r.load:.2f}", flush=True)
        profiles = {size: split_profile(pstats.Stats(str(_profiled(work, size))))
                    for size in profiled if size in sizes and "c" in variants}
    print(f"\nload after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    report(runs, sizes, variants, profiles)
    return 0


def _profiled(work: Path, size: int) -> Path:
    path = work / f"profile-{size}.prof"
    run("c", size, work, profile=path)
    return path


def report(runs: list[Run], sizes: list[int], variants: list[str],
           profiles: dict[int, tuple[dict[str, float], list[tuple[float, str]]]]) -> None:
    med: dict[tuple[str, int], float] = {}
    print(f"{'pages':>6} {'variant':<48} {'median':>8} {'runs':<22} {'ms/page':>8} {'peak RSS':>9} "
          f"{'workers':>8} {'HTML/page':>10} {'site':>9}")
    for size in sizes:
        for variant in variants:
            mine = [r for r in runs if r.variant == variant and r.size == size]
            if not mine:
                continue
            m = med[variant, size] = statistics.median(r.seconds for r in mine)
            last = mine[-1]
            print(f"{size:>6} ({variant}) {VARIANTS[variant]:<44} {m:7.1f}s "
                  f"{', '.join(f'{r.seconds:.1f}' for r in mine):<22} {1000 * m / last.pages:8.1f} "
                  f"{max(r.peak_kb for r in mine) / 1024:7.0f}MB {max(r.workers_peak_kb for r in mine) / 1024:6.0f}MB "
                  f"{last.html_bytes / last.pages / 1024:8.1f}KB {_mb(last.site_bytes):>9}")
    print()
    for size in sizes:
        parts = []
        if ("c", size) in med and ("b", size) in med:
            ratio = med["c", size] / med["b", size]
            parts.append(f"c/b {ratio:.2f} (target <= 1.00: {'met' if ratio <= 1.0 else 'missed'})")
        if ("c", size) in med and ("a", size) in med:
            ratio = med["a", size] / med["c", size]
            parts.append(f"a/c {ratio:.1f} (target >= 6 at 1,743: {'met' if ratio >= 6 else 'missed'})")
        if parts:
            print(f"{size:,} pages: " + "; ".join(parts))
    pages = {(r.variant, r.size): r.pages for r in runs}
    if ("c", 1743) in med and ("c", 4363) in med:
        per = [med["c", s] / pages["c", s] for s in (1743, 4363)]
        print(f"linear: (c) time per page at 4,363 / at 1,743 = {per[1] / per[0]:.2f} (target <= 1.20: "
              f"{'met' if per[1] / per[0] <= 1.2 else 'missed'})")
    for r in runs:
        if r.variant == "c" and r.size == max(sizes):
            html = r.html_bytes / r.pages / 1024
            print(f"(c) at {r.size:,} pages: HTML {html:.1f} KB/page (target <= 50), peak RSS "
                  f"{max(x.peak_kb for x in runs if x.variant == 'c') / 1024:.0f} MB (target <= 400)")
            break
    for size, (totals, top) in profiles.items():
        whole = sum(totals.values())
        print(f"\nprofile of (c) at {size:,} pages (cProfile, {whole:.1f} s of the main process):")
        for label, seconds in sorted(totals.items(), key=lambda item: -item[1]):
            print(f"  {label:<22} {seconds:7.1f} s {100 * seconds / whole:5.1f} %")
        print("  most own time:")
        for seconds, name in top:
            print(f"    {seconds:6.1f} s  {name}")


if __name__ == "__main__":
    sys.exit(main())
