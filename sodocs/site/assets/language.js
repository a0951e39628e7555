// The header's language switcher (site_overrides/partials/alternate.html), for sites with several languages.
//
// Material's instant navigation swaps the page's content but keeps the header, so two things are done here:
// - a link into another language (the switcher's, or one in the text) loads that page in full, so that the
//   header, <html lang>, the theme's words and the search index are the new page's language;
// - after each instant navigation within a language, the switcher's links are set from the new page's
//   translations, which Material has copied into the head as <link rel="alternate" hreflang>. A language the
//   page has no translation in links to that language's home page and says so.
// Only attributes and textContent-free toggles are touched: no data reaches innerHTML.
(function () {
  "use strict";
  var box = document.querySelector(".so-language");
  if (!box) return;
  var codes = (box.getAttribute("data-so-languages") || "").split(" ");
  var fallback = box.getAttribute("data-so-default");
  var root = new URL(box.getAttribute("data-so-home") || ".", location.href);
  var homes = {};
  box.querySelectorAll("a[data-so-language]").forEach(function (a) {
    homes[a.getAttribute("data-so-language")] = new URL(a.getAttribute("data-so-home-url"), location.href).href;
  });

  function languageOf(url) {
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    var first = url.pathname.slice(root.pathname.length).split("/")[0];
    return codes.indexOf(first) >= 0 ? first : fallback;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || !(event.target instanceof Element)) return;
    var link = event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download")) return;
    var url = new URL(link.href, location.href);
    var to = languageOf(url);
    if (to === null || to === document.documentElement.lang) return;
    event.preventDefault();
    event.stopPropagation(); // before Material's listener on the body, which would swap the content only
    location.assign(url.href);
  }, true);

  function update() {
    var own = document.documentElement.lang;
    var translations = {};
    document.querySelectorAll("link[hreflang]").forEach(function (link) {
      if (link.relList.contains("alternate")) translations[link.hreflang] = link.href;
    });
    translations[own] = location.href.split("#")[0];
    box.querySelectorAll("a[data-so-language]").forEach(function (a) {
      var code = a.getAttribute("data-so-language");
      var translated = Object.prototype.hasOwnProperty.call(translations, code);
      a.href = translated ? translations[code] : homes[code];
      if (code === own) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
      var note = a.querySelector(".so-language__note");
      if (note) note.hidden = translated;
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(update);
  } else {
    update();
  }
})();
