// Test probe for tests/test_browser.py, injected into a copy of a report after the report's own script.
// It follows every in-page link as a reader would (a fragment navigation), measures where the target lands,
// reads contrast and layout, exercises the filters, and posts the results as JSON to the wrapper page.
(function () {
  var out = { width: innerWidth, height: innerHeight, dark: matchMedia("(prefers-color-scheme: dark)").matches };
  function all(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function send() { parent.postMessage(JSON.stringify(out), "*"); }
  function rgb(s) {
    var m = (s.match(/[\d.]+/g) || ["0", "0", "0", "0"]).map(Number);
    return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 };
  }
  function lum(c) {
    return [c.r, c.g, c.b].map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }).reduce(function (acc, v, i) { return acc + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function background(el) {
    for (; el; el = el.parentElement) {
      var c = rgb(getComputedStyle(el).backgroundColor);
      if (c.a > 0.5) { return c; }
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  }
  function contrast(el) {
    var a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  function shown(el) { return el.getClientRects().length > 0; }
  try {
    var mode = location.search.slice(1);
    out.copyViews = all("div.copy").filter(shown).length;
    out.openSources = all("details.source-view").filter(function (d) { return d.open; }).length;
    out.background = getComputedStyle(document.documentElement).backgroundColor;
    out.contrast = {};
    ["p.tx", ".line .tx", ".line .no", ".para .no", ".muted", ".badge", "mark.hl", ".card p", "a", "th", "td",
      "label", "legend", "summary", "footer", "dd", "dt", "code", "#filters button", "button.copy-fix"].forEach(function (sel) {
      var worst = null;
      all(sel).filter(shown).forEach(function (el) {
        var c = contrast(el);
        if (worst === null || c < worst) { worst = c; }
      });
      out.contrast[sel] = worst;
    });
    if (mode === "filters") {
      var info = document.querySelector("#filters input[value=info]");
      info.checked = false;
      info.dispatchEvent(new Event("change", { bubbles: true }));
      function stats() {
        var s = {};
        all("dd[data-stat]").forEach(function (dd) { s[dd.dataset.stat] = Number(dd.textContent); });
        all("tr[data-sev-row]").forEach(function (r) { s["row:" + r.dataset.sevRow] = Number(r.querySelector("td.n").textContent); });
        s.shown = document.getElementById("shown").textContent;
        s.visibleCards = all("article.card").filter(shown).length;
        return s;
      }
      out.filtered = stats();
      document.getElementById("filters").reset();
      setTimeout(function () { out.reset = stats(); send(); }, 50);
      return;
    }
    var bar = document.querySelector(".toolbar");
    out.links = all("a[href^='#']").map(function (a) {
      var id = a.getAttribute("href").slice(1);
      history.replaceState(null, "", location.pathname + location.search);
      window.scrollTo(0, 0);
      location.hash = "#" + id;
      var target = document.getElementById(id);
      if (!target) { return { id: id, missing: true }; }
      var r = target.getBoundingClientRect();
      var sticky = getComputedStyle(bar).position === "sticky";
      return {
        id: id, top: r.top, height: r.height, visible: shown(target) && r.height > 0,
        below: sticky ? bar.getBoundingClientRect().bottom : 0, target: target.matches(":target")
      };
    });
    out.scrollWidth = document.documentElement.scrollWidth;
    out.overflowing = all("body *").filter(function (el) {
      return el.getBoundingClientRect().right > innerWidth + 1 && !el.closest(".wide, .src");
    }).slice(0, 5).map(function (el) { return el.tagName + "." + el.className; });
  } catch (err) {
    out.error = String((err && err.message) || err);
  }
  send();
})();
