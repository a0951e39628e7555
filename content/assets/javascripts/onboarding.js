/* First-steps checklist and its progress summary. Progress lives in localStorage; when storage is
 * unavailable (private mode, blocked cookies) the list still works, only without memory. */
(function () {
  "use strict";

  /* Once storage refuses a read or a write, this page keeps the progress in memory only. */
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
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function progressText(done, total) {
    return done + " af " + total + " trin";
  }

  function progressBar(id) {
    var wrap = el("div", { "class": "so-progress" });
    var bar = el("progress", { id: id, max: "1", value: "0" });
    var text = el("span", { "class": "so-progress__text", "aria-live": "polite" });
    bar.setAttribute("aria-label", "Dine første trin");
    wrap.appendChild(bar);
    wrap.appendChild(text);
    return { wrap: wrap, bar: bar, text: text };
  }

  function initChecklist(root) {
    if (!root || root.dataset.state === "ready") return;
    root.dataset.state = "ready";
    var key = root.dataset.storageKey || "so-onboarding";
    var links = Array.prototype.slice.call(root.querySelectorAll("a[data-step]"));
    var ids = links.map(function (a) { return a.dataset.step; });
    var progress = progressBar("so-checklist-progress");
    var reset = el("button", { type: "button", "class": "so-button so-checklist__reset" }, "Nulstil mine trin");
    var boxes = links.map(function (link) {
      var item = link.closest("li");
      var box = el("input", { type: "checkbox", "class": "so-checklist__box", id: "so-step-" + link.dataset.step });
      box.setAttribute("aria-label", "Udført: " + link.textContent);
      item.insertBefore(box, item.firstChild);
      item.classList.add("so-checklist__item");
      return box;
    });

    function update() {
      var done = load(key).filter(function (id) { return ids.indexOf(id) >= 0; });
      boxes.forEach(function (box, i) {
        box.checked = done.indexOf(ids[i]) >= 0;
        box.closest("li").classList.toggle("so-checklist__item--done", box.checked);
      });
      progress.bar.max = ids.length;
      progress.bar.value = done.length;
      progress.text.textContent = progressText(done.length, ids.length);
    }

    root.addEventListener("change", function (event) {
      if (!event.target.classList.contains("so-checklist__box")) return;
      var done = ids.filter(function (id, i) { return boxes[i].checked; });
      store.set(key, JSON.stringify(done));
      update();
    });
    reset.addEventListener("click", function () { store.remove(key); update(); });
    root.insertBefore(progress.wrap, root.firstChild);
    root.appendChild(reset);
    update();
  }

  function initSummary(root) {
    if (!root || root.dataset.state === "ready") return;
    root.dataset.state = "ready";
    var ids = (root.dataset.steps || "").split(" ").filter(Boolean);
    var done = load(root.dataset.storageKey || "so-onboarding").filter(function (id) { return ids.indexOf(id) >= 0; });
    var progress = progressBar("so-summary-progress");
    progress.bar.max = ids.length;
    progress.bar.value = done.length;
    progress.text.textContent = "Du er nået " + progressText(done.length, ids.length) + " af din introduktion.";
    root.insertBefore(progress.wrap, root.firstChild);
  }

  function start() {
    initChecklist(document.getElementById("so-checklist"));
    Array.prototype.forEach.call(document.querySelectorAll(".so-progress-summary"), initSummary);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
