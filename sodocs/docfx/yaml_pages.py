"""DocFX YAML pages (``### YamlMime:Kind`` on the first line) rendered as Markdown for the page pipeline.

* ``Category`` / ``SubCategory``: hub pages; their cards become Material's grid cards, each link with the
  Phosphor icon of its ``itemType`` / ``linkListType``;
* ``Tutorial``: numbered steps, each a heading the reader can tick off (``sodocs-yaml-pages.js``; without
  JavaScript the steps are plain headings);
* ``ManagedReference``: one reference page per file: the type (name, summary, syntax, remarks, examples) and
  its members grouped by kind, each with its syntax, parameters, return value, remarks and examples.

Escaping: a field that DocFX renders as Markdown (``summary``, ``remarks``, ``content``, descriptions, examples)
is passed on as the writer's Markdown, untouched. Every other value (titles, names, link texts, types) is
plain text: it is written with each character that Markdown, HTML or a later pipeline step could read as
syntax turned into a character reference, so it reaches the reader exactly as written, decoded once by the
browser. Attribute values are HTML-escaped once.

Each generated line carries the YAML line it comes from, so the pipeline's problems (a missing include in a
tutorial step, a broken link in a card) are reported at ``file.yml:line``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from ..core import yaml_lines
from ..core.blocks import scan as scan_blocks
from ..diagnostics import Diagnostics, Origin

KINDS = ("Category", "SubCategory", "Tutorial", "ManagedReference")
_MIME = re.compile(r"\A\ufeff?[ \t]*###[ \t]*YamlMime[ \t]*:[ \t]*(?P<kind>[^\s#]*)")
_BLOCK_SCALAR = re.compile(r":[ \t]*[|>][0-9+-]*[ \t]*(#.*)?$")
_NOT_WORD = re.compile(r"\W")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEMPLATE_OPEN = re.compile(r"(?<!\\)<template[\s>/]", re.I)  # `\<template>` is text
_TEMPLATE_CLOSE = re.compile(r"</template\s*>", re.I)

# Learn's item types -> vendored Phosphor icons (sodocs/docfx/phosphor/).
ITEM_ICONS = {
    "architecture": "tree-structure", "concept": "lightbulb", "deploy": "rocket-launch",
    "download": "download-simple", "get-started": "flag", "how-to-guide": "list-checks", "learn": "graduation-cap",
    "overview": "binoculars", "quickstart": "lightning", "reference": "book-open", "sample": "code",
    "tutorial": "path", "video": "video", "whats-new": "sparkle",
}
LINK_ICON = "link"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "architecture": "Architecture", "concept": "Concept", "deploy": "Deploy", "download": "Download",
        "get-started": "Get started", "how-to-guide": "How-to guide", "learn": "Learn", "overview": "Overview",
        "quickstart": "Quickstart", "reference": "Reference", "sample": "Sample", "tutorial": "Tutorial",
        "video": "Video", "whats-new": "What's new",
        "minutes": "{n} min", "level": "Level", "audience": "Audience", "step_done": "I have done this step",
        "progress": "{done} of {total} steps", "reset": "Start again", "steps": "Tutorial progress",
        "syntax": "Syntax", "parameters": "Parameters", "returns": "Returns", "remarks": "Remarks",
        "examples": "Examples", "members": "Members", "in": "in",
        "Namespace": "Namespace", "Class": "Class", "Enum": "Enum", "Constructor": "Constructors",
        "Method": "Methods", "Property": "Properties", "Field": "Fields", "Event": "Events",
        "Operator": "Operators", "EnumValues": "Values",
    },
    "da": {
        "architecture": "Arkitektur", "concept": "Begreb", "deploy": "Udrulning", "download": "Download",
        "get-started": "Kom i gang", "how-to-guide": "Vejledning", "learn": "Lær", "overview": "Overblik",
        "quickstart": "Hurtig start", "reference": "Reference", "sample": "Eksempel", "tutorial": "Trin for trin",
        "video": "Video", "whats-new": "Nyheder",
        "minutes": "{n} min.", "level": "Niveau", "audience": "Målgruppe", "step_done": "Jeg har gjort dette trin",
        "progress": "{done} af {total} trin", "reset": "Begynd forfra", "steps": "Dine fremskridt",
        "syntax": "Syntaks", "parameters": "Parametre", "returns": "Returnerer", "remarks": "Bemærkninger",
        "examples": "Eksempler", "members": "Medlemmer", "in": "i",
        "Namespace": "Navnerum", "Class": "Klasse", "Enum": "Enum", "Constructor": "Konstruktører",
        "Method": "Metoder", "Property": "Egenskaber", "Field": "Felter", "Event": "Hændelser",
        "Operator": "Operatorer", "EnumValues": "Værdier",
    },
}
_MEMBER_ORDER = ("Constructor", "Property", "Method", "Event", "Operator", "Field")


def labels_for(language: str | None) -> dict[str, str]:
    return LABELS.get((language or "en").split("-")[0].lower(), LABELS["en"])


def yaml_mime(text: str) -> str | None:
    """The kind named on a YAML file's first line (``### YamlMime:Tutorial`` -> ``Tutorial``), or None."""
    match = _MIME.match(text)
    return match.group("kind") if match else None


def html_id(uid: str) -> str:
    """DocFX's anchor for a uid on its page: every character that is not a letter or digit becomes ``_``."""
    return _NOT_WORD.sub("_", uid)


def text(value: object) -> str:
    """Plain text for Markdown and HTML alike: syntax characters become character references (see the module)."""
    return "".join(_TEXT_ESCAPES.get(ch, ch) for ch in " ".join(str(value).split()))


_TEXT_ESCAPES = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|~:@$<>&\"'=^%"}


@dataclass(frozen=True)
class Anchor:
    """A uid that a YAML page defines: an xref target (``fragment`` is empty for the page itself)."""

    uid: str
    title: str
    fragment: str
    line: int
    names: tuple[tuple[str, str], ...] = ()  # ("fullName", …), ("nameWithType", …): for displayProperty


@dataclass(frozen=True)
class YamlPage:
    path: str  # project-relative
    kind: str
    data: Any
    source: str
    title: str
    meta: dict[str, Any]
    anchors: tuple[Anchor, ...]


@dataclass
class Rendered:
    lines: list[str] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines)


def load_page(path: str, source: str, diags: Diagnostics) -> YamlPage | None:
    """Parse a YAML page; None (reported) when it is not one this module renders."""
    kind = yaml_mime(source)
    if kind is None:
        return None
    if kind not in KINDS:
        diags.add(Origin.at(path, 1), "yaml-page", f"YamlMime kind {kind!r} is not supported (supported: "
                  f"{', '.join(KINDS)}); the file is not published as a page", "warning")
        return None
    control = _CONTROL.search(source)
    if control:
        # YAML forbids these characters; DocFX's parser lets them through. One stray DEL must not cost a page.
        line = source.count("\n", 0, control.start()) + 1
        diags.add(Origin.at(path, line), "yaml-page", f"control character U+{ord(control.group()):04X} is not "
                  "allowed in YAML; it was left out", "warning")
        source = _CONTROL.sub("", source)
    try:
        data = yaml_lines.load_reported(source, path, diags, "yaml-page")
    except (TypeError, ValueError, RecursionError) as exc:
        diags.add(Origin.at(path, 1), "yaml-page", f"not a usable YAML page: {exc}", "error")
        return None
    if data is None and any(d.origin.innermost.path == path and d.kind == "yaml-page" for d in diags):
        return None
    if not isinstance(data, dict):
        diags.add(Origin.at(path, 1), "yaml-page", f"a YamlMime:{kind} page must be a mapping of keys", "error")
        return None
    metadata = _mapping(data.get("metadata"))
    anchors: list[Anchor] = []
    if kind == "ManagedReference":
        items = [i for i in _list(data.get("items")) if isinstance(i, dict)]
        main = items[0] if items else {}
        title = _scalar(main.get("name")) or _scalar(main.get("uid")) or _stem(path)
        for n, item in enumerate(items):
            uid = _scalar(item.get("uid"))
            if uid:
                name = _scalar(item.get("name")) or uid
                names = tuple((key, value) for key in ("fullName", "nameWithType")
                              if (value := _scalar(item.get(key))))
                anchors.append(Anchor(uid, name, "" if n == 0 else "#" + html_id(uid),
                                      yaml_lines.line_of(item, "uid"), names))
    else:
        title = _scalar(data.get("title")) or _scalar(metadata.get("title")) or _stem(path)
        uid = _scalar(data.get("uid")) or _scalar(metadata.get("uid"))
        if uid:
            key_holder = data if data.get("uid") is not None else metadata
            anchors.append(Anchor(uid, title, "", yaml_lines.line_of(key_holder, "uid")))
    meta = {str(k): v for k, v in metadata.items()}
    meta["title"] = _scalar(metadata.get("title")) or title  # the browser tab; ``title`` is the heading
    return YamlPage(path, kind, data, source, title, meta, tuple(anchors))


@dataclass
class Context:
    """What rendering needs beyond the page: the labels of the site's language and which uids exist."""

    labels: dict[str, str] = field(default_factory=lambda: labels_for("en"))
    known_uid: Callable[[str], bool] = lambda _uid: False


def render(page: YamlPage, context: Context, diags: Diagnostics) -> Rendered:
    out = _Out(page, diags)
    {"Category": _category, "SubCategory": _subcategory, "Tutorial": _tutorial,
     "ManagedReference": _reference}[page.kind](out, page.data, context)
    return out.rendered


# --- output with origins --------------------------------------------------------------------------------------

class _Out:
    def __init__(self, page: YamlPage, diags: Diagnostics) -> None:
        self.page = page
        self.diags = diags
        self.rendered = Rendered()
        self.source_lines = page.source.split("\n")

    def line(self, value: str, at: int) -> None:
        self.rendered.lines.append(value)
        self.rendered.origins.append(Origin.at(self.page.path, at))

    def block(self, lines: Iterable[str], at: int) -> None:
        """Lines of generated Markdown, set apart from what comes before and after by blank lines."""
        if self.rendered.lines and self.rendered.lines[-1].strip():
            self.line("", at)
        for value in lines:
            self.line(value, at)
        self.line("", at)

    def markdown(self, holder: Any, key: str | int, indent: str = "") -> bool:
        """A field DocFX renders as Markdown, passed on as written; False when it is empty."""
        if isinstance(holder, list):
            value = holder[key] if isinstance(key, int) and 0 <= key < len(holder) else None
        else:
            value = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(value, list):
            value = "\n\n".join(str(v) for v in value if v is not None and not isinstance(v, dict | list))
        if value is None or isinstance(value, dict) or not str(value).strip():
            return False
        key_line = yaml_lines.line_of(holder, key)
        block = str(value).strip("\n")
        # A block scalar (``content: |``) starts on the next line and keeps its lines: each keeps its own origin.
        start = key_line + 1 if _BLOCK_SCALAR.search(self._source_line(key_line)) else key_line
        per_line = start != key_line
        lines = block.split("\n")
        if scan_blocks(lines).roles[-1:] == ["fence"] and not _closes_fence(lines):
            # DocFX renders each field on its own: a fence the writer left open must not swallow the page.
            lines.append("```")
        if _TEMPLATE_OPEN.search(block) and not _TEMPLATE_CLOSE.search(block):
            # `<template variable>` written for a placeholder is raw HTML in CommonMark, as in Markdig: the
            # browser puts the rest of the page inside the inert <template> and shows none of it.
            self.diags.add(Origin.at(self.page.path, key_line), "yaml-page", "raw HTML <template> is never "
                           "closed: a browser hides the rest of the page (DocFX publishes the same HTML); "
                           "write \\<…> for angle brackets meant as text", "warning")
        if self.rendered.lines and self.rendered.lines[-1].strip():
            self.line("", key_line)
        for i, value_line in enumerate(lines):
            self.line(indent + value_line if value_line.strip() else "", start + i if per_line else key_line)
        self.line("", key_line)
        return True

    def _source_line(self, line: int) -> str:
        return self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""

    def warn(self, holder: Any, key: str, message: str) -> None:
        self.diags.add(Origin.at(self.page.path, yaml_lines.line_of(holder, key)), "yaml-page", message, "warning")


def _closes_fence(lines: list[str]) -> bool:
    return bool(lines) and lines[-1].strip().startswith(("```", "~~~")) and len(lines) > 1


# --- hub pages ------------------------------------------------------------------------------------------------

def _title(out: _Out, data: dict[str, Any]) -> None:
    out.block([f"# {text(out.page.title)}"], yaml_lines.line_of(data, "title"))
    if _scalar(data.get("summary")):
        out.block([text(data["summary"])], yaml_lines.line_of(data, "summary"))


def _icon(name: str) -> str:
    return f'<i class="ph ph-{escape(name)}"></i>'


def _item_type(out: _Out, holder: Any, key: str, context: Context) -> tuple[str, str]:
    """(icon, label) of an ``itemType``/``linkListType``; an unknown type gets the plain link icon."""
    kind = _scalar(holder.get(key)) if isinstance(holder, dict) else None
    if kind is None:
        return LINK_ICON, ""
    if kind not in ITEM_ICONS:
        out.warn(holder, key, f"{key} {kind!r} is not one of DocFX's item types ({', '.join(ITEM_ICONS)})")
        return LINK_ICON, text(kind)
    return ITEM_ICONS[kind], text(context.labels.get(kind, kind))


def _link(out: _Out, holder: Any, label_key: str, context: Context) -> str | None:
    """``[text](url)`` of a card link; the url is left to the pipeline (local page, upstream or external)."""
    if not isinstance(holder, dict):
        return None
    label = _scalar(holder.get(label_key))
    url = _scalar(holder.get("url"))
    if not label:
        out.warn(holder, label_key, f"a link without '{label_key}' is left out")
        return None
    if not url:
        out.warn(holder, "url", f"link {label!r} has no url; shown as text")
        return text(label)
    return f"[{text(label)}](<{_url(url)}>)"


def _url(url: str) -> str:
    return url.strip().replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def _cards_open(out: _Out, at: int, extra: str = "") -> None:
    out.block([f'<div class="grid cards so-hub{extra}" markdown>'], at)


def _cards_close(out: _Out, at: int) -> None:
    out.block(["</div>"], at)


def _category(out: _Out, data: dict[str, Any], context: Context) -> None:
    _title(out, data)
    highlighted = data.get("highlightedContent")
    items = _dicts(highlighted.get("items") if isinstance(highlighted, dict) else None)
    if items:
        _cards_open(out, yaml_lines.line_of(data, "highlightedContent"), " so-hub--highlighted")
        for item in items:
            icon, label = _item_type(out, item, "itemType", context)
            link = _link(out, item, "title", context)
            if link:
                at = yaml_lines.line_of(item)
                out.line(f"-   {_icon(icon)} {link}", at)
                if label:
                    out.line("", at)
                    out.line(f'    <span class="so-hub__type">{label}</span>', at)
                out.line("", at)
        _cards_close(out, yaml_lines.line_of(data, "highlightedContent"))
    conceptual = data.get("conceptualContent")
    if isinstance(conceptual, dict):
        _section(out, conceptual, context, "items")
    additional = data.get("additionalContent")
    if isinstance(additional, dict):
        for section in _dicts(additional.get("sections")):
            _section(out, section, context, "items")
        out.markdown(additional, "footer")


def _section(out: _Out, section: dict[str, Any], context: Context, key: str) -> None:
    """A titled group of cards; each card has a title, a summary and a list of links."""
    if _scalar(section.get("title")):
        out.block([f"## {text(section['title'])}"], yaml_lines.line_of(section, "title"))
    if _scalar(section.get("summary")):
        out.block([text(section["summary"])], yaml_lines.line_of(section, "summary"))
    cards = _dicts(section.get(key))
    if not cards:
        return
    _cards_open(out, yaml_lines.line_of(section, key))
    for card in cards:
        at = yaml_lines.line_of(card)
        title = _scalar(card.get("title"))
        out.line(f"-   **{text(title)}**" if title else "-   &nbsp;", at)
        out.line("", at)
        out.line("    ---", at)
        out.line("", at)
        if _scalar(card.get("summary")):
            out.line(f"    {text(card['summary'])}", yaml_lines.line_of(card, "summary"))
            out.line("", at)
        _links(out, card.get("links"), context, "itemType")
    _cards_close(out, yaml_lines.line_of(section, key))


def _links(out: _Out, links: Any, context: Context, type_key: str | None) -> None:
    for link_item in _dicts(links):
        link = _link(out, link_item, "text", context)
        if link:
            icon = _item_type(out, link_item, type_key, context)[0] if type_key else LINK_ICON
            out.line(f"    -   {_icon(icon)} {link}", yaml_lines.line_of(link_item))
    out.line("", yaml_lines.line_of(links) if isinstance(links, list) else 1)


def _subcategory(out: _Out, data: dict[str, Any], context: Context) -> None:
    _title(out, data)
    cards = _dicts(data.get("landingContent"))
    if not cards:
        return
    _cards_open(out, yaml_lines.line_of(data, "landingContent"))
    for card in cards:
        at = yaml_lines.line_of(card)
        out.line(f"-   **{text(_scalar(card.get('title')) or '')}**", at)
        out.line("", at)
        out.line("    ---", at)
        out.line("", at)
        for group in _dicts(card.get("linkLists")):
            icon, label = _item_type(out, group, "linkListType", context)
            if label:
                out.line(f'    {_icon(icon)} <span class="so-hub__type">{label}</span>', yaml_lines.line_of(group))
                out.line("", yaml_lines.line_of(group))
            _links(out, group.get("links"), context, None)
    _cards_close(out, yaml_lines.line_of(data, "landingContent"))


# --- tutorials ------------------------------------------------------------------------------------------------

def _tutorial(out: _Out, data: dict[str, Any], context: Context) -> None:
    labels = context.labels
    out.block([f"# {text(out.page.title)}"], yaml_lines.line_of(data, "title"))
    steps = _dicts(data.get("items"))
    metadata = _mapping(data.get("metadata"))
    facts = []
    for key in ("level", "audience"):
        if _scalar(metadata.get(key)):
            facts.append(f"{text(labels[key])}: {text(metadata[key])}")
    minutes = sum(_minutes(s) for s in steps)
    if minutes:
        facts.append(text(labels["minutes"].format(n=minutes)))
    if facts:
        out.block([f'<p class="so-tutorial__facts">{" · ".join(facts)}</p>'], yaml_lines.line_of(data, "metadata"))
    key = escape(f"so-tutorial:{out.page.path}")
    out.block([f'<div class="so-tutorial" data-storage-key="{key}" data-label-done="{escape(labels["step_done"])}" '
               f'data-label-progress="{escape(labels["progress"])}" data-label-reset="{escape(labels["reset"])}" '
               f'data-label-steps="{escape(labels["steps"])}"></div>'], yaml_lines.line_of(data, "items"))
    if not steps:
        out.warn(data, "items", "a tutorial without steps ('items')")
    for n, step in enumerate(steps, start=1):
        at = yaml_lines.line_of(step)
        title = _scalar(step.get("title")) or str(n)
        out.block([f'## {n}. {text(title)} {{ #step-{n} .so-tutorial__step data-step="step-{n}" }}'], at)
        if _minutes(step):
            out.block([f'<p class="so-tutorial__duration">{text(labels["minutes"].format(n=_minutes(step)))}</p>'],
                      yaml_lines.line_of(step, "durationInMinutes"))
        if not out.markdown(step, "content"):
            out.warn(step, "title", f"tutorial step {title!r} has no content")
        out.block([f'<div class="so-tutorial__end" data-step="step-{n}"></div>'], at)


def _minutes(step: dict[str, Any]) -> int:
    value = step.get("durationInMinutes")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


# --- managed reference ----------------------------------------------------------------------------------------

def _reference(out: _Out, data: dict[str, Any], context: Context) -> None:
    labels = context.labels
    items = _dicts(data.get("items"))
    if not items:
        out.warn(data, "items", "a ManagedReference page without 'items'")
        out.block([f"# {text(out.page.title)}"], 1)
        return
    names = _reference_names(data)
    main, members = items[0], items[1:]
    kind = _scalar(main.get("type")) or ""
    out.block([f"# {text(out.page.title)}"], yaml_lines.line_of(main))
    facts = [text(labels.get(kind, kind))] if kind else []
    namespace = _scalar(main.get("namespace")) or _scalar(main.get("parent"))
    if namespace:
        facts.append(f"{text(labels['in'])} {_type(namespace, names, context)}")
    if facts:
        out.block([f'<p class="so-ref__kind">{" ".join(facts)}</p>'], yaml_lines.line_of(main, "type"))
    _member_body(out, main, names, context, level="##")
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for member in members:
        by_kind.setdefault(_scalar(member.get("type")) or "", []).append(member)
    order = [k for k in _MEMBER_ORDER if k in by_kind] + sorted(k for k in by_kind if k not in _MEMBER_ORDER)
    for member_kind in order:
        heading = labels["EnumValues"] if kind == "Enum" and member_kind == "Field" else \
            labels.get(member_kind, member_kind or labels["members"])
        out.block([f"## {text(heading)}"], yaml_lines.line_of(by_kind[member_kind][0], "type"))
        for member in by_kind[member_kind]:
            uid = _scalar(member.get("uid")) or ""
            name = _scalar(member.get("name")) or uid
            anchor = f" {{ #{html_id(uid)} }}" if uid else ""
            out.block([f"### {text(name)}{anchor}"], yaml_lines.line_of(member))
            _member_body(out, member, names, context, level="####")
    children = [c for c in _list(main.get("children")) if isinstance(c, str)]
    listed = {_scalar(m.get("uid")) for m in members}
    others = [c for c in children if c not in listed]
    if others:
        # A namespace lists types that have pages of their own.
        out.block([f"## {text(labels['members'])}"], yaml_lines.line_of(main, "children"))
        out.block([f"- {_type(c, names, context)}" for c in others], yaml_lines.line_of(main, "children"))


def _member_body(out: _Out, item: dict[str, Any], names: dict[str, str], context: Context, level: str) -> None:
    labels = context.labels
    out.markdown(item, "summary")
    syntax = item.get("syntax")
    if isinstance(syntax, dict):
        content = _scalar_text(syntax.get("content"))
        if content:
            lang = next((str(x) for x in _list(item.get("langs")) if isinstance(x, str) and x.strip()), "")
            fence = "`" * max(3, _longest_run(content, "`") + 1)
            out.block([f"{level} {text(labels['syntax'])}"] if level == "##" else [], yaml_lines.line_of(syntax))
            out.block([f"{fence}{re.sub(r'[^A-Za-z0-9_+-]', '', lang)}", *content.split("\n"), fence],
                      yaml_lines.line_of(syntax, "content"))
        parameters = _dicts(syntax.get("parameters"))
        if parameters:
            out.block([f"**{text(labels['parameters'])}**"], yaml_lines.line_of(syntax, "parameters"))
            for parameter in parameters:
                at = yaml_lines.line_of(parameter)
                name = _scalar(parameter.get("id")) or "?"
                kind = _scalar(parameter.get("type"))
                head = f"- {_code(name)}" + (f" ({_type(kind, names, context)})" if kind else "")
                description = parameter.get("description")
                if _scalar_text(description):
                    out.line(head + ":", at)
                    out.markdown(parameter, "description", indent="    ")
                else:
                    out.line(head, at)
            out.line("", yaml_lines.line_of(syntax, "parameters"))
        returned = syntax.get("return")
        if isinstance(returned, dict) and (_scalar(returned.get("type")) or _scalar_text(returned.get("description"))):
            at = yaml_lines.line_of(syntax, "return")
            kind = _scalar(returned.get("type"))
            if kind and kind.strip().rstrip("'\"") == "CRMScript.Global.Void" and \
                    not _scalar_text(returned.get("description")):
                pass  # "returns Void" tells the reader nothing
            else:
                out.block([f"**{text(labels['returns'])}**" + (f" {_type(kind, names, context)}" if kind else "")],
                          at)
                out.markdown(returned, "description")
    if _scalar_text(item.get("remarks")):
        out.block([f"**{text(labels['remarks'])}**"], yaml_lines.line_of(item, "remarks"))
        out.markdown(item, "remarks")
    examples = [e for e in _list(item.get("example")) if _scalar_text(e)] if isinstance(item.get("example"), list) \
        else ([item["example"]] if _scalar_text(item.get("example")) else [])
    if examples:
        out.block([f"**{text(labels['examples'])}**"], yaml_lines.line_of(item, "example"))
        out.markdown(item, "example")


def _reference_names(data: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for ref in _dicts(data.get("references")):
        uid, name = _scalar(ref.get("uid")), _scalar(ref.get("name"))
        if uid and name:
            names[uid] = name
    return names


def _type(written: str, names: dict[str, str], context: Context) -> str:
    """A type: a link to its page when a page defines its uid, else its name as code."""
    uid = written.strip().strip("'\"").strip()
    suffix = ""
    while uid.endswith("[]"):
        uid, suffix = uid[:-2], suffix + "[]"
    name = names.get(uid) or uid.rsplit(".", 1)[-1] or uid
    if uid and context.known_uid(uid):
        return f"[{text(name + suffix)}](<xref:{_url(uid)}>){{ .so-ref__type }}"
    return _code(name + suffix)


def _code(value: str) -> str:
    ticks = "`" * (_longest_run(value, "`") + 1)
    return f"{ticks} {value} {ticks}" if value.startswith("`") or value.endswith("`") else f"{ticks}{value}{ticks}"


def _longest_run(value: str, ch: str) -> int:
    runs = re.findall(re.escape(ch) + "+", value)
    return max((len(r) for r in runs), default=0)


# --- small readers --------------------------------------------------------------------------------------------

def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    result = " ".join(str(value).split())
    return result or None


def _scalar_text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    result = str(value).strip("\n")
    return result if result.strip() else None


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0]
