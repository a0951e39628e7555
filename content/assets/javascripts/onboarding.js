/* First-steps checklist and its progress summary. Progress lives in localStorage; when storage is
 * unavailable (private mode, blocked cookies) the list still works, only without memory.
 * Every word shown comes from the page (data-ui, made from data/ui.yml); none is written here.
 *
 * The pages load this script right after the list (and Material's instant navigation runs it again
 * on each page it swaps in), so it sets itself up once and then only starts the page in front of it. */
(function () {
  "use strict";

  if (window.soOnboarding) { window.soOnboarding.start(); return; }

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

  /* data/ui.yml's texts and counts: "{name}" filled in; the form for one, then for other numbers. */
  function words(root) {
    var ui = JSON.parse(root.dataset.ui || "{}");
    return {
      text: function (key, values) {
        return (ui.texts[key] || key).replace(/\{(\w+)\}/g, function (m, name) {
          return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
        });
      },
      count: function (n, word) {
        var forms = ui.counts[word];
        return n + " " + (Math.abs(n) === 1 ? forms[0] : forms[1]);
      }
    };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The bar and its text are in the page as built (zero done), so filling them in moves nothing. */
  function progressBar(root) {
    return { bar: root.querySelector(".so-progress progress"), text: root.querySelector(".so-progress__text") };
  }

  function initChecklist(root) {
    if (!root || root.dataset.state === "ready") return;
    root.dataset.state = "ready";
    var w = words(root);
    var key = root.dataset.storageKey || "so-onboarding";
    var links = Array.prototype.slice.call(root.querySelectorAll("a[data-step]"));
    var ids = links.map(function (a) { return a.dataset.step; });
    var progress = progressBar(root);
    var reset = root.querySelector(".so-checklist__reset");
    var boxes = links.map(function (link) {
      var item = link.closest("li");
      var box = el("input", { type: "checkbox", "class": "so-checklist__box", id: "so-step-" + link.dataset.step,
                              "aria-label": w.text("checklist_done", { step: link.textContent }) });
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
      progress.text.textContent = w.text("checklist_progress",
        { done: done.length, steps: w.count(ids.length, "step") });
    }

    root.addEventListener("change", function (event) {
      if (!event.target.classList.contains("so-checklist__box")) return;
      var done = ids.filter(function (id, i) { return boxes[i].checked; });
      store.set(key, JSON.stringify(done));
      update();
    });
    reset.addEventListener("click", function () { store.remove(key); update(); });
    update();
  }

  function initSummary(root) {
    if (!root || root.dataset.state === "ready") return;
    root.dataset.state = "ready";
    var w = words(root);
    var ids = (root.dataset.steps || "").split(" ").filter(Boolean);
    var done = load(root.dataset.storageKey || "so-onboarding").filter(function (id) { return ids.indexOf(id) >= 0; });
    var progress = progressBar(root);
    progress.bar.max = ids.length;
    progress.bar.value = done.length;
    progress.text.textContent = w.text("checklist_summary", { done: done.length, steps: w.count(ids.length, "step") });
  }

  function start() {
    initChecklist(document.getElementById("so-checklist"));
    Array.prototype.forEach.call(document.querySelectorAll(".so-progress-summary"), initSummary);
  }

  window.soOnboarding = { start: start };
  start();
})();
