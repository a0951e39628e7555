"""One site's output across builds: where a build writes, and what happens to ``site_dir`` when it ends.

A build that succeeded replaces the site (``output.Staging.publish``). One that failed is thrown away and the
site stays; under ``mkdocs serve`` the served pages (the last good build, or, before there is one, this
build's own pages) get a banner listing the problems instead. This module does not import MkDocs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from . import assets, output, serve_banner


class Publisher:
    def __init__(self) -> None:
        self.serving = False  # `mkdocs serve`: failures are shown in the served pages
        self.last_good = False  # serve: the served folder holds a build that succeeded
        self.failure_shown = False  # serve: this build's failure is already on the pages
        self.staging: output.Staging | None = None
        self.final: Path | None = None
        self.shown: list[str] | None = None  # serve: the problems the banner on the served pages lists

    def begin(self, final: Path, dirty: bool) -> Path:
        """Lock ``final`` and return the folder this build writes into: a fresh one beside ``final``, or
        ``final`` itself for a ``--dirty`` build (which rewrites only changed pages, so cannot start empty).
        ``output.OutputError`` when the folder cannot be prepared."""
        self.final = Path(os.path.abspath(final))
        self.failure_shown = False
        self.staging = None
        if dirty:
            return self.final
        self.staging = output.stage(self.final)
        return self.staging.temp

    def report_path(self, final_report: Path) -> Path:
        """Where this build writes its link report until the site is published."""
        return self.staging.beside(".links.json") if self.staging is not None else final_report

    def succeed(self, site: Path, report: Path, final_report: Path | None, unmapped: Iterable[str],
                partial: bool = False) -> None:
        """Publish the finished build and its link report (``output.OutputError`` keeps the old site);
        ``final_report`` None: the report is inside the site and published with it. ``partial``: a serve
        rebuild of some pages, merged into the served ones (it wrote no link report)."""
        for dest in unmapped:  # scripts and stylesheets whose source map was left out
            path = site / dest
            if path.is_file():
                path.write_bytes(assets.without_source_map_comment(path.read_bytes()))
        staging, self.staging = self.staging, None
        if staging is not None and partial:
            staging.merge()
            if self.shown is not None and self.final is not None:
                serve_banner.unmark_pages(self.final)
        elif staging is not None:
            staging.publish()
            if final_report is None:
                pass
            elif self.serving:
                report.unlink(missing_ok=True)
            else:
                os.replace(report, final_report)
        self.last_good = True
        self.shown = None

    def fail(self, problems: list[str], crashed: bool = False, partial: bool = False) -> bool:
        """Keep the site as it was; in serve, put ``problems`` on the served pages. ``crashed``: the build
        stopped half-way, so its own pages cannot stand in when there is no good build yet. ``partial``: a
        serve rebuild of some pages. True when this build's pages are served (with the banner): no build
        has succeeded yet, so they stand in for one."""
        staging, self.staging = self.staging, None
        if not self.serving or self.final is None:
            if staging is not None:
                staging.discard()
            return False
        self.failure_shown = True
        banner = serve_banner.banner_html(problems, self.last_good)
        if staging is not None and not self.last_good and not crashed:
            serve_banner.mark_pages(staging.temp, banner)
            if partial:
                staging.merge()
                if self.shown != problems:  # the pages not rebuilt list the problems as they are now
                    serve_banner.mark_pages(self.final, banner)
            else:
                staging.publish()
                for extra in staging.extras:
                    extra.unlink(missing_ok=True)
            self.shown = list(problems)
            return True
        if staging is not None:
            staging.discard()
        self.show(self.final, banner)
        self.shown = list(problems)
        return False

    def show(self, served: Path, banner: str) -> None:
        if self.shown is None:
            self.shown = []
        if serve_banner.mark_pages(served, banner) == 0 and served.is_dir():
            (served / "index.html").write_text(f"<!doctype html><html><body>{banner}</body></html>",
                                               encoding="utf-8")
