/* DocFX tutorial pages: each step can be ticked off; progress lives in localStorage per tutorial.
 * When storage is unavailable the boxes still work for the visit, without memory. Text comes from the
 * page's data attributes (the site's language) and is only ever set as textContent. */
(function () {
  "use strict";

  var memory = {};
  var memoryOnly = false;
  var store = {
    get: function (key) {
      if (!memoryOnly) {
        try { return window.localStorage.getItem(key); } catch (e) { memoryOnly = true; }
      }
      return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
    },
    set: function (key, value) {
      memory[key] = value;
      if (memoryOnly) return;
      try { window.localStorage.setItem(key, value); } catch (e) { memoryOnly = true; }
    },
    remove: function (key) {
      delete memory[key];
      if (memoryOnly) return;
      try { window.localStorage.removeItem(key); } catch (e) { memoryOnly = true; }
    }
  };

  function load(key) {
    try {
      var value = JSON.parse(store.get(key) || "[]");
      return Array.isArray(value) ? value.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function initTutorial(root) {
    if (root.dataset.state === "ready") return;
    root.dataset.state = "ready";
    var key = root.dataset.storageKey || "so-tutorial";
    var ends = Array.prototype.slice.call(document.querySelectorAll(".so-tutorial__end[data-step]"));
    if (!ends.length) return;
    var ids = ends.map(function (end) { return end.dataset.step; });
    var wrap = el("div", { "class": "so-tutorial__progress" });
    var bar = el("progress", { max: String(ids.length), value: "0" });
    bar.setAttribute("aria-label", root.dataset.labelSteps || "");
    var status = el("span", { "class": "so-tutorial__status", "aria-live": "polite" });
    var reset = el("button", { type: "button", "class": "so-tutorial__reset" }, root.dataset.labelReset || "Reset");
    wrap.appendChild(bar);
    wrap.appendChild(status);
    wrap.appendChild(reset);
    root.appendChild(wrap);

    var boxes = ends.map(function (end) {
      var heading = document.getElementById(end.dataset.step);
      var label = el("label", { "class": "so-tutorial__done" });
      var box = el("input", { type: "checkbox", "class": "so-tutorial__box" });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + (root.dataset.labelDone || "Done")));
      if (heading) box.setAttribute("aria-describedby", heading.id);
      end.appendChild(label);
      return { box: box, heading: heading };
    });

    function update() {
      var done = load(key).filter(function (id) { return ids.indexOf(id) >= 0; });
      boxes.forEach(function (b, i) {
        b.box.checked = done.indexOf(ids[i]) >= 0;
        if (b.heading) b.heading.classList.toggle("so-tutorial__step--done", b.box.checked);
      });
      bar.value = done.length;
      status.textContent = (root.dataset.labelProgress || "{done} / {total}")
        .replace("{done}", String(done.length)).replace("{total}", String(ids.length));
    }

    document.addEventListener("change", function (event) {
      if (!event.target.classList || !event.target.classList.contains("so-tutorial__box")) return;
      store.set(key, JSON.stringify(ids.filter(function (id, i) { return boxes[i].box.checked; })));
      update();
    });
    reset.addEventListener("click", function () { store.remove(key); update(); });
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".so-tutorial"), initTutorial);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
