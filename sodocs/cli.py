"""Command line: ``python -m sodocs check [SITE]`` (or the ``sodocs`` console script)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import settings as settings_
from .linkcheck.check import Options, SiteError, check_site
from .linkcheck.link_report import LinkReportError
from .linkcheck.report import FORMATS
from .linkcheck.upstream_list import UpstreamList, UpstreamListError
from .settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sodocs", description="Tools for the SuperOffice onboarding site.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check every link of the built site",
                           description="Check every link of the built site and report each problem at the "
                           "Markdown line it came from. Exit 0: clean; 1: broken links; 2: bad usage.")
    check.add_argument("site", nargs="?", help="the built site folder (default: site_dir of mkdocs.yml)")
    check.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs configuration (mkdocs.yml)")
    check.add_argument("--build", action="store_true", help="build the site with MkDocs first")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    check.add_argument("--online", action="store_true",
                       help="also fetch external links and links to the full documentation")
    check.add_argument("--cache", default=".cache/sodocs/external-links.json",
                       help="cache file for --online results, reused for a day")
    check.add_argument("--upstream-list",
                       help="list of upstream files (default: the plugin's upstream_list in mkdocs.yml)")
    check.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for parsing")
    return parser


class UsageError(Exception):
    """The check cannot start; the message says why (exit code 2)."""


def _settings(config_path: Path, build: bool) -> Settings:
    """The project's settings from ``mkdocs.yml``, exactly as the build reads them."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_path))
    except (MkDocsException, OSError, ValueError) as exc:  # MkDocs' own words for a broken mkdocs.yml
        raise UsageError(f"{config_path} cannot be read: {exc}") from None
    if build:
        from mkdocs.commands.build import build as build_site

        try:
            build_site(config)
        except (MkDocsException, OSError) as exc:
            raise UsageError(f"the build failed ({exc}); there is no new site to check") from None
    return settings_.from_mkdocs(config)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _check(args)
    except UsageError as exc:
        print(f"sodocs check: {exc}", file=sys.stderr)
        return 2


def _check(args: argparse.Namespace) -> int:
    config_path = Path(args.config_file)
    if config_path.is_file():
        settings = _settings(config_path, args.build)
    elif args.build or not args.site:
        print(f"sodocs check: {config_path} not found; give the site folder or the mkdocs.yml to read",
              file=sys.stderr)
        return 2
    else:
        # A bare site folder: nothing is known of the project, so the documented defaults apply.
        settings = Settings(root=Path.cwd(), docs_dir="content", site_dir=Path(args.site))
    site = Path(args.site) if args.site else settings.site_dir
    if not site.is_dir():
        print(f"sodocs check: no built site at {site}; build it first or pass --build", file=sys.stderr)
        return 2
    list_path = Path(args.upstream_list) if args.upstream_list else settings.upstream_list
    if args.upstream_list and not list_path.is_file():
        print(f"sodocs check: upstream list {list_path} not found", file=sys.stderr)
        return 2
    try:
        upstream_list = UpstreamList.read(list_path) if list_path.is_file() else None
        report = check_site(Options(site, settings, upstream_list, max(1, args.jobs), args.online, Path(args.cache)))
    except (LinkReportError, SiteError, UpstreamListError) as exc:
        print(f"sodocs check: {exc}", file=sys.stderr)
        return 2
    for notice in report.notices:
        print(f"sodocs check: {notice}", file=sys.stderr)
    print(FORMATS[args.format](report))
    return 1 if report.problems else 0
