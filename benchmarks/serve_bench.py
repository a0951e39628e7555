"""The writer's loop on the real English docs: `mkdocs serve`, an edit, and the served page changed.

    python -m benchmarks.serve_bench                  # 4,363 pages, every edit 3 times
    python -m benchmarks.serve_bench --size 1743      # the user help only
    python -m benchmarks.serve_bench --edits page     # one kind of edit (page, include, toc, data)
    python -m benchmarks.serve_bench --edits page,include --repeat 1 --profile   # where a rebuild's time goes

A copy of ``../shared/corpus/superoffice-docs-en`` (test data; the copy lives in a temporary folder and is
removed afterwards) is served with the project's ``mkdocs.yml``, as ``tests/corpus_en.py`` builds it, link
check included; the project's own site is served from a copy for the edit the corpus has no place for (the
plan data). Each latency is measured from the moment the edited file is written to the moment the served
HTML shows the edit (polled over HTTP every 20 ms), and so includes the file watcher's delay, the rebuild
and the writing of the pages:

* page: one line appended to a page;
* include: one line appended to the include read by the most pages; every page that includes it must show
  it (the log's "rebuilding N pages" is checked against the pages that do);
* toc: an entry of a ``toc.yml`` renamed; a page of that section must show the new name;
* data: a feature's Danish name in the project's ``data/plans.yml`` changed; the plan page must show it.

It prints the first build's time and each kind's median, minimum and maximum, with the machine's load. The
baseline in the same run is a full build (what every edit cost before rebuilds were partial): the first
build, and the ``toc`` edit, which still rebuilds every page.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "superoffice-docs-en"
SIZES: dict[int, list[str]] = {1743: ["/en/automation/", "/en/database/"], 4363: []}
OUT = ROOT / "benchmarks" / "out"
_INCLUDE = re.compile(r"\[!include\[[^\]]*\]\(([^)\s]+)\)\]")
_TOC_NAME = re.compile(r"^(\s*-?\s*name:\s*)(\S.*)$", re.M)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def child(copy: Path, size: int, port: int, project_site: bool) -> None:
    """`mkdocs serve` in this process: on the corpus copy with the project's settings, or on a project copy."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    from mkdocs.commands import serve as serve_command

    if os.environ.get("SERVE_BENCH_PROFILE"):
        _profile_rebuilds(serve_command, Path(os.environ["SERVE_BENCH_PROFILE"]))

    # What `mkdocs serve` on the command line prints (the command, not serve(), sets its logging up).
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)

    if project_site:
        serve_command.serve(config_file=str(copy / "mkdocs.yml"), dev_addr=f"127.0.0.1:{port}")
        return
    sys.path.insert(0, str(ROOT))
    from tests.corpus_en import corpus_config

    def load_config(config_file: str | None = None, site_dir: str | None = None, **_: object) -> object:
        config = corpus_config(Path(str(site_dir)), SIZES[size], corpus=copy, dev_addr=f"127.0.0.1:{port}")
        config.plugins["sodocs"].config.check_links = True
        return config

    setattr(serve_command, "load_config", load_config)  # noqa: B010 (its serve reads the name at each build)
    serve_command.serve(config_file=None)


def _profile_rebuilds(serve_command: Any, folder: Path) -> None:
    """Run every build after the first under cProfile, one stats file per build (rebuild-1.prof, …).

    Serve calls its module's ``build`` by name at each build, and the sodocs plugin wraps that same name for
    its partial rebuilds, so this wrapper sits beneath the plugin's and sees the rebuild as it really runs."""
    import cProfile

    build = serve_command.build
    count = [0]

    def profiled(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        if count[0] == 1:
            return build(*args, **kwargs)
        profiler = cProfile.Profile()
        try:
            return profiler.runcall(build, *args, **kwargs)
        finally:
            profiler.dump_stats(str(folder / f"rebuild-{count[0] - 1}.prof"))

    serve_command.build = profiled


def print_profiles(folder: Path, names: list[str]) -> None:
    """Each profiled rebuild's time by category (the build benchmark's categories) and its top functions."""
    import pstats

    from benchmarks.build_bench import split_profile

    for n, path in enumerate(sorted(folder.glob("rebuild-*.prof"), key=lambda p: int(p.stem.split("-")[1]))):
        totals, top = split_profile(pstats.Stats(str(path)))
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, OUT / f"serve-{path.name}")  # for a closer look: python -m pstats benchmarks/out/…
        whole = sum(totals.values())
        label = names[n] if n < len(names) else path.stem
        print(f"\nprofile of rebuild {n + 1} ({label}; cProfile, {whole:.2f} s):")
        for key, value in sorted(totals.items(), key=lambda kv: -kv[1]):
            print(f"  {key:22} {value:6.2f} s  {100 * value / (whole or 1):4.0f} %")
        print("  functions with the most time of their own:")
        for own, where in top[:8]:
            print(f"    {own:6.2f} s  {where}")


class Served:
    def __init__(self, copy: Path, size: int, project_site: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = copy.parent / f"serve-{copy.name}.log"
        command = [sys.executable, "-m", "benchmarks.serve_bench", "--child", str(copy), str(size), str(self.port)]
        if project_site:
            command.append("--project-site")
        self.proc = subprocess.Popen(command, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
                                     env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"})

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def until(self, paths: list[str], check: Callable[[str], bool], timeout: float = 900) -> float:
        """Seconds until every page in ``paths`` passes ``check``."""
        start = time.perf_counter()
        waiting = list(paths)
        while waiting:
            if self.proc.poll() is not None:
                sys.exit(f"mkdocs serve stopped:\n{self.log_text()[-3000:]}")
            if time.perf_counter() - start > timeout:
                sys.exit(f"timed out waiting for {waiting[:3]}:\n{self.log_text()[-3000:]}")
            html = self.get(waiting[0])
            if html is not None and check(html):
                waiting.pop(0)
                continue
            time.sleep(0.02)
        return time.perf_counter() - start

    def said(self) -> str:
        """The plugin's last word on what the rebuild redid ("rebuilding 23 pages (…)")."""
        time.sleep(0.3)  # the log line of the rebuild that just ended
        text = self.log_text().splitlines()
        starts = [n for n, line in enumerate(text) if "rebuilding " in line]
        if not starts:
            return "the log names no rebuild"
        said = text[starts[-1]].split("-  ", 1)[-1].strip()
        # The rebuild also says where its time went ("rebuilt in 0.84 s (…)", a full one "built in 52 s (…)").
        timed = [line for line in text[starts[-1]:] if "rebuilt in " in line or "  built in " in line]
        return said + (f"; {timed[-1].split('-  ', 1)[-1].strip()}" if timed else "")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.log, OUT / self.log.name)  # the whole serve log, for a look afterwards


def url_of(docs: Path, page: Path) -> str:
    rel = page.relative_to(docs).with_suffix("").as_posix()
    if rel == "index":
        return ""
    return (rel.removesuffix("/index") if rel.endswith("/index") or rel == "index" else rel) + "/"


def built_pages(docs: Path, left_out: list[str]) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if p.is_file() and "includes" not in p.relative_to(docs).parts
                  and not any(f"/{p.relative_to(docs).as_posix()}".startswith(x) for x in left_out))


def include_readers(docs: Path, pages: list[Path]) -> dict[Path, list[Path]]:
    """Include file -> the built pages that include it directly."""
    readers: dict[Path, list[Path]] = {}
    for page in pages:
        for target in _INCLUDE.findall(page.read_text(encoding="utf-8", errors="replace")):
            path = Path(posixpath.normpath((page.parent / target.split("#")[0]).as_posix()))
            if path.is_file():
                readers.setdefault(path, []).append(page)
    return readers


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n\n{line}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=int, default=4363, choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", default="page,include,toc,data")
    parser.add_argument("--child", nargs=3, metavar=("COPY", "SIZE", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--project-site", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="profile every rebuild (cProfile; slows them)")
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), int(args.child[2]), args.project_site)
        return 0
    if not (CORPUS / "docs").is_dir():
        sys.exit(f"{CORPUS} is absent: the benchmark needs ../shared beside the project")
    edits = args.edits.split(",")
    print(f"serve_bench {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.size:,} pages, {args.repeat} edit(s) each")
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        work = Path(tmp)
        if set(edits) & {"page", "include", "toc"}:
            profiles = work / "profiles"
            if args.profile:
                profiles.mkdir()
                os.environ["SERVE_BENCH_PROFILE"] = str(profiles)
            results.update(corpus_edits(work, args.size, args.repeat, edits))
            os.environ.pop("SERVE_BENCH_PROFILE", None)
            if args.profile:
                kinds = [k for k in ("page", "include") if k in edits]
                print_profiles(profiles, [*(k for _ in range(args.repeat) for k in kinds),
                                          *(["toc"] if "toc" in edits else [])])
        if "data" in edits:
            results.update(data_edits(work, args.repeat))
    print(f"\nload after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n{'':28} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in results.items():
        print(f"{name:28} {statistics.median(values):7.2f}s {min(values):7.2f}s {max(values):7.2f}s")
    return 0


def corpus_edits(work: Path, size: int, repeat: int, edits: list[str]) -> dict[str, list[float]]:
    copy = work / "corpus"
    shutil.copytree(CORPUS, copy)
    (copy / "mkdocs.yml").write_text("# the serve benchmark's settings are tests/corpus_en.py's\n", encoding="utf-8")
    docs = copy / "docs"
    pages = built_pages(docs, SIZES[size])
    readers = include_readers(docs, pages)
    include, include_pages = max(readers.items(), key=lambda item: (len(item[1]), str(item[0])))
    results: dict[str, list[float]] = {}
    start = time.perf_counter()
    served = Served(copy, size)
    try:
        first = pages[len(pages) // 2]
        served.until([url_of(docs, first)], lambda html: "</html>" in html)
        results["first build (full)"] = [time.perf_counter() - start]
        print(f"  first build: {results['first build (full)'][0]:.1f} s", flush=True)
        for n in range(repeat):
            if "page" in edits:
                page = pages[(n * 997 + 13) % len(pages)]
                marker = f"Serve benchmark page edit {n}"
                time.sleep(1.0)
                append(page, marker)
                seconds = served.until([url_of(docs, page)], lambda html, m=marker: m in html)  # type: ignore[misc]
                results.setdefault("page edit", []).append(seconds)
                print(f"  page edit {n + 1}: {seconds:.2f} s ({page.relative_to(docs)}; {served.said()})", flush=True)
            if "include" in edits:
                marker = f"Serve benchmark include edit {n}"
                time.sleep(1.0)
                append(include, marker)
                urls = [url_of(docs, p) for p in include_pages]
                seconds = served.until(urls, lambda html, m=marker: m in html)  # type: ignore[misc]
                results.setdefault(f"include edit ({len(urls)} pages)", []).append(seconds)
                print(f"  include edit {n + 1}: {seconds:.2f} s ({include.relative_to(docs)}, read by "
                      f"{len(urls)} pages; {served.said()})", flush=True)
        if "toc" in edits:
            toc = docs / "en" / "toc.yml"
            text = toc.read_text(encoding="utf-8")
            match = _TOC_NAME.search(text)
            assert match is not None, f"{toc} has no name: entry"
            new = f"{match.group(2).strip()} (renamed)"
            time.sleep(1.0)
            toc.write_text(text[:match.start(2)] + new + text[match.end(2):], encoding="utf-8")
            seconds = served.until([url_of(docs, first)], lambda html: new in html)
            results["toc edit (full)"] = [seconds]
            print(f"  toc edit: {seconds:.1f} s ({served.said()})", flush=True)
    finally:
        served.stop()
    return results


def data_edits(work: Path, repeat: int) -> dict[str, list[float]]:
    copy = work / "project"
    for folder in ("content", "includes", "macros", "data", "site_overrides"):
        shutil.copytree(ROOT / folder, copy / folder)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    served = Served(copy, 0, project_site=True)
    page = "da/admin/license/user-plans/"
    results: dict[str, list[float]] = {}
    try:
        served.until([page], lambda html: "</html>" in html)
        plans = copy / "data" / "plans.yml"
        for n in range(repeat):
            text = plans.read_text(encoding="utf-8")
            old = re.search(r"da: (Salgsprognoser[^,}]*)", text)
            assert old is not None, "data/plans.yml has no Danish name for the sales forecasts"
            new = f"Salgsprognoser {n + 1}"
            time.sleep(1.0)
            plans.write_text(text.replace(old.group(0), f"da: {new}", 1), encoding="utf-8")
            seconds = served.until([page], lambda html, m=new: m in html)  # type: ignore[misc]
            results.setdefault("data edit (own site)", []).append(seconds)
            print(f"  data edit {n + 1}: {seconds:.2f} s", flush=True)
    finally:
        served.stop()
    return results


if __name__ == "__main__":
    raise SystemExit(main())
