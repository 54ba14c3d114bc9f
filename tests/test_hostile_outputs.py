"""Hostile outputs: reports on huge lines, odd file names, special targets (issue 12, points 11b, 15-18, 20)."""
from __future__ import annotations

from click.testing import CliRunner

from copylint.cli import cli
from copylint.formats import full

CLAIM = "Our exosome therapy is FDA-approved."


def test_full_format_on_a_minified_page_lays_out_only_what_it_shows(tmp_path, monkeypatch):
    chunk = f"<span>{CLAIM}</span>" + "<i>Parking behind the building on weekdays.</i>" * 20
    page = tmp_path / "min.html"
    page.write_text("<html><body>" + chunk * 200 + "</body></html>")
    laid_out = []
    real = full.layout
    monkeypatch.setattr(full, "layout", lambda line: laid_out.append(len(line)) or real(line))
    r = CliRunner().invoke(cli, ["check", "--isolated", "--format", "full", str(page)])
    assert r.exit_code == 1
    claims = [line for line in r.stdout.splitlines() if "[regulatory.fda-approved]" in line]
    assert len(claims) == 200
    # Each excerpt shows the claim with an ellipsis on both sides, and the carets sit under it.
    lines = r.stdout.splitlines()
    i = lines.index(claims[100])
    source, carets = lines[i + 2], lines[i + 3]
    assert "\u2026" in source and source.rstrip().endswith("\u2026")
    start = carets.index("^")
    assert source[start:start + len("FDA-approved")] == "FDA-approved"
    # Linear work: a bounded slice per finding, not the 200 KB line 200 times (that took 29 s).
    assert max(laid_out) <= 2 * full.SLICE + len("FDA-approved") and sum(laid_out) < 400_000
