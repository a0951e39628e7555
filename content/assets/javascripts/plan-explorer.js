/* Plan explorer: choose a tier per solution, see what it is sold as and every feature it has.
 * Reads the plan data the build embeds (data-plans) and its words (data-ui, from data/ui.yml); no
 * feature list and no interface text lives in this file. Data reaches the page through textContent
 * only, never innerHTML.
 *
 * The page loads this script right after the explorer element, so the explorer is drawn before the
 * rest of the page is laid out; Material's instant navigation runs it again on each page it swaps in,
 * so it sets itself up once and then only starts the page in front of it. */
(function () {
  "use strict";

  if (window.soPlanExplorer) { window.soPlanExplorer.start(); return; }

  var NONE = "";

  /* data/ui.yml's texts and counts: "{name}" filled in; the form for one, then for other numbers. */
  function words(ui) {
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
    if (attrs) {
      Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fold(text) {
    /* case- and accent-insensitive: "Projekt" ~ "projekt", "é" ~ "e" */
    return text.toLocaleLowerCase(document.documentElement.lang || undefined).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function readChoice(data) {
    var params = new URLSearchParams(window.location.search);
    var choice = {};
    data.solutions.forEach(function (s) {
      var tier = params.get(s.id) || NONE;
      choice[s.id] = data.tiers.some(function (t) { return t.id === tier; }) ? tier : NONE;
    });
    return choice;
  }

  function choiceUrl(data, choice) {
    var params = new URLSearchParams(window.location.search);
    data.solutions.forEach(function (s) {
      if (choice[s.id]) params.set(s.id, choice[s.id]); else params.delete(s.id);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function findChoice(data, choice) {
    return data.choices.filter(function (c) {
      return data.solutions.every(function (s) { return (c.choice[s.id] || NONE) === (choice[s.id] || NONE); });
    })[0];
  }

  function plan(data, solutionId, tierId) {
    var solution = data.solutions.filter(function (s) { return s.id === solutionId; })[0];
    return solution.plans.filter(function (p) { return p.tier === tierId; })[0];
  }

  function groupedList(data, ids, container, headingLevel) {
    data.groups.forEach(function (group) {
      var inGroup = ids.filter(function (id) { return data.features[id].group === group.id; });
      if (!inGroup.length) return;
      container.appendChild(el("h" + headingLevel, { "class": "so-explorer__group" }, group.label));
      var list = el("ul");
      inGroup.forEach(function (id) { list.appendChild(el("li", null, data.features[id].label)); });
      container.appendChild(list);
    });
  }

  function init(root) {
    if (!root || !root.dataset.plans || root.dataset.state === "ready") return;
    var data = JSON.parse(root.dataset.plans);
    var w = words(JSON.parse(root.dataset.ui || "{}"));
    root.dataset.state = "ready";
    root.textContent = "";

    /* --- controls ------------------------------------------------------------------------ */
    var form = el("form", { "class": "so-explorer__form", "aria-label": w.text("explorer_form") });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    data.solutions.forEach(function (s) {
      var fieldset = el("fieldset", { "class": "so-explorer__solution" });
      fieldset.appendChild(el("legend", null, s.name));
      fieldset.appendChild(el("p", { "class": "so-explorer__audience" }, s.audience));
      var options = [{ id: NONE, name: w.text("no_tier") }].concat(data.tiers);
      options.forEach(function (t) {
        var id = "so-" + s.id + "-" + (t.id || "none");
        var label = el("label", { "for": id, "class": "so-explorer__option" });
        var input = el("input", { type: "radio", name: s.id, id: id, value: t.id });
        label.appendChild(input);
        label.appendChild(el("span", null, t.name));
        fieldset.appendChild(label);
      });
      form.appendChild(fieldset);
    });
    root.appendChild(form);

    var status = el("div", { "class": "so-explorer__result", role: "status", "aria-live": "polite" });
    root.appendChild(status);
    var features = el("div", { "class": "so-explorer__features" });
    root.appendChild(features);
    var upgrade = el("div", { "class": "so-explorer__upgrade" });
    root.appendChild(upgrade);

    /* --- feature finder ------------------------------------------------------------------ */
    var finder = el("div", { "class": "so-finder", role: "search", "aria-labelledby": "so-finder-heading" });
    finder.appendChild(el("h2", { id: "so-finder-heading" }, w.text("finder_heading")));
    var finderLabel = el("label", { "for": "so-finder-input" }, w.text("finder_label"));
    var finderInput = el("input", { type: "search", id: "so-finder-input", autocomplete: "off",
                                     "aria-describedby": "so-finder-count" });
    var finderCount = el("p", { id: "so-finder-count", "class": "so-finder__count", "aria-live": "polite" });
    var finderResults = el("ul", { "class": "so-finder__results", "aria-labelledby": "so-finder-heading" });
    finder.appendChild(finderLabel);
    finder.appendChild(finderInput);
    finder.appendChild(finderCount);
    finder.appendChild(finderResults);
    root.appendChild(finder);

    function basePlansWith(featureId) {
      var names = [];
      data.solutions.forEach(function (s) {
        s.plans.forEach(function (p) { if (p.features.indexOf(featureId) >= 0) names.push(p.name); });
      });
      return names;
    }

    function smallestChoiceWith(featureId) {
      /* fewest solutions first, then the lowest tiers, then the solutions' order */
      var rank = function (c) {
        var count = 0, tiers = 0;
        data.solutions.forEach(function (s) {
          var t = c.choice[s.id];
          if (t) { count += 1; tiers += data.tiers.map(function (x) { return x.id; }).indexOf(t) + 1; }
        });
        return count * 100 + tiers;
      };
      var candidates = data.choices.filter(function (c) {
        return c.kind !== "none" && c.kind !== "not-sold" && c.features.indexOf(featureId) >= 0;
      });
      candidates.sort(function (a, b) { return rank(a) - rank(b); });
      return candidates[0];
    }

    function search() {
      var query = fold(finderInput.value.trim());
      finderResults.textContent = "";
      if (!query) { finderCount.textContent = ""; return; }
      var matches = Object.keys(data.features).filter(function (id) {
        return fold(data.features[id].label).indexOf(query) >= 0;
      });
      finderCount.textContent = w.text("finder_found", { features: w.count(matches.length, "feature") });
      matches.forEach(function (id) {
        var item = el("li", { "class": "so-finder__item" });
        var button = el("button", { type: "button", "class": "so-finder__pick so-button" }, data.features[id].label);
        button.addEventListener("click", function () {
          var best = smallestChoiceWith(id);
          if (best) { apply(best.choice, true); form.querySelector("input:checked").focus(); }
        });
        item.appendChild(button);
        item.appendChild(el("span", { "class": "so-finder__plans" },
          w.text("finder_plans", { plans: basePlansWith(id).join(", ") })));
        finderResults.appendChild(item);
      });
    }
    finderInput.addEventListener("input", search);

    /* --- state --------------------------------------------------------------------------- */
    function render(choice) {
      data.solutions.forEach(function (s) {
        var input = form.querySelector('input[name="' + s.id + '"][value="' + (choice[s.id] || NONE) + '"]');
        if (input) input.checked = true;
      });
      var found = findChoice(data, choice);
      status.textContent = "";
      features.textContent = "";
      upgrade.textContent = "";
      if (!found || found.kind === "none") {
        status.appendChild(el("p", { "class": "so-explorer__prompt" }, w.text("explorer_prompt")));
        return;
      }
      var kindText = w.text({ base: "kind_base", combination: "kind_combination", "not-sold": "kind_not_sold" }[found.kind]);
      var name = el("p", { "class": "so-explorer__name" });
      name.appendChild(el("strong", { "data-testid": "plan-name" }, found.name));
      name.appendChild(document.createTextNode(" – " + w.text("explorer_result",
        { kind: kindText, features: w.count(found.features.length, "feature") })));
      status.appendChild(name);

      features.appendChild(el("h2", null, w.text("explorer_features")));
      groupedList(data, found.features, features, 3);

      var essentials = data.solutions.filter(function (s) { return choice[s.id] === "essential"; });
      if (essentials.length) {
        upgrade.appendChild(el("h2", null, w.text("explorer_upgrade")));
        essentials.forEach(function (s) {
          var premium = plan(data, s.id, "premium");
          if (!premium) return;
          var extra = premium.features.filter(function (id) { return found.features.indexOf(id) < 0; });
          upgrade.appendChild(el("h3", null, w.text("explorer_upgrade_plan",
            { plan: premium.name, features: w.count(extra.length, "feature") })));
          var list = el("ul");
          extra.forEach(function (id) { list.appendChild(el("li", null, data.features[id].label)); });
          upgrade.appendChild(list);
        });
      }
    }

    function apply(choice, push) {
      if (push) window.history.pushState({ soPlanExplorer: true }, "", choiceUrl(data, choice));
      render(choice);
    }

    form.addEventListener("change", function () {
      var choice = {};
      data.solutions.forEach(function (s) {
        var checked = form.querySelector('input[name="' + s.id + '"]:checked');
        choice[s.id] = checked ? checked.value : NONE;
      });
      apply(choice, true);
    });
    window.addEventListener("popstate", function () {
      if (document.body.contains(root)) render(readChoice(data));
    });
    render(readChoice(data));
  }

  function start() { init(document.getElementById("so-plan-explorer")); }

  window.soPlanExplorer = { start: start };
  start();
})();
