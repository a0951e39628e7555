// The navigation's long lists (sodocs/site/nav_html.py): a page carries a window of each long list around
// itself, with a link before and after it to the entries left out. A click on one shows every entry of
// the list in place, read from the list file the build writes beside this script (its address is on the
// link); the link's own address, the first left-out page, is the way without this script or when the file
// cannot be read. Entries are made with createElement and textContent: no data reaches innerHTML.
(function () {
  "use strict";
  var files = {};

  function load(src) {
    if (!files[src]) {
      files[src] = fetch(src).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + src);
        return response.json();
      });
      files[src].catch(function () { delete files[src]; });
    }
    return files[src];
  }

  function item(entry, root) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    var text = document.createElement("span");
    li.className = entry[2] ? "md-nav__item md-nav__item--pruned md-nav__item--nested" : "md-nav__item";
    a.className = "md-nav__link";
    a.href = new URL(entry[1], root).href;
    text.className = "md-ellipsis";
    text.textContent = entry[0];
    a.appendChild(text);
    if (entry[2]) {
      var icon = document.createElement("span");
      icon.className = "md-nav__icon md-icon";
      a.appendChild(icon);
    }
    li.appendChild(a);
    return li;
  }

  function showAll(link) {
    var list = link.closest("ul");
    var range = (link.getAttribute("data-so-nav-range") || "").split(" ").map(Number);
    var src = new URL(link.getAttribute("data-so-nav-src"), location.href);
    var root = new URL("../", src); // the list file is in _sodocs/, its addresses relative to the site
    var before = link.closest("li").classList.contains("so-nav-before");
    return load(src.href).then(function (lists) {
      var entries = lists[link.getAttribute("data-so-nav")];
      if (!list || !entries || range.length !== 2 || isNaN(range[0]) || isNaN(range[1])) throw new Error("list");
      var more = list.querySelectorAll(":scope > li.so-nav-more");
      var first = more.length && more[0].classList.contains("so-nav-before") ? more[0] : null;
      var last = more.length && !more[more.length - 1].classList.contains("so-nav-before") ?
        more[more.length - 1] : null;
      var head = document.createDocumentFragment();
      var tail = document.createDocumentFragment();
      entries.slice(0, range[0]).forEach(function (entry) { head.appendChild(item(entry, root)); });
      entries.slice(range[1]).forEach(function (entry) { tail.appendChild(item(entry, root)); });
      var focusHead = head.firstChild;
      var focusTail = tail.firstChild;
      if (first) list.replaceChild(head, first);
      if (last) list.replaceChild(tail, last);
      var target = before ? focusHead : focusTail;
      if (target) target.querySelector("a").focus();
    });
  }

  // Capture, before Material's instant navigation on the body sees the click.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || !(event.target instanceof Element)) return;
    var link = event.target.closest("a[data-so-nav]");
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    showAll(link).catch(function () { location.assign(link.href); });
  }, true);
})();
