"""A writer's mistakes, one small project each: the build names the file and line in plain words, exits
non-zero, never shows a traceback, and leaves the previous site byte for byte as it was.

Every case starts from a copy of one small project whose site was built once (``built``), breaks it in
one way and builds again. The builds run two at a time in subprocesses (``results``), as a writer runs
them; each test then reads its own result. The link checker's cases run ``sodocs check`` on a copy of
the built site.
"""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sodocs.site import output
from tests.helpers import ROOT, Build, BuildServer, attr, build_site, one, snapshot, snapshot_diff, write_tree
from tests.pagefind_index import fragments

MKDOCS_YML = """site_name: Test
docs_dir: content
theme:
  name: material
  language: da
  font: false
plugins:
  - search:
      lang: da
  - sodocs:
      check_links: true
exclude_docs: |
  includes/
nav:
  - index.md
  - a.md
  - liste.md
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.snippets:
      base_path: [!relative $config_dir/snippets]
      check_paths: true
"""

# The same project with a theme folder of its own, as the site has (site_overrides/).
THEMED = MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")

# Every page starts with front matter and a heading: a page's own text starts on line 6, a macro page's on 7.
HEAD = "---\ntitle: X\n---\n# X\n\n"
MACRO_HEAD = "---\ntitle: X\nmacros: true\n---\n# X\n\n"

PROJECT: dict[str, str] = {
    "mkdocs.yml": MKDOCS_YML,
    "content/index.md": "---\ntitle: Forside\n---\n# Forside\n\nSe <xref:side-a> og [listen](liste.md).\n\n"
                        "[!include[fælles](includes/faelles.md)]\n\n--8<-- \"hilsen.md\"\n",
    "content/a.md": "---\ntitle: Side A\nuid: side-a\n---\n# Side A\n\n[!include[lokal](includes/lokal.md)]\n",
    "content/liste.md": "---\ntitle: Første skridt\nmacros: true\n---\n# Første skridt\n\n"
                        "{% for step in onboarding_steps %}\n* {{ step.title }}: {{ hilsen(step.id) }}\n"
                        "{% endfor %}\n",
    "includes/faelles.md": "Fælles tekst.\n",
    "content/includes/lokal.md": "Lokal tekst.\n",
    "snippets/hilsen.md": "Venlig hilsen.\n",
    "macros/m.j2": "{% macro hilsen(name) %}Hej {{ name }}{% endmacro %}\n",
    "data/onboarding.yml": "steps:\n  - id: log-ind\n    title: Log ind\n    text: Log ind første gang.\n"
                           "    link: ../content/index.md\n",
}

# A file outside every project, for symbolic links to point at (as /etc/passwd would).
SECRET = "hemmelig-tekst-uden-for-projektet"


@dataclass(frozen=True)
class Case:
    """One mistake: files to write (text or bytes), links to make, files to delete, and what the log says."""

    id: str
    expected: tuple[str, ...]  # each must be in the log: "file:line: key phrase"
    files: dict[str, str | bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # project path -> target ("SECRET": the outside file)
    delete: tuple[str, ...] = ()
    strict: bool = True
    hold_lock: bool = False  # another build holds the site's lock meanwhile


def page(text: str, head: str = HEAD) -> dict[str, str | bytes]:
    return {"content/index.md": head + text}


CASES = [
    # -- front matter ---------------------------------------------------------------------------
    Case("malformed-front-matter", ("content/index.md:4: malformed YAML front matter",),
         {"content/index.md": "---\ntitle: ok\nbad: [unclosed\n---\n# X\n"}),
    Case("no-title", ("content/index.md:1: front matter has no 'title'",),
         {"content/index.md": "---\ndescription: ingen titel\n---\n# X\n"}),
    Case("unclosed-front-matter", ("content/index.md:1: the front matter that starts on this line is never closed",),
         {"content/index.md": "---\ntitle: X\n\n# X\n\nTekst.\n"}),
    Case("front-matter-not-a-mapping", ("content/index.md:2: front matter must be a mapping",),
         {"content/index.md": "---\n- en\n- to\n---\n# X\n"}),
    Case("date-not-month-day-year", ("content/index.md:3: so.date: '31.12.2024' is not a date",),
         {"content/index.md": "---\ntitle: X\nso.date: 31.12.2024\n---\n# X\n"}),
    Case("page-not-utf8", ("content/a.md:7: the file is not UTF-8 text (byte 0xe6 at column 2 of line 7); "
                           "save the file as UTF-8",),
         {"content/a.md": b"---\ntitle: A\nuid: side-a\n---\n# A\n\nk\xe6de\n"}),
    Case("page-not-utf8-without-strict", ("content/a.md:5: the file is not UTF-8 text", "save the file as UTF-8"),
         {"content/a.md": b"---\ntitle: A\nuid: side-a\n---\n\xff\n"}, strict=False),
    Case("duplicate-uid", ("content/b.md:2: uid 'side-a' is already used by content/a.md:3",),
         {"content/b.md": "---\nuid: side-a\ntitle: B\n---\n# B\n"}),
    # -- cross references -----------------------------------------------------------------------
    Case("unknown-xref", ("content/index.md:6:4: cross reference to unknown uid 'nope'",),
         page("Se [her](xref:nope)\n")),
    Case("unknown-xref-autolink", ("content/index.md:6:4: cross reference to unknown uid 'nope'",),
         page("Se <xref:nope>\n")),
    # -- includes -------------------------------------------------------------------------------
    Case("missing-include", ("content/index.md:6:1: include file 'nope.md' not found",),
         page("[!include[a](nope.md)]\n")),
    Case("include-climbs-out", ("content/index.md:6:1: include '../../x.md' leads outside the project; refused",),
         page("[!include[a](../../x.md)]\n")),
    Case("include-symlink-out", ("content/index.md:6:1: include 'includes/leak.md' leads outside the project",),
         page("[!include[a](includes/leak.md)]\n"), links={"includes/leak.md": "SECRET"}),
    Case("include-url", ("content/index.md:6:1: include path 'https://example.com/x.md' must be a relative path",),
         page("[!include[a](https://example.com/x.md)]\n")),
    Case("include-nul", ("content/index.md:6:1: include path 'a%00b.md' contains a NUL character (%00)",),
         page("[!include[a](a%00b.md)]\n")),
    Case("include-name-too-long", ("content/index.md:6:1: include path '" + "a" * 60 + "…' has a name longer than "
                                   "255 bytes",), page("[!include[a](" + "a" * 300 + ".md)]\n")),
    Case("include-cycle", ("content/index.md:6:1 -> includes/en.md:1:1 -> includes/to.md:1:1: include cycle",),
         {**page("[!include[a](includes/en.md)]\n"), "includes/en.md": "[!include[b](to.md)]\n",
          "includes/to.md": "[!include[c](en.md)]\n"}),
    Case("include-not-utf8", ("content/index.md:6:1 -> includes/skidt.md:2: the file is not UTF-8 text",),
         {**page("[!include[a](includes/skidt.md)]\n"), "includes/skidt.md": b"fint\nk\xf8d\n"}),
    Case("every-problem-of-a-page-in-one-run", ("content/index.md:6:1: include file 'x.md' not found",
                                                "content/index.md:8:1: include file 'y.md' not found",
                                                "content/index.md:10:4: cross reference to unknown uid 'nope'"),
         page("[!include[a](x.md)]\n\n[!include[b](y.md)]\n\nSe <xref:nope>\n")),
    Case("error-inside-include", ("content/index.md:6:1 -> includes/en.md:3:1: include file 'mangler.md' not found",),
         {**page("[!include[a](includes/en.md)]\n"), "includes/en.md": "Tekst\n\n[!include[b](mangler.md)]\n"}),
    # -- links and images -----------------------------------------------------------------------
    Case("missing-image", ("content/index.md:6:1: image 'mangler.png' not found",), page("![b](mangler.png)\n")),
    Case("invalid-ipv6-link", ("content/index.md:6:1: link 'http://[fe80::1/x': not a valid web address",),
         page("[a](http://[fe80::1/x)\n")),
    Case("invalid-ipv6-autolink", ("content/index.md:6:5: link 'http://[fe80::1/x': not a valid web address",),
         page("Se: <http://[fe80::1/x>\n")),
    Case("invalid-reference-link", ("content/index.md:6:4: link 'http://[fe80::1/x': not a valid web address",),
         page("Se [a][1].\n\n[1]: http://[fe80::1/x\n")),
    Case("double-slash-bracket", ("content/index.md:6:1: link '//[': not a valid web address",), page("[a](//[)\n")),
    Case("broken-link-found-by-the-check", ("content/index.md:6:", "broken link 'findes-ikke/'"),
         page('<a href="findes-ikke/">x</a>\n')),
    # -- snippets (pymdownx.snippets) -----------------------------------------------------------
    Case("missing-snippet", ("content/index.md:6: snippet file 'mangler.md' not found in the snippets folder",),
         page('--8<-- "mangler.md"\n')),
    Case("missing-snippet-block", ("content/index.md:7: snippet file 'mangler.md' not found",),
         page("--8<--\nmangler.md\n--8<--\n")),
    Case("two-missing-snippets", ("content/index.md:6: snippet file 'en.md' not found",
                                  "content/index.md:8: snippet file 'to.md' not found"),
         page('--8<-- "en.md"\n\n--8<-- "to.md"\n')),
    Case("snippet-symlink-out", ("content/index.md:6: snippet 'leak.md' is a symbolic link that leads outside the "
                                 "snippets folder; refused",), page('--8<-- "leak.md"\n'),
         links={"snippets/leak.md": "SECRET"}),
    Case("snippet-not-utf8", ("content/index.md:6: snippet file 'skidt.md' is not inserted: it is not UTF-8 text",),
         {**page('--8<-- "skidt.md"\n'), "snippets/skidt.md": b"k\xe6de\n"}),
    Case("glossary-missing", ("snippets/ordliste.md: the snippet file that mkdocs.yml appends to every page is "
                              "missing",),
         {"mkdocs.yml": MKDOCS_YML.replace("check_paths: true", "check_paths: true\n      auto_append: "
                                           "[snippets/ordliste.md]").replace("[!relative $config_dir/snippets]",
                                                                            "[!relative $config_dir]")}),
    # -- files that may not reach the site ------------------------------------------------------
    Case("static-file-symlink-out", ("content/passwd.txt: a symbolic link to a file outside the project; it is "
                                     "not published",), links={"content/passwd.txt": "SECRET"}),
    Case("page-symlink-out", ("content/ude.md: a symbolic link to a file outside the project",),
         links={"content/ude.md": "SECRET"}),
    Case("dangling-symlink", ("content/billede.png: a symbolic link to a file that does not exist",),
         links={"content/billede.png": "findes-ikke.png"}),
    Case("static-symlink-out-without-strict", ("content/passwd.txt: a symbolic link to a file outside the project",),
         links={"content/passwd.txt": "SECRET"}, strict=False),
    Case("theme-template-symlink-out", ("overrides/partials/copyright.html: a symbolic link to a file outside the "
                                        "project; it is not published", "the theme folder overrides/ has 1 symbolic"),
         {"mkdocs.yml": THEMED}, links={"overrides/partials/copyright.html": "SECRET"}),
    Case("theme-static-symlink-dangling", ("overrides/assets/logo.png: a symbolic link to a file that does not exist",),
         {"mkdocs.yml": THEMED}, links={"overrides/assets/logo.png": "findes-ikke.png"}),
    # -- macros ---------------------------------------------------------------------------------
    Case("division-by-zero", ("content/index.md:7: macro error: division by zero",), page("{{ 1/0 }}\n", MACRO_HEAD)),
    Case("sandbox-escape", ("content/index.md:7: not allowed in a macro: access to attribute '__init__'",),
         page("{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}\n", MACRO_HEAD)),
    Case("sandbox-changes-data", ("content/index.md:7: not allowed in a macro: access to attribute 'append' of "
                                  "'list' object is unsafe",), page("{{ [1].append(2) }}\n", MACRO_HEAD)),
    Case("recursive-macro", ("content/index.md:7 -> macros/r.j2:1: macro error: a macro calls itself without end",),
         {**page("{{ igen(1) }}\n", MACRO_HEAD),
          "macros/r.j2": "{% macro igen(n) %}{{ igen(n + 1) }}{% endmacro %}\n"}),
    Case("recursive-macro-on-the-page", ("content/index.md:7: macro error: a macro calls itself without end",),
         page("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}\n", MACRO_HEAD)),
    Case("undefined-name", ("content/index.md:7: macro error: 'nope' is undefined",), page("{{ nope }}\n", MACRO_HEAD)),
    Case("every-macro-error-of-a-page", ("content/index.md:7: macro error: division by zero",
                                         "content/index.md:9: macro error: 'nope' is undefined",
                                         "content/index.md:11: macro error: 'ingen' is undefined",
                                         "content/index.md:13: not allowed in a macro"),
         page("{% set x = 1/0 %}\n\n{{ nope }}\n\n{% for i in ingen %}{{ i }}{% endfor %}\n\n{{ ''.__class__ }}\n",
              MACRO_HEAD)),
    Case("macro-syntax", ("content/index.md:7: macro syntax:",), page("{{ hilsen( }}\n", MACRO_HEAD)),
    Case("include-outside-macros-folder", ("content/index.md:7: macro error: macro file '../mkdocs.yml' is not a "
                                           "name inside the macros folder; refused",),
         page('{% include "../mkdocs.yml" %}\n', MACRO_HEAD)),
    Case("macro-file-symlink-out", ("macros/leak.j2:1: macro file does not load: macro file 'leak.j2' is a symbolic "
                                    "link that leads outside the macros folder; refused", "nothing was built"),
         links={"macros/leak.j2": "SECRET"}),
    Case("macro-file-not-utf8", ("macros/skidt.j2:2: macro file does not load: the file is not UTF-8 text",),
         {"macros/skidt.j2": b"{# ok #}\n\xe6\n"}),
    Case("macro-file-syntax", ("macros/skidt.j2:1: macro file does not load",),
         {"macros/skidt.j2": "{% macro x( %}\n"}),
    # -- data files -----------------------------------------------------------------------------
    Case("data-not-utf8", ("data/onboarding.yml:2: the file is not UTF-8 text", "save the file as UTF-8"),
         {"data/onboarding.yml": b"steps:\n  - id: \xe6\n"}),
    Case("data-not-yaml", ("data/onboarding.yml:2: not valid YAML",), {"data/onboarding.yml": "steps: [\n  - a: b\n"}),
    Case("data-step-without-title", ("data/onboarding.yml:2: step 'log-ind' has no 'title'",),
         {"data/onboarding.yml": "steps:\n  - id: log-ind\n    text: T\n    link: ../content/index.md\n"}),
    Case("data-file-deleted", ("content/liste.md:7: macro error: data/onboarding.yml is missing (deleted or moved?);"
                               " 'onboarding_steps' comes from it",), delete=("data/onboarding.yml",)),
    Case("data-symlink-out", ("data/onboarding.yml: the data file is outside the project",),
         links={"data/onboarding.yml": "SECRET"}, delete=("data/onboarding.yml",)),
    Case("plan-data-not-utf8", ("data/plans.yml:1: the file is not UTF-8 text",), {"data/plans.yml": b"\xff\n"}),
    # -- DocFX syntax -----------------------------------------------------------------------------
    Case("unclosed-fence", ("content/index.md:6:1: code block opened with ``` is never closed",),
         page("```cs\nx\n")),
    Case("unclosed-tab-group", ("content/index.md:6: this tab group is never closed",),
         page("# [A](#tab/a)\n\nTekst\n")),
    Case("missing-code-snippet", ("content/index.md:6:1: code snippet file 'nope.cs' not found",),
         page("[!code-cs[c](nope.cs)]\n")),
    Case("missing-snippet-region", ("content/index.md:6:1: no region or tag 'nope'",),
         page("[!code-cs[c](index.md#nope)]\n")),
    Case("link-in-other-letter-case", ("content/index.md:6:1: link 'INDEX.md' names content/INDEX.md, but the file "
                                       "is spelled content/index.md",), page("[Her](INDEX.md)\n")),
    Case("markdown-in-an-html-block", ("content/index.md:6: this line belongs to an HTML block",),
         page("<!-- note -->Vælg **Gem**\n")),
    # -- the output folder ----------------------------------------------------------------------
    Case("two-builds-at-once", ("another build is writing this site right now",), hold_lock=True),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with its site built once; every case starts from a copy of both."""
    project = write_tree(tmp_path_factory.mktemp("bad-input") / "project", PROJECT)
    build = build_site(project, project / "site")
    assert build.returncode == 0, build.log
    assert "Venlig hilsen." in (project / "site/index.html").read_text(encoding="utf-8")
    assert "Lokal tekst." in (project / "site/a/index.html").read_text(encoding="utf-8")
    assert not (project / "site/includes").exists()  # include files are not pages
    return project


@dataclass
class Result:
    build: Build
    before: dict[str, bytes | None]
    project: Path


def _prepare(case: Case, built: Path, root: Path) -> Path:
    project = root / case.id / "project"
    shutil.copytree(built, project, symlinks=True)
    shutil.copy(built / "site.links.json", project / "site.links.json")
    secret = root / case.id / "uden-for" / "hemmelig.txt"
    secret.parent.mkdir(parents=True)
    secret.write_text(SECRET + "\n", encoding="utf-8")
    for rel in case.delete:
        (project / rel).unlink()
    for rel, text in case.files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for rel, target in case.links.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(secret if target == "SECRET" else target, project / rel)
    return project


def _run(case: Case, built: Path, root: Path, servers: queue.Queue[BuildServer]) -> Result:
    project = _prepare(case, built, root)
    before = snapshot(project / "site")
    lock = output.stage(project / "site") if case.hold_lock else None
    server = servers.get()
    try:
        build = server.build(project, project / "site", strict=case.strict)
    finally:
        servers.put(server)
        if lock is not None:
            lock.discard()
    return Result(build, before, project)


@pytest.fixture(scope="module")
def results(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Every case built, two at a time, each build its own process (forked from one with MkDocs imported)."""
    root = tmp_path_factory.mktemp("cases")
    servers: queue.Queue[BuildServer] = queue.Queue()
    for _ in range(2):
        servers.put(BuildServer())
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            done = pool.map(lambda case: _run(case, built, root, servers), CASES)
            return {case.id: result for case, result in zip(CASES, done, strict=True)}
    finally:
        while not servers.empty():
            servers.get().close()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_mistake_is_named_and_the_previous_site_stays(case: Case, results: dict[str, Result]) -> None:
    result = results[case.id]
    log = result.build.log
    assert result.build.returncode == 1, log
    for expected in case.expected:
        assert expected in log, log
    assert "Traceback" not in log
    assert snapshot_diff(result.before, result.project / "site") == []
    # Nothing from outside the project was published anywhere, nor ran.
    assert not (result.project / "PWNED").exists()
    for path in result.project.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_refused_file_is_never_copied_even_when_the_build_goes_on(built: Path, tmp_path: Path) -> None:
    """--dirty writes into the site as it goes, so the refused file would be there if it had been copied."""
    project = _prepare(Case("dirty", (), links={"content/passwd.txt": "SECRET"}), built, tmp_path)
    build = build_site(project, project / "site", strict=False, args=("--dirty",))
    assert "content/passwd.txt: a symbolic link to a file outside the project" in build.log
    assert not (project / "site/passwd.txt").exists()
    assert "Traceback" not in build.log


def test_macro_errors_leave_the_rest_of_the_page(built: Path, tmp_path: Path) -> None:
    project = _prepare(Case("rest", (), page("{{ 1/0 }} før\n\n{{ hilsen('Ida') }} efter\n", MACRO_HEAD)),
                       built, tmp_path)
    build = build_site(project, project / "site", strict=False, args=("--dirty",))
    assert "content/index.md:7: macro error: division by zero" in build.log
    article = one(build.html("index.html"), "article").text()
    assert "før" in article and "Hej Ida efter" in article
    assert "division" not in article and "{{" not in article


def test_an_include_inside_a_comment_stays_commented_out(built: Path, tmp_path: Path) -> None:
    project = _prepare(Case("comment", (), {**page("<!--\n[!include[a](includes/hemmelig.md)]\n-->\n\nSynlig\n"),
                                            "content/includes/hemmelig.md": "HEMMELIG TEKST\n"}), built, tmp_path)
    build = build_site(project, project / "site")
    assert build.returncode == 0, build.log
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "HEMMELIG TEKST" not in html and "Synlig" in html


# -- mkdocs serve -----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_names_the_mistakes_and_keeps_serving(built: Path, tmp_path: Path) -> None:
    case = Case("serve", (), {**page("{{ 1/0 }}\n", MACRO_HEAD), "content/a.md": b"---\ntitle: A\n---\n\xe6\n"})
    project = _prepare(case, built, tmp_path)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--no-livereload"],
                            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, "mkdocs serve never answered"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
    finally:
        proc.terminate()
        log = proc.communicate(timeout=60)[0]
    assert "content/index.md:7: macro error: division by zero" in log
    assert "content/a.md:4: the file is not UTF-8 text" in log
    assert "Traceback" not in log
    assert "content/index.md:7: macro error: division by zero" in html  # the banner on the served page


# -- the link checker -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckCase:
    id: str
    code: int
    expected: tuple[str, ...]
    files: dict[str, str] = field(default_factory=dict)  # site-relative; "../site.links.json" is the report
    links: dict[str, str] = field(default_factory=dict)
    empty: bool = False  # check an empty folder instead
    config: str | None = None  # the mkdocs.yml to read instead of the project's


CHECK_CASES = [
    CheckCase("corrupt-link-report", 2, ("site.links.json: the link report cannot be read",),
              {"../site.links.json": "{ikke json"}),
    CheckCase("link-report-of-another-version", 2, ("link report version 99",),
              {"../site.links.json": '{"version": 99, "pages": {}}'}),
    CheckCase("damaged-link-report", 2, ("the link report is damaged",),
              {"../site.links.json": '{"version": 1, "pages": {"index.html": {"source": "x"}}}'}),
    CheckCase("dangling-symlink-in-site", 2, ("x.png: a symbolic link to a file that does not exist",),
              links={"x.png": "findes-ikke.png"}),
    CheckCase("empty-folder", 2, ("has no HTML pages: it is not a built site",), empty=True),
    CheckCase("folder-that-is-not-a-site", 2, ("has no HTML pages: it is not a built site",),
              {"README.txt": "ikke et site"}, empty=True),
    CheckCase("href-double-slash-bracket", 1, ("'//[': not a valid web address",),
              {"side.html": '<html><body><a href="//[">x</a></body></html>'}),
    CheckCase("href-invalid-ipv6", 1, ("'http://[fe80::1/x': not a valid web address",),
              {"side.html": '<html><body><a href="http://[fe80::1/x">x</a></body></html>'}),
    CheckCase("top-and-empty-fragments-are-fine", 0, ("0 broken of",),
              {"side.html": '<html><body><a href="#top">op</a> <a href="#">op</a> <a href="index.html#TOP">x</a>'
                            '</body></html>'}),
    CheckCase("missing-link-report-still-checks", 1, ("no link report at", "side.html: 'mangler.html': no file"),
              {"side.html": '<html><body><a href="mangler.html">x</a></body></html>', "../site.links.json": ""}),
    CheckCase("broken-mkdocs-yml", 2, ("mkdocs.yml cannot be read",), config="site_name: [\n"),
    CheckCase("upstream-list-not-utf8", 2, ("liste.txt:2: the file is not UTF-8 text",),
              {"../liste.txt": "docs/a.md\n\udcff\n"}),
]


def _check_site(case: CheckCase, built: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site"
    if case.empty:
        site.mkdir()
    else:
        shutil.copytree(built / "site", site, symlinks=True)
        shutil.copy(built / "site.links.json", tmp_path / "site.links.json")
    for rel, text in case.files.items():
        path = (site / rel).resolve()
        if rel == "../site.links.json" and not text:
            path.unlink()
        else:
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
    for rel, target in case.links.items():
        os.symlink(target, site / rel)
    args = ["--upstream-list", str(tmp_path / "liste.txt")] if "../liste.txt" in case.files else []
    config = built / "mkdocs.yml"
    if case.config is not None:
        config = tmp_path / "mkdocs.yml"
        config.write_text(case.config, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sodocs", "check", str(site), "-f", str(config), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.mark.parametrize("case", CHECK_CASES, ids=[case.id for case in CHECK_CASES])
def test_the_checker_names_the_problem_with_the_right_exit_code(case: CheckCase, built: Path,
                                                                 tmp_path: Path) -> None:
    proc = _check_site(case, built, tmp_path)
    output_ = proc.stdout + proc.stderr
    assert proc.returncode == case.code, output_
    for expected in case.expected:
        assert expected in output_
    assert "Traceback" not in output_
    assert output_.count("no link report at") <= 1


def test_the_checker_keeps_memory_bounded_on_a_large_page(tmp_path: Path) -> None:
    """A 20 MB page: Lexbor's DOM alone would take some 17 times its size; the streamed scan stays below 5x."""
    from benchmarks.linkcheck_memory import generate, peak_rss

    sections = generate(tmp_path / "site", 20)
    size = (tmp_path / "site/big.html").stat().st_size
    rss, _seconds, summary = peak_rss("streamed", tmp_path / "site")
    assert rss <= 5 * size, f"peak {rss / 1e6:.0f} MB for a {size / 1e6:.0f} MB page"
    assert summary.startswith(f"0 broken of {4 * sections + 4} links on 3 pages")


# -- front matter reaches the HTML escaped exactly once -------------------------------------------

HOSTILE = "Tom & Jerry </title><script>alert(1)</script> *fed* [x](y) @side-a"


def test_front_matter_reaches_html_escaped_exactly_once(built: Path, tmp_path: Path) -> None:
    project = _prepare(Case("escape", (), {
        "content/b.md": f"---\ntitle: '{HOSTILE}'\nuid: ond\ndescription: '\"><script>alert(2)</script>'\n"
                        "author: Tom & Jerry\nversion: '<i>9</i>'\nplatform: ['<u>web</u>']\n"
                        "deployment: '<s>online</s>'\nkeywords: [a&b, '<c>']\n---\n\nTekst uden overskrift.\n",
        "content/index.md": "---\ntitle: Forside\n---\n# Forside\n\nSe <xref:ond>, @ond og [](xref:ond).\n\n"
                            "## Om <xref:ond>\n",
        "mkdocs.yml": MKDOCS_YML.replace("  font: false\n", f"  font: false\n  custom_dir: {ROOT / 'site_overrides'}\n")
                      .replace("  - liste.md\n", "  - liste.md\n  - b.md\n"),
    }), built, tmp_path)
    build = build_site(project, project / "site")
    assert build.returncode == 0, build.log
    for rel in ("index.html", "b/index.html", "a/index.html"):
        assert "<script>alert" not in (project / "site" / rel).read_text(encoding="utf-8")
    index, b = build.html("index.html"), build.html("b/index.html")
    assert [a.text() for a in index.css("article p a")] == [HOSTILE] * 3  # the title, as text: no Markdown in it
    assert one(index, "article h2").text().strip().startswith(f"Om {HOSTILE}")
    assert one(b, "title").text() == f"{HOSTILE} - Test"
    assert one(b, "article h1").text() == HOSTILE
    assert attr(one(b, 'meta[name="description"]'), "content") == '"><script>alert(2)</script>'
    assert attr(one(b, 'meta[name="keywords"]'), "content") == "a&b, <c>"
    assert [n.text() for n in b.css(".so-page-meta > *")] == ["Af Tom & Jerry", "<s>online</s>", "<u>web</u>",
                                                               "Version <i>9</i>"]
    assert HOSTILE in [a.text().strip() for a in index.css("nav a")]
    # The search index holds the title as text (the search script sets it as text), not escaped twice.
    assert fragments(project / "site")["/b/"].title == HOSTILE


def test_index_false_asks_search_engines_not_to_index(tmp_path: Path) -> None:
    project = write_tree(tmp_path / "project", {
        "mkdocs.yml": "site_name: Test\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"
                      f"  custom_dir: {ROOT / 'site_overrides'}\nplugins:\n  - sodocs\n",
        "content/index.md": "---\ntitle: X\nindex: false\n---\n# X\n"})
    build = build_site(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert attr(one(build.html("index.html"), 'meta[name="robots"]'), "content") == "noindex"
