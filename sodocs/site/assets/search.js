/*
 * Site search: Pagefind's index answers Material's search dialog, with Material's markup and keys.
 *
 * Material's own search loads its whole lunr index on the first page; Pagefind loads only the chunks a
 * query needs, for the language of the page (<html lang>). The build hands the dialog to this script
 * (data-so-search instead of data-md-component="search"), so Material mounts no search of its own.
 * Results are built with DOM methods only: page text is set as text, never parsed as HTML.
 */
(function () {
  "use strict";
  // Instant navigation swaps the page but keeps the header, and so this script's listeners.
  if (window.__sodocsSearch) return;
  window.__sodocsSearch = true;

  var root = new URL("..", document.currentScript.src); // this file is <site>/_sodocs/search.js
  var dialog = document.querySelector("[data-so-search]");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle) return;
  var form = dialog.querySelector("form");
  var query = dialog.querySelector(".md-search__input");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var scroller = dialog.querySelector(".md-search__scrollwrap");
  var PAGE = 10; // results drawn at once; more as the list scrolls, as Material does

  function translation(key, count) {
    var config = JSON.parse(document.getElementById("__config").textContent);
    var text = (config.translations && config.translations[key]) || "";
    return count === undefined ? text : text.replace("#", String(count));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };

  // A Pagefind excerpt is text with the matched words in <mark>; draw it as text nodes and <mark> elements.
  function excerpt(html) {
    var p = el("p");
    html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      var text = (marked ? marked[1] : part).replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, function (e) {
        return ENTITIES[e];
      });
      if (!text) return;
      p.appendChild(marked ? el("mark", "", text) : document.createTextNode(text));
    });
    return p;
  }

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  toggle.addEventListener("change", function () {
    // Material's list is hidden from the accessibility tree while the dialog is closed.
    list.setAttribute("role", toggle.checked ? "list" : "presentation");
    list.hidden = !toggle.checked;
  });

  // -- Pagefind -------------------------------------------------------------------------------------------

  var engine = null;
  var engineLang = null;

  function pagefind() {
    var lang = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
    if (engine && engineLang === lang) return engine;
    var previous = engine;
    engineLang = lang;
    // One index per language: after instant navigation to a page in another language, start again.
    engine = Promise.resolve(previous)
      .then(function (old) { return old ? old.destroy() : null; })
      .then(function () { return import(new URL("pagefind/pagefind.js", root).href); })
      .then(function (pf) {
        // pageLength 0.3 (Pagefind: 0.75): a long reference page that defines a term is often the answer.
        return pf.options({ baseUrl: root.pathname, excerptLength: 24, ranking: { pageLength: 0.3 } })
          .then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    engine.catch(function () { engine = null; });
    return engine;
  }

  // -- results --------------------------------------------------------------------------------------------

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
  }

  function link(href, score, parent, title, teaser) {
    var a = el("a", "md-search-result__link");
    a.href = href;
    a.tabIndex = -1;
    var article = el("article", "md-search-result__article md-typeset");
    article.setAttribute("data-md-score", score.toFixed(2));
    if (parent) {
      article.appendChild(el("div", "md-search-result__icon md-icon"));
      article.appendChild(el("h1", "", title));
    } else {
      article.appendChild(el("h2", "", title));
    }
    if (teaser) article.appendChild(excerpt(teaser));
    a.appendChild(article);
    return a;
  }

  // One page: its title, then the sections that match best, the others folded away (Material's layout).
  function item(data, pageScore) {
    var li = el("li", "md-search-result__item");
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.anchor && sub.anchor.element !== "h1";
    }).map(function (sub) { return { sub: sub, score: score(sub) }; });
    sections.sort(function (a, b) { return b.score - a.score; });
    var top = sections.length ? sections[0].score : 0;
    var best = sections.filter(function (s, i) { return i < 3 && s.score > 0 && s.score >= top / 2; });
    var more = sections.slice(best.length);
    var title = (data.meta && data.meta.title) || data.url;
    li.appendChild(link(data.url, pageScore, true, title, best.length ? "" : data.excerpt));
    best.forEach(function (s) { li.appendChild(link(s.sub.url, s.score, false, s.sub.title, s.sub.excerpt)); });
    if (more.length) {
      var details = el("details", "md-search-result__more");
      var summary = el("summary");
      summary.tabIndex = -1;
      summary.appendChild(el("div", "", more.length === 1
        ? translation("search.result.more.one") : translation("search.result.more.other", more.length)));
      details.appendChild(summary);
      more.forEach(function (s) { details.appendChild(link(s.sub.url, s.score, false, s.sub.title, s.sub.excerpt)); });
      li.appendChild(details);
    }
    return li;
  }

  var current = { id: 0, results: [], drawn: 0, drawing: null };

  function draw(state) {
    if (state.drawing || state.drawn >= state.results.length) return state.drawing;
    var batch = state.results.slice(state.drawn, state.drawn + PAGE);
    state.drawn += batch.length;
    state.drawing = Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      state.drawing = null;
      if (state !== current) return;
      datas.forEach(function (data, i) { list.appendChild(item(data, batch[i].score)); });
      list.setAttribute("data-query", state.value); // what the list shows now (the tests wait for it)
      if (scroller.clientHeight > 0) fill(state); // a tall window may show the end of the list at once
    });
    return state.drawing;
  }

  // Draw more while the end of the list is in view (the next chunk's fragments load then, not before).
  function fill(state) {
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 16) draw(state);
  }

  scroller.addEventListener("scroll", function () { fill(current); }, { passive: true });

  function search() {
    var value = query.value.trim();
    var state = { id: current.id + 1, results: [], drawn: 0, drawing: null, value: value };
    current = state;
    if (!value) {
      list.replaceChildren();
      list.removeAttribute("data-query");
      meta.textContent = translation("search.result.placeholder");
      return Promise.resolve();
    }
    return pagefind().then(function (pf) { return pf.search(value); }).then(function (found) {
      if (state !== current || !found) return;
      state.results = found.results;
      list.replaceChildren();
      if (!found.results.length) list.setAttribute("data-query", value);
      var n = found.results.length;
      meta.textContent = n === 0 ? translation("search.result.none")
        : n === 1 ? translation("search.result.one") : translation("search.result.other", n);
      return draw(state);
    });
  }

  var timer = 0;
  query.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 80);
  });

  // -- opening, closing and keys (as Material's search component) -------------------------------------------

  query.addEventListener("focus", function () {
    setOpen(true);
    pagefind(); // start loading while the reader types
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); query.focus(); }, 0);
  });
  dialog.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("a")) setOpen(false);
  });
  var label = document.querySelector("header [for=__search]");
  if (label) label.addEventListener("click", function () { query.focus(); });

  function editable(node) {
    if (!node) return false;
    if (node instanceof HTMLInputElement) return node.type !== "radio";
    return node instanceof HTMLSelectElement || node instanceof HTMLTextAreaElement || node.isContentEditable;
  }

  window.addEventListener("keydown", function (ev) {
    if (ev.metaKey || ev.ctrlKey || ev.isComposing) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if (!editable(active) && (ev.key === "/" || ev.key === "s" || ev.key === "f")) {
        query.focus();
        query.select();
        ev.preventDefault();
      }
      return;
    }
    switch (ev.key) {
      case "Enter":
        if (active === query) {
          var best = list.querySelector(".md-search-result__item .md-search-result__link");
          if (best) best.click();
          ev.preventDefault();
        }
        break;
      case "Escape":
      case "Tab":
        setOpen(false);
        query.blur();
        break;
      case "ArrowUp":
      case "ArrowDown":
        var els = [query].concat(Array.prototype.slice.call(
          list.querySelectorAll(":not(details) > [href], summary, details[open] [href]")));
        var at = Math.max(0, els.indexOf(active));
        els[(at + els.length + (ev.key === "ArrowUp" ? -1 : 1)) % els.length].focus();
        ev.preventDefault();
        break;
      default:
        if (active !== query && ev.key.length === 1) query.focus();
    }
  });

  // Deep links (?q=…) open the dialog with the query, as Material's do.
  var deep = new URL(location.href).searchParams.get("q");
  if (deep) {
    query.value = deep;
    query.focus();
    search();
  }
})();
