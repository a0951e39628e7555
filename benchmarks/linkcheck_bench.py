"""Link-checker benchmark: sodocs check vs lychee vs MkDocs' own validation, on the same built sites.

    python -m benchmarks.linkcheck_bench                  # 100, 1,000 and 5,000 pages
    python -m benchmarks.linkcheck_bench --sizes 100,1000 --repeat 3

Each synthetic site has Danish headings, many links and anchors, and 1 % of its pages carry three
deliberately broken links (a missing anchor, a missing page in raw HTML, a missing image). Every
broken link has a unique token, so each tool's output is scored as found/missed against the known set.
Times are the best of --repeat runs; ratios are against this checker, measured in the same run.
Needs lychee (pip install '.[bench]'); without it lychee's column says so.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES_PER_SECTION = 100
HEADINGS = ["Fælles funktioner", "Økonomi og årsregnskab", "Kundeforhold på tværs", "Sådan går du i gang",
            "Åbne sager og opfølgning"]


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def generate(project: Path, pages: int, seed: int = 7) -> set[str]:
    """Write a MkDocs project; return the tokens of the broken links it holds."""
    rng = random.Random(seed)
    if project.exists():
        shutil.rmtree(project)
    content = project / "content"
    (content / "img").mkdir(parents=True)
    (content / "img" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    sections = (pages + PAGES_PER_SECTION - 1) // PAGES_PER_SECTION

    def path(i: int) -> str:
        return f"sek-{i // PAGES_PER_SECTION}/side-{i}.md"

    broken: set[str] = set()
    nav = []
    for s in range(sections):
        members = [path(i) for i in range(s * PAGES_PER_SECTION, min(pages, (s + 1) * PAGES_PER_SECTION))]
        nav.append({f"Afsnit {s}": members})
    for i in range(pages):
        lines = [f"---\ntitle: Side {i} – {HEADINGS[i % len(HEADINGS)]}\n---\n", f"# Side {i}\n"]
        for h, heading in enumerate(HEADINGS):
            lines.append(f"## {heading} {i}\n\nTekst om {heading.lower()} for side {i}.\n")
            for _ in range(4):
                j = rng.randrange(pages)
                target = os.path.relpath(path(j), os.path.dirname(path(i)))
                anchor = f"#{slug(HEADINGS[rng.randrange(len(HEADINGS))])}-{j}"
                lines.append(f"* [Se side {j}]({target}{anchor if h % 2 else ''})")
            lines.append(f"* [Øverst](#side-{i}) og [{heading}](#{slug(heading)}-{i})\n")
        lines.append(f'<a id="raa-{i}"></a>\n![Logo](../img/logo.png)\n')
        if i % 100 == 7:  # 1 % of the pages carry three broken links
            other = os.path.relpath(path((i + 1) % pages), os.path.dirname(path(i)))
            lines.append(f"[Forkert anker]({other}#mangler-anker-{i})\n")
            lines.append(f'<a href="../mangler-side-{i}/">Forsvundet side</a>\n')
            lines.append(f"![Forsvundet billede](../img/mangler-billede-{i}.png)\n")
            broken |= {f"mangler-anker-{i}", f"mangler-side-{i}", f"mangler-billede-{i}.png"}
        (content / path(i)).parent.mkdir(parents=True, exist_ok=True)
        (content / path(i)).write_text("\n".join(lines), encoding="utf-8")
    (content / "index.md").write_text("---\ntitle: Forside\n---\n# Forside\n\n[Første side](sek-0/side-0.md)\n",
                                      encoding="utf-8")
    import yaml

    config = {
        "site_name": f"Benchmark {pages}", "docs_dir": "content", "use_directory_urls": True,
        "theme": {"name": "material", "language": "da", "font": False, "features": ["navigation.prune"]},
        "plugins": ["sodocs"], "nav": [{"Forside": "index.md"}, *nav],
        "validation": {"links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"}},
    }
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    text += ("markdown_extensions:\n  - attr_list\n  - md_in_html\n  - toc:\n      slugify: "
             "!!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return broken


@dataclass
class Run:
    seconds: float
    output: str


def timed(cmd: list[str], repeat: int, cwd: Path) -> Run:
    best, output = float("inf"), ""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)
        elapsed = time.perf_counter() - start
        if elapsed < best:
            best, output = elapsed, proc.stdout + proc.stderr
    return Run(best, output)


def found(tokens: set[str], output: str) -> int:
    return sum(1 for t in tokens if t in output)


def rss_mb(site: Path) -> float:
    code = ("import resource,sys; from pathlib import Path; from sodocs.linkcheck.check import Options, check_site;"
            "from sodocs.settings import Settings; site = Path(sys.argv[1]);"
            "check_site(Options(site, Settings(root=Path.cwd(), docs_dir='docs', site_dir=site), None, jobs=2));"
            "print(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
    out = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip() or 0) / 1024


def html_size(site: Path) -> tuple[int, float]:
    files = list(site.rglob("*.html"))
    return len(files), sum(f.stat().st_size for f in files) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()
    lychee = shutil.which("lychee")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        project = Path(args.out) / f"site-{size}"
        tokens = generate(project, size)
        site = project / "site"
        build = timed([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], 1, project)
        pages, mb = html_size(site)
        ours = timed([sys.executable, "-m", "sodocs", "check", str(site), "-f", str(project / "mkdocs.yml"),
                      "--format", "json"], args.repeat, ROOT)
        row = {"pages": pages, "mb": mb, "tokens": len(tokens), "ours": ours.seconds,
               "ours_found": found(tokens, ours.output), "build": build.seconds,
               "mkdocs_found": found(tokens, build.output), "rss": rss_mb(site)}
        if lychee:
            ly = timed([lychee, "--offline", "--include-fragments", "--index-files", "index.html", "--root-dir",
                        str(site.resolve()), "--no-progress", "--format", "json", f"{site}/**/*.html"],
                       args.repeat, ROOT)
            row |= {"lychee": ly.seconds, "lychee_found": found(tokens, ly.output)}
        rows.append(row)
        print(_line(row), flush=True)
    return 0


def _line(r: dict[str, float]) -> str:
    text = (f"{int(r['pages']):>5} pages, {r['mb']:7.1f} MB HTML, {int(r['tokens'])} broken | "
            f"sodocs {r['ours']:6.2f}s found {int(r['ours_found'])}/{int(r['tokens'])}, peak {r['rss']:.0f} MB | ")
    if "lychee" in r:
        text += (f"lychee {r['lychee']:6.2f}s found {int(r['lychee_found'])}/{int(r['tokens'])} "
                 f"(sodocs is {r['lychee'] / r['ours']:.1f}x faster) | ")
    else:
        text += "lychee not installed | "
    text += (f"mkdocs build+validation {r['build']:6.1f}s found {int(r['mkdocs_found'])}/{int(r['tokens'])} "
             f"(raw-HTML links are invisible to it)")
    return text


if __name__ == "__main__":
    raise SystemExit(main())
