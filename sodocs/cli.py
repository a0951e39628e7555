"""Command line: ``python -m sodocs check [SITE]`` (or the ``sodocs`` console script)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .linkcheck.check import Options, check_site
from .linkcheck.report import FORMATS
from .linkcheck.upstream_list import UpstreamList
from .upstream import UpstreamConfig

DEFAULT_UPSTREAM_LIST = "data/upstream-paths.txt"


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
    check.add_argument("--upstream-list", help=f"list of upstream files (default: {DEFAULT_UPSTREAM_LIST})")
    check.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for parsing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config_path = Path(args.config_file)
    upstream, site_dir, overrides, base_path = UpstreamConfig(), None, None, "/"
    if config_path.is_file():
        from mkdocs.config import load_config

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        config = load_config(str(config_path))
        plugin = config.plugins.get("sodocs")
        if plugin is not None:
            from .mkdocs_plugin import upstream_config

            upstream = upstream_config(plugin.config)
        site_dir = Path(config.site_dir)
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        base_path = urlsplit(config.site_url or "/").path or "/"
        if args.build:
            from mkdocs.commands.build import build

            build(config)
    elif args.build:
        print(f"sodocs check: {config_path} not found; cannot --build", file=sys.stderr)
        return 2
    site = Path(args.site) if args.site else site_dir
    if site is None or not site.is_dir():
        print(f"sodocs check: no built site at {site or '(none given)'}; build it first or pass --build",
              file=sys.stderr)
        return 2
    list_path = Path(args.upstream_list or DEFAULT_UPSTREAM_LIST)
    if args.upstream_list and not list_path.is_file():
        print(f"sodocs check: upstream list {list_path} not found", file=sys.stderr)
        return 2
    upstream_list = UpstreamList.read(list_path) if list_path.is_file() else None
    report = check_site(Options(site, upstream, upstream_list, overrides, base_path, max(1, args.jobs),
                                args.online, Path(args.cache)))
    print(FORMATS[args.format](report))
    return 1 if report.problems else 0
