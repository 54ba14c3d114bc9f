"""Hostile outputs: reports on huge lines, odd file names, special targets (issue 12, points 11b, 15-18, 20)."""
from __future__ import annotations

import json

import pytest
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


def run(*args: str, input=None):
    return CliRunner().invoke(cli, ["check", "--isolated", *args], input=input, catch_exceptions=False)


def draft(tmp_path, name: str | bytes = "page.md", text: str = CLAIM):
    import os

    path = os.path.join(os.fsencode(tmp_path), os.fsencode(name))
    with open(path, "w") as fh:
        fh.write(text + "\n")
    return os.fsdecode(path)


FORMATS = ["text", "json", "jsonl", "github", "sarif", "junit", "full", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_undecodable_file_names_give_valid_utf8_in_every_format(tmp_path, fmt):
    import os

    path = draft(tmp_path, b"bad\xff\xfe.md")
    out = tmp_path / f"report.{fmt}"
    r = run("--format", fmt, "--output", str(out), path)
    assert r.exit_code == 1 and "internal error" not in r.stderr, r.stderr
    body = out.read_bytes().decode("utf-8")  # valid UTF-8 (it raised UnicodeEncodeError before)
    if fmt in ("json", "jsonl"):
        rows = [json.loads(line) for line in body.splitlines()] if fmt == "jsonl" else json.loads(body)
        assert {os.fsencode(row["path"]) for row in rows} == {os.fsencode(path)}  # the exact bytes back
    elif fmt == "sarif":
        assert "bad%FF%FE.md" in body
    elif fmt == "text":
        assert "bad\\xff\\xfe.md" in body
    else:
        assert "bad\ufffd\ufffd.md" in body


def test_sarif_on_stdout_with_an_undecodable_file_name(tmp_path):
    r = run("--format", "sarif", draft(tmp_path, b"bad\xff.md"))
    assert r.exit_code == 1 and "internal error" not in r.stderr and "bad%FF.md" in r.stdout


def test_file_names_cannot_forge_lines_or_workflow_commands(tmp_path):
    (tmp_path / "a").mkdir()
    draft(tmp_path / "a", "x\n::stop-commands::token\n.md")
    (tmp_path / "a" / "logo\n::error::forged.md").write_bytes(b"\x89PNG\x00\x00")
    for fmt in ("text", "github"):
        r = run("--format", fmt, str(tmp_path / "a"))
        for stream in (r.stdout, r.stderr):
            assert not any(line.startswith("::") and "forged" in line or line.startswith("::stop-commands")
                           for line in stream.splitlines()), stream
        if fmt == "text":  # one line per finding, the name escaped
            assert all("x\\n::stop-commands::token\\n.md:" in line for line in r.stdout.splitlines())
    assert "logo\\n::error::forged.md: binary file" in r.stderr


def test_a_full_disk_on_stdout_is_one_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).with_name("copylint")
    with open("/dev/full", "w") as full_disk:
        proc = subprocess.run([str(script), "check", "--isolated", draft(tmp_path)], stdout=full_disk,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[0] == "copylint: cannot write the report to stdout: No space left on device"
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


def test_output_to_a_fifo_writes_into_it_and_keeps_it(tmp_path):
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    r = run("--format", "json", "--output", str(fifo), draft(tmp_path))
    reader.join(30)
    assert r.exit_code == 1 and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(got[0])[0]["path"].endswith("page.md")


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    import os

    target = tmp_path / "reports" / "latest.txt"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    r = run("--output", str(link), draft(tmp_path))
    assert r.exit_code == 1 and link.is_symlink() and os.readlink(link) == str(target)
    assert "regulatory.fda-approved" in target.read_text()


def test_reports_honor_the_umask_and_keep_an_existing_mode(tmp_path):
    import os
    import stat

    page = draft(tmp_path)
    old = os.umask(0o077)
    try:
        run("--output", str(tmp_path / "new.txt"), page)
        run("--write-baseline", str(tmp_path / "base.json"), page)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "base.json").stat().st_mode) == 0o600
    (tmp_path / "shared.txt").write_text("")
    os.chmod(tmp_path / "shared.txt", 0o640)
    run("--output", str(tmp_path / "shared.txt"), page)
    assert stat.S_IMODE((tmp_path / "shared.txt").stat().st_mode) == 0o640


def test_no_named_temporary_file_exists_while_the_report_is_written(tmp_path, monkeypatch):
    import os

    seen = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: seen.append(sorted(os.listdir(tmp_path / "out"))) or real_fsync(fd))
    (tmp_path / "out").mkdir()
    run("--output", str(tmp_path / "out" / "r.txt"), draft(tmp_path))
    assert seen and all(not any(n.startswith(".copylint-") for n in names) for names in seen), seen
    assert os.listdir(tmp_path / "out") == ["r.txt"]


@pytest.mark.parametrize("option", ["--output", "--baseline", "--config", "--write-baseline", "--stdin-filename"])
def test_empty_file_options_are_usage_errors(tmp_path, option):
    r = CliRunner().invoke(cli, ["check", option, "", draft(tmp_path)])
    assert r.exit_code == 2 and "must not be empty" in r.stderr, r.stderr


def test_output_never_replaces_the_baseline_config_or_a_rule_pack(tmp_path):
    page = draft(tmp_path)
    base = tmp_path / "base.json"
    assert run("--write-baseline", str(base), page).exit_code == 0
    before = base.read_text()
    r = run("--baseline", str(base), "--output", str(base), page)
    assert r.exit_code == 2 and "read by this run" in r.stderr and base.read_text() == before
    cfg = tmp_path / "c.yaml"
    cfg.write_text("ignore: [hype]\n")
    r = CliRunner().invoke(cli, ["check", "--config", str(cfg), "--output", str(cfg), page])
    assert r.exit_code == 2 and cfg.read_text() == "ignore: [hype]\n"
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "vocabulary.yaml").write_text("lists:\n  therapy: [GlowCell]\n")
    for option in ("--output", "--write-baseline"):
        r = run("--rules", str(packs), option, str(packs / "vocabulary.yaml"), page)
        assert r.exit_code == 2 and "GlowCell" in (packs / "vocabulary.yaml").read_text()
    assert run("--baseline", str(base), "--write-baseline", str(base), page).exit_code == 0  # shrinking is fine


def test_write_baseline_for_a_subfolder_keeps_the_other_entries(tmp_path):
    site = tmp_path / "site"
    (site / "blog").mkdir(parents=True)
    draft(site, "home.md")
    draft(site / "blog", "post.md")
    base = tmp_path / "base.json"
    assert run("--write-baseline", str(base), str(site)).exit_code == 0
    paths = {e["path"] for e in json.loads(base.read_text())["findings"]}
    assert paths == {"site/home.md", "site/blog/post.md"}
    (site / "blog" / "post.md").write_text(CLAIM + "\n" + "No side effects!\n")
    assert run("--write-baseline", str(base), str(site / "blog")).exit_code == 0
    rows = json.loads(base.read_text())["findings"]
    assert {e["path"] for e in rows} == paths
    assert run("--baseline", str(base), str(site)).exit_code == 0


def test_error_messages_do_not_echo_huge_values(tmp_path):
    r = CliRunner().invoke(cli, ["check", "--isolated", "--select", "x" * 100_000, draft(tmp_path)])
    assert r.exit_code == 2 and len(r.stderr) < 2000, len(r.stderr)
    cfg = tmp_path / "c.yaml"
    cfg.write_text("fail-on: " + "y" * 100_000 + "\n")
    r = CliRunner().invoke(cli, ["check", "--config", str(cfg), draft(tmp_path)])
    assert r.exit_code == 2 and "c.yaml" in r.stderr and len(r.stderr) < 2000, len(r.stderr)
