"""`copylint rules` and `copylint explain`: what the rules are and why they exist."""
from __future__ import annotations

import json
import os
import textwrap

import click

from ..cli import _csv, cli
from ..errors import CopylintError


def _config_options(fn):
    """--rules, --config and --isolated, as `copylint check` has them."""
    fn = click.option("--isolated", is_flag=True, help="Ignore all config files.")(fn)
    fn = click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
                      help="Use this config file instead of the one found from the current folder.")(fn)
    return click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), metavar="DIR",
                        help="Extra folder of YAML rule packs (repeatable).")(fn)


@cli.command("rules")
@_config_options
@click.option("--select", multiple=True, metavar="IDS", help="Only these rules or packs, comma-separated.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def rules_cmd(rules_dirs, config_file, isolated, select, fmt):
    """List every rule (the project's configured packs included): id, category, severity, what it reports."""
    from ..config import rule_matches

    rules = [r for r in _all_rules(rules_dirs, config_file, isolated)
             if not select or rule_matches(r.id, _csv(select))]
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "kind": r.kind, "category": r.category, "severity": r.severity,
                                "message": r.message, "disclaimer": r.disclaimer} for r in rules], indent=2))
        return
    width = max((len(r.id) for r in rules), default=10)
    for r in rules:
        click.echo(f"{r.id:<{width}}  {r.category:<18} {r.severity:<7}  {r.message.splitlines()[0]}")


@cli.command()
@click.argument("rule_id")
@_config_options
def explain(rule_id, rules_dirs, config_file, isolated):
    """Show a rule's documentation (the project's configured packs included): why, what to write
    instead, references, examples."""
    from ..config import did_you_mean, rule_matches

    rules = _all_rules(rules_dirs, config_file, isolated)
    found = [r for r in rules if r.id == rule_id] or [r for r in rules if rule_matches(r.id, (rule_id,))]
    if not found:
        names = {name for r in rules for name in (r.id, r.id.split(".", 1)[-1])}
        raise CopylintError(f"unknown rule '{rule_id}'{did_you_mean(rule_id, names)} (see 'copylint rules')")
    for i, r in enumerate(found):
        if i:
            click.echo("")
        click.echo(_explain_text(r))


def _all_rules(rules_dirs, config_file=None, isolated=False) -> list:
    """The rule packs `copylint check` would load here (the config found from the current folder,
    or --config, and --rules), plus copylint's own suppression rules."""
    from ..api import get_ruleset
    from ..config import Resolver
    from ..suppress import meta_rules

    if config_file and isolated:
        raise CopylintError("--config and --isolated cannot be used together")
    resolver = Resolver(config_file=config_file, isolated=isolated, rules_dirs=tuple(rules_dirs))
    config = resolver.for_path(os.path.join(os.getcwd(), ".copylint.yaml"))  # the current folder's config
    return list(get_ruleset(config).rules) + list(meta_rules().values())


def _explain_text(r) -> str:
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    out = [f"{r.id}  ({r.category}, {r.severity})", "", r.message]
    if r.disclaimer:
        out.append(f"Disclosure kind: {r.disclaimer}")
    if r.description:
        out += ["", "Why:", *wrap.wrap(r.description)]
    if r.suggestion:
        from ..engine import fill_placeholders

        out += ["", "Write instead:", *wrap.wrap(fill_placeholders(r.suggestion))]
    if r.frames:
        out += ["", "Claim frames (slots are filled from the vocabulary lists named in braces):",
                *(f"  {f}" for f in r.frames), *_list_samples(r)]
    if r.answers:
        out += ["", "FAQ replies: a question (ending in '?') matching", f"  {r.answers[0].pattern}",
                "answered, at the start of the next sentence, by", f"  {r.answers[1].pattern}"]
    ctx = ", ".join(f"{k}={v}" for k, v in r.context.items()) if r.kind in ("pattern", "frame") else ""
    if ctx:
        out += ["", f"Context handling: {ctx}"]
    for label, key in (("Flagged:", "fail"), ("Not flagged:", "pass")):
        if r.examples.get(key):
            out += ["", label, *(f"  - {e}" for e in r.examples[key])]
    if r.references:
        out += ["", "References:", *(f"  {u}" for u in r.references)]
    out += ["", f"Defined in {r.source}"]
    return "\n".join(out)


def _list_samples(r) -> list[str]:
    """The lists a rule's frames use, each with a few of its words."""
    from ..frames import BUILTIN, parse
    from ..rulepack import load_rules

    vocab = load_rules().vocab
    lists = vocab.lists
    names = sorted({n for f in r.frames for kind, ns, _, _ in parse(f, r.id) if kind == "slot" for n in ns})
    out = ["", "Lists:"]
    for name in names:
        if name in BUILTIN and name not in lists:
            out.append(f"  {name}: (built in) figures and number words")
            continue
        words = vocab.lemmas.get(name) or lists.get(name, [])
        kind = "lemmas, each inflected" if name in vocab.lemmas else "words"
        sample = ", ".join(words[:8]) + (f", ... ({len(words)} {kind})" if len(words) > 8 else f" ({kind})")
        out.append(f"  {name}: {sample}")
    return out
