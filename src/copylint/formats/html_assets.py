"""The HTML report's stylesheet and script, with the CSP hashes that allow exactly these two and nothing else."""

from __future__ import annotations

import base64
import hashlib

# Colours meet WCAG AA (4.5:1) for text in both schemes: in light mode badges are white on a dark hue and
# highlights dark text on a pale hue; in dark mode (prefers-color-scheme) the reverse. Severity is also told apart without colour (solid / dashed / dotted underline) for colour-blind readers.
CSS = """
:root { color-scheme: light dark; --bg: #fff; --fg: #1a1a1a; --muted: #4d4d4d; --line: #d0d7de; --bg-soft: #f6f8fa;
  --error: #b3261e; --error-bg: #fde0dd; --warning: #8a5300; --warning-bg: #fff0b3;
  --info: #1d5fa8; --info-bg: #dbeafe; --cat: #3f4a5a; --focus: #0b57d0; --on-badge: #fff; --track: #eef1f4;
  --multi: rgba(0, 0, 0, .07); }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1419; --fg: #e6e9ed; --muted: #a9b1ba; --line: #3a4450; --bg-soft: #182029;
    --error: #ffb4ab; --error-bg: #5c1a16; --warning: #f5c451; --warning-bg: #4a3500;
    --info: #9ccaff; --info-bg: #12355e; --cat: #c3ccd8; --focus: #8ab4f8; --on-badge: #0f1419; --track: #26303b;
    --multi: rgba(255, 255, 255, .1); }
}
* { box-sizing: border-box; }
html { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg);
  background: var(--bg); scroll-padding-top: 1rem; }
body { margin: 0 auto; max-width: 72rem; padding: 0 1.25rem 3rem; }
a { color: var(--focus); }
a:focus-visible, input:focus-visible, summary:focus-visible, button:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
h1 { font-size: 1.6rem; margin: 1.5rem 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
code, .src { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem; }
.skip:focus { left: .5rem; }
.meta, .muted { color: var(--muted); }
.stats { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; padding: 0; }
.stats div { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .9rem; min-width: 8rem; }
.stats dt { color: var(--muted); font-size: .85rem; }
.stats dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
.charts { margin-top: 1rem; display: grid; grid-template-columns: repeat(auto-fit, minmax(min(20rem, 100%), 1fr));
  gap: 1rem 2rem; }
.wide { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; font-size: .85rem; color: var(--muted); }
td.n { text-align: right; font-variant-numeric: tabular-nums; width: 3.5rem; }
td.bar { width: 45%; }
td.words { min-width: 10rem; }
svg.bar { display: block; width: 100%; height: .9rem; }
.fill-error { fill: var(--error); } .fill-warning { fill: var(--warning); } .fill-info { fill: var(--info); }
.fill-cat { fill: var(--cat); } .track { fill: var(--track); }
.badge { display: inline-block; border-radius: .25rem; padding: 0 .4rem; font-size: .8rem; font-weight: 600;
  color: var(--on-badge); background: var(--cat); }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); }
.badge.sev-info { background: var(--info); }
details > summary { cursor: pointer; }
details > summary h3 { display: inline; }
figure { margin: 0; }
figcaption h3 { margin-top: .5rem; }
tbody.group th { padding-top: .9rem; color: var(--fg); font-size: .9rem; }
table.index td:nth-child(3) { white-space: nowrap; }
.toolbar { background: var(--bg); padding: .5rem 0 .25rem; border-bottom: 1px solid var(--line); z-index: 5; }
@media screen and (min-height: 640px) and (min-width: 48rem) {
  .toolbar { position: sticky; top: 0; }
  html { scroll-padding-top: 9rem; }
}
#filters { border: 1px solid var(--line); border-radius: .5rem; padding: .4rem 1rem; margin: 0 0 .4rem;
  background: var(--bg-soft); display: flex; flex-wrap: wrap; gap: .25rem 2rem; align-items: center; }
#filters[hidden] { display: none; }
#filters fieldset { border: 0; margin: 0; padding: 0; }
#filters legend { float: left; font-weight: 600; padding: 0; margin-right: .75rem; }
#filters label { margin-right: .9rem; white-space: nowrap; }
#filters output { color: var(--muted); font-size: .9rem; }
#filters button, button.copy-fix { font: inherit; font-size: .9rem; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: .35rem; padding: .1rem .6rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; font-size: .85rem; }
.file { border-top: 2px solid var(--line); margin-top: 2rem; }
.file h2 { word-break: break-all; }
.copy, .src { border: 1px solid var(--line); border-radius: .5rem; background: var(--bg); padding: .5rem 0; }
.src { font-size: .9rem; overflow-x: auto; }
.line, .para { display: flex; }
.line .no, .para .no { flex: none; width: 4rem; padding-right: .75rem; text-align: right; color: var(--muted);
  user-select: none; }
.para .no { font-size: .8rem; padding-top: .15rem; font-family: ui-monospace, Menlo, Consolas, monospace; }
.line .no::before, .para .no::before { content: attr(data-n); }
.line .tx { flex: 1; white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; min-height: 1.5em;
  padding-right: .75rem; }
.para .tx { flex: 1; margin: 0 0 .6rem; white-space: pre-line; overflow-wrap: anywhere; padding-right: .75rem;
  max-width: 46rem; }
.para.scope-heading .tx { font-weight: 700; font-size: 1.1rem; }
.para.scope-list .tx::before { content: "\\2022\\00a0"; color: var(--muted); }
.para.scope-quote .tx { border-left: 3px solid var(--line); padding-left: .75rem; font-style: italic; }
.para .scope { font-size: .75rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.line.flagged .no, .para.flagged .no { color: var(--fg); font-weight: 600; }
.gap > summary { color: var(--muted); padding: .15rem 0 .15rem 4.75rem; font-size: .85rem; }
.source-view { margin-top: .75rem; }
.source-view > summary { padding: .3rem 0; font-weight: 600; }
mark.hl { color: inherit; background: transparent; border-bottom: 2px solid transparent; padding: .05em 0; }
mark.hl.sev-error { background: var(--error-bg); border-bottom: 2px solid var(--error); }
mark.hl.sev-warning { background: var(--warning-bg); border-bottom: 2px dashed var(--warning); }
mark.hl.sev-info { background: var(--info-bg); border-bottom: 2px dotted var(--info); }
mark.hl.multi { box-shadow: inset 0 -1.1em 0 var(--multi); font-weight: 600; }
mark.hl.doc { background: transparent; border-bottom-style: dotted; }
mark.hl.off { background: transparent; border-bottom-color: transparent; box-shadow: none; font-weight: inherit; }
mark.hl:target { outline: 2px solid var(--focus); }
sup.ref { font-size: .7em; line-height: 0; margin: 0 .1em; }
sup.ref a { text-decoration: none; font-weight: 600; padding: 0 .15em; border-radius: .2em; background: var(--bg-soft); }
.card { margin: .35rem .75rem .6rem 4.75rem; padding: .5rem .75rem; border: 1px solid var(--line);
  border-left: 4px solid var(--cat); border-radius: .35rem; background: var(--bg-soft);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: .9rem; white-space: normal;
  overflow-wrap: anywhere; }
.card.sev-error { border-left-color: var(--error); } .card.sev-warning { border-left-color: var(--warning); }
.card.sev-info { border-left-color: var(--info); }
.card:target, tr:target { outline: 3px solid var(--focus); }
.card header { display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; }
.card p { margin: .3rem 0; }
.card .num { font-weight: 700; }
.card .rewrite { font-style: italic; }
button.copy-fix { margin-left: .5rem; font-size: .8rem; padding: 0 .5rem; cursor: pointer; }
.card ul.refs { margin: .3rem 0; padding-left: 1.2rem; word-break: break-all; }
.card blockquote { margin: .3rem 0; padding: .3rem .75rem; border-left: 3px solid var(--line); background: var(--bg); }
.disclosures, .outside { margin: .5rem 0 1rem; }
.disclosures .card, .outside .card { margin-left: 0; }
.is-filtered { display: none !important; }
.errors li { color: var(--error); }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 48rem) {
  body { padding: 0 .6rem 2rem; }
  h1 { font-size: 1.3rem; }
  .stats div { min-width: 0; flex: 1 1 6.5rem; padding: .4rem .6rem; }
  .line .no, .para .no { width: 2.2rem; padding-right: .4rem; }
  .para .tx, .line .tx { padding-right: .4rem; }
  .card { margin: .35rem 0 .6rem .6rem; }
  .gap > summary { padding-left: 2.6rem; }
  #filters { padding: .4rem .6rem; gap: .25rem 1rem; }
  td.bar { width: 35%; }
  table.index th:nth-child(6), table.index td:nth-child(6), table.rules th:nth-child(2), table.rules td:nth-child(2) {
    display: none; }
}
@media print {
  html { font-size: 10pt; scroll-padding-top: 0; }
  body { max-width: none; padding: 0; }
  .toolbar, .skip, sup.ref, .source-view, .to-source, button.copy-fix { display: none !important; }
  .file { break-before: page; border-top: 0; }
  .card, .line, .para, tr { break-inside: avoid; }
  .src, .copy { border: 0; overflow: visible; }
  mark.hl, .badge, svg, .card { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
}
"""

# Data is read from the DOM (data-* attributes), so the script text never changes and its hash is stable.
# Errors are recorded on <html data-script-error> so the browser test can see them.
SCRIPT = """
(function () {
  var root = document.documentElement;
  function all(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var p = el && el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; }
    }
    if (el) { el.scrollIntoView(); }
  }
  function copyButtons() {
    all(".rewrite").forEach(function (el) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "copy-fix"; b.textContent = "Copy";
      b.setAttribute("aria-label", "Copy the suggested rewrite");
      b.addEventListener("click", function () {
        var text = el.textContent, done = function () { b.textContent = "Copied"; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { b.textContent = "Select and copy"; });
        } else {
          var range = document.createRange(); range.selectNodeContents(el);
          var sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
          b.textContent = document.execCommand("copy") ? "Copied" : "Press Ctrl+C";
        }
      });
      el.parentNode.insertBefore(b, el.nextSibling);
    });
  }
  function padForToolbar() {
    var bar = document.querySelector(".toolbar");
    var sticky = bar && getComputedStyle(bar).position === "sticky";
    root.style.scrollPaddingTop = sticky ? (bar.offsetHeight + 12) + "px" : "";
  }
  try {
    var form = document.getElementById("filters");
    var boxes = form ? all("input[type=checkbox]", form) : [];
    var meta = {};
    var items = all("[data-sev][data-cat]");
    items.forEach(function (el) {
      if (el.id && el.id.indexOf("f-") === 0) { meta[el.id.slice(2)] = el; }
    });
    var marks = all("mark.hl[data-f]");
    var refs = all("sup.ref[data-f]");
    var rank = { error: 3, warning: 2, info: 1 };
    var out = document.getElementById("shown");
    var total = Object.keys(meta).length;
    function visible(on, el) { return on["sev:" + el.dataset.sev] && on["cat:" + el.dataset.cat]; }
    function bump(tally, key) { tally[key] = (tally[key] || 0) + 1; }
    function setCount(cell, n) { if (cell) { cell.textContent = String(n); cell.dataset.count = String(n); } }
    function chart(rows, key, tally) {
      var top = 0;
      rows.forEach(function (r) { top = Math.max(top, tally[r.dataset[key]] || 0); });
      rows.forEach(function (r) {
        var n = tally[r.dataset[key]] || 0;
        setCount(r.querySelector("td.n"), n);
        var bar = r.querySelector("svg.bar rect:not(.track)");
        if (bar) { bar.setAttribute("width", String(top ? Math.round(10000 * n / top) / 100 : 0)); }
      });
    }
    function recount(on) {
      var sev = {}, cat = {}, rule = {}, file = {}, files = {}, n = 0;
      Object.keys(meta).forEach(function (k) {
        var c = meta[k];
        if (!visible(on, c)) { return; }
        n += 1; bump(sev, c.dataset.sev); bump(cat, c.dataset.cat); bump(rule, c.dataset.rule);
        bump(file, c.dataset.file + " " + c.dataset.sev); files[c.dataset.file] = 1;
      });
      function stat(key, value) { var dd = document.querySelector("dd[data-stat='" + key + "']"); if (dd) { dd.textContent = String(value); } }
      stat("findings", n); stat("files-flagged", Object.keys(files).length);
      ["error", "warning", "info"].forEach(function (s) { stat(s, sev[s] || 0); });
      chart(all("tr[data-sev-row]"), "sevRow", sev);
      chart(all("tr[data-cat-row]"), "catRow", cat);
      all("tr[data-rule]").forEach(function (r) { setCount(r.querySelector("td.n"), rule[r.dataset.rule] || 0); });
      all("tr[data-file-row]").forEach(function (r) {
        all("td[data-sev-col]", r).forEach(function (td) { setCount(td, file[r.dataset.fileRow + " " + td.dataset.sevCol] || 0); });
      });
      if (out) { out.textContent = "Showing " + n + " of " + total + " findings"; }
    }
    function apply() {
      var on = {};
      boxes.forEach(function (b) { on[b.name + ":" + b.value] = b.checked; });
      items.forEach(function (el) { el.classList.toggle("is-filtered", !visible(on, el)); });
      refs.forEach(function (el) {
        var card = meta[el.dataset.f];
        el.classList.toggle("is-filtered", !(card && visible(on, card)));
      });
      marks.forEach(function (m) {
        var best = "", shown = 0, doc = true;
        m.dataset.f.split(" ").forEach(function (n) {
          var card = meta[n];
          if (!card || !visible(on, card)) { return; }
          shown += 1;
          if (card.dataset.doc !== "1") { doc = false; }
          if (!best || rank[card.dataset.sev] > rank[best]) { best = card.dataset.sev; }
        });
        m.classList.remove("sev-error", "sev-warning", "sev-info", "off", "multi", "doc");
        m.classList.add(best ? "sev-" + best : "off");
        if (shown > 1) { m.classList.add("multi"); }
        if (best && doc) { m.classList.add("doc"); }
      });
      if (form) { recount(on); }
    }
    if (form) {
      form.hidden = false;
      form.addEventListener("change", apply);
      form.addEventListener("reset", function () { setTimeout(apply, 0); });
    }
    apply();
    copyButtons();
    padForToolbar();
    window.addEventListener("resize", padForToolbar);
    window.addEventListener("hashchange", reveal);
    if (location.hash) { reveal(); }
    root.setAttribute("data-ready", "1");
  } catch (err) {
    root.setAttribute("data-script-error", String((err && err.message) || err));
  }
})();
"""


def csp_hash(text: str) -> str:
    """The CSP source expression ('sha256-...') that allows exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# No network at all: the report must work offline from disk, and a hostile draft cannot load anything.
CSP = (
    f"default-src 'none'; style-src {csp_hash(CSS)}; script-src {csp_hash(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)
