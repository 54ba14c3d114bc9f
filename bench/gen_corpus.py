"""Deterministic generator of a synthetic clinic content repo for copylint's benchmark.

The pages look like a med-spa website's Markdown sources: YAML front matter, headings, wrapped
paragraphs, lists, quotes, links, images, code fences, HTML comments and blocks, tables, curly
quotes and dashes. Most sentences are neutral clinic prose; some make the claims copylint
reports ("Our exosome therapy is FDA-approved."), some are the correct versions that must
pass ("There are no FDA-approved exosome products."). Same seed and size, same bytes.

    python bench/gen_corpus.py                 # every standard corpus under bench/corpus/
    python bench/gen_corpus.py --mb 25 --out /tmp/c25
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from pathlib import Path

GENERATOR_VERSION = 1
HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / "corpus"
SEED = 20240611

# name -> target megabytes (1 MB = 1,000,000 bytes); mean page ~12.5 KB, so 25 MB is ~2,000 files.
STANDARD = {"5mb": 5, "25mb": 25, "100mb": 100}
QUICK = {"1mb": 1, "5mb": 5, "10mb": 10}
DRAFT_NAME = "draft-5kb.md"
DRAFT_BYTES = 5_000

THERAPY = [
    "exosome therapy", "exosome treatment", "stem cell therapy", "PRP", "platelet-rich plasma",
    "PRF", "secretome serum", "peptide therapy", "regenerative injections", "microneedling with exosomes",
    "our exosome protocol", "cord-derived stem cell treatment", "PRP hair restoration",
]
THERAPY_PLURAL = ["exosomes", "stem cells", "PRP injections", "peptide injections", "growth factors",
                  "extracellular vesicles", "regenerative injections"]
CONDITION = ["hair loss", "thinning hair", "alopecia", "androgenetic alopecia", "male pattern baldness",
             "female pattern hair loss", "acne scars", "fine lines", "knee pain", "a receding hairline"]
APPROVED = ["minoxidil", "finasteride", "Rogaine", "Propecia", "a hair transplant"]
CITY = ["Austin", "Denver", "Miami", "Scottsdale", "Lahore", "Manchester", "Toronto", "Brisbane", "Dallas",
        "San Diego", "Karachi", "Leeds", "Calgary", "Perth", "Nashville"]
DOCTOR = ["Dr. Patel", "Dr. Nguyen", "Dr. Alvarez", "Dr. Okafor", "Dr. Smith", "Dr. Khan", "Dr. Rossi",
          "Dr. Kim", "Dr. Haddad", "Dr. Ward"]
CLINIC = ["Renew Aesthetics", "Crown Hair Clinic", "Lumen Med Spa", "Vita Regenerative", "Follicle Lab",
          "North Star Dermatology", "Bloom Skin Studio", "Apex Wellness"]
WEEKS = ["4", "6", "8", "12", "three", "six"]

# Claims a careful reviewer would flag.
VIOLATING = [
    "Our {therapy} is FDA-approved.",
    "{Therapy} is FDA approved for {condition}.",
    "We only use FDA-approved {plural} from a certified lab.",
    "Our {plural} are F.D.A. approved and backed by science.",
    "{Therapy} has received FDA clearance for {condition}.",
    "Our lab is FDA-registered, so you can trust that our {plural} are approved.",
    "{Therapy} is 100% safe.",
    "No side effects!",
    "The treatment is completely safe with no side effects.",
    "{Therapy} is risk-free \u2014 zero downtime, zero risk.",
    "Because {plural} are natural, they are perfectly safe for everyone.",
    "There are no contraindications for {therapy}.",
    "Guaranteed results or your money back!",
    "{Therapy} regrows hair in just {weeks} weeks.",
    "Clinically proven to stop {condition}.",
    "Our treatment delivers permanent results after a single session.",
    "{Therapy} cures {condition}.",
    "{Therapy} reverses {condition} for good.",
    "Works for every type of hair loss, every time.",
    "100% success rate in our {city} patients.",
    "{Therapy} is more effective than {approved}.",
    "Far better than {approved} \u2013 and without the side effects.",
    "The most advanced {therapy} in {city}, proven to work.",
    "A miracle cure for {condition}.",
    "\u201cIt\u2019s the only treatment that really works,\u201d says {doctor}.",
]

# Sentences that mention the same words but must pass: negations, hedges, disclosures, true statements.
CAREFUL = [
    "There are no FDA-approved exosome products.",
    "{Therapy} is not approved by the FDA for {condition}.",
    "The FDA has not approved {plural} for {condition}.",
    "Minoxidil is FDA-approved for androgenetic alopecia.",
    "Finasteride is an FDA-approved oral medication for male-pattern hair loss.",
    "Results vary.",
    "Individual results vary and are not guaranteed.",
    "Side effects can include redness, swelling and bruising at the injection site.",
    "Like any injection, {therapy} carries a risk of infection, pain or an allergic reaction.",
    "Some patients may notice thicker hair after several months.",
    "Studies are ongoing, and there is no guarantee of results.",
    "This page is for general information and is not medical advice.",
    "Talk to a board-certified dermatologist before starting any treatment for {condition}.",
    "No treatment is risk-free; ask {doctor} about side effects.",
    "The long-term safety of {plural} is not yet known.",
    "Unlike {approved}, which is FDA-approved, {therapy} has no FDA approval.",
]

NEUTRAL = [
    "Book a consultation with {doctor} at our {city} clinic.",
    "Parking is available behind the building on weekdays.",
    "Our team has welcomed patients since {year}.",
    "A typical session of {therapy} takes about {minutes} minutes.",
    "Please arrive ten minutes early to complete the intake forms.",
    "We accept most major credit cards and can provide an itemized receipt.",
    "During your first visit we review your history and photograph the treatment area.",
    "{Clinic} is open Monday to Saturday, with late appointments on Thursdays.",
    "Many patients ask how {therapy} compares with {approved}.",
    "Hair grows in cycles, so changes take time to show.",
    "Wash your hair as usual the evening before your appointment.",
    "Avoid alcohol and blood thinners for two days before {therapy}, unless your doctor says otherwise.",
    "{doctor} trained in dermatology and has a special interest in hair disorders.",
    "We will send you a reminder by text message the day before.",
    "Follow-up photos are taken every {weeks} weeks so progress can be compared fairly.",
    "You can read more in our guide to {condition}.",
    "Bring a list of the medications and supplements you take.",
    "Our {city} office is a short walk from the central station.",
    "Gift cards are available at the front desk.",
    "Most people return to work the same day.",
    "The consultation fee is credited toward your first treatment plan.",
    "We publish before-and-after photos only with written consent.",
    "Prices are listed on our fees page and reviewed every January.",
    "Ask us about combining {therapy} with a healthy diet and good sleep.",
    "Stress, thyroid problems and iron deficiency can all affect hair density.",
    "A scalp examination helps us understand what kind of {condition} you have.",
    "Cancellations need at least 24 hours\u2019 notice.",
    "Our newsletter goes out once a month \u2014 no spam, ever.",
]

HEADINGS = [
    "What is {therapy}?", "How {therapy} works", "Is {therapy} FDA approved?", "Who is a good candidate?",
    "What to expect", "Aftercare", "Pricing", "Frequently asked questions", "Risks and side effects",
    "Why choose {clinic}", "Results", "About {doctor}", "Visiting our {city} clinic", "Booking",
    "The science behind {plural}", "Comparing options for {condition}",
]
LINK_TARGETS = ["/book", "/pricing", "/faq", "https://www.fda.gov/consumers", "https://example.com/study.pdf",
                "/blog/hair-growth-cycle", "/locations", "mailto:hello@example.com"]
CODE_FENCES = [
    ("yaml", "cta:\n  label: Book now\n  href: /book\n  note: FDA approved exosomes # not copy\n"),
    ("html", "<div class=\"hero\">\n  <h2>No side effects!</h2>\n</div>\n"),
    ("js", "const price = 450; // exosome therapy, per session\nconsole.log(`Guaranteed ${price}`);\n"),
    ("", "    indented text inside a fence\n    stays code\n"),
]
COMMENTS = [
    "<!-- TODO: legal to review the claims on this page -->",
    "<!-- editor: swap the hero image before launch -->",
    "<!-- old copy: Our exosomes are FDA-approved and 100% safe. -->",
]
TESTIMONIALS = [
    "\u201cI noticed less shedding after my second visit.\u201d \u2014 {name}, {city}",
    "\u201cThe staff were kind and explained every step.\u201d \u2014 {name}",
    "\u201cBest decision I ever made \u2014 my hair is back!\u201d \u2014 {name}, {city}",
]
NAMES = ["Maria", "James", "Aisha", "Tom", "Sara", "Ali", "Priya", "Chris", "Hannah", "Omar"]


class Writer:
    """Fills sentence templates from the pools with one seeded RNG."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def fill(self, template: str) -> str:
        r = self.rng
        therapy = r.choice(THERAPY)
        values = {
            "therapy": therapy, "Therapy": therapy[0].upper() + therapy[1:], "plural": r.choice(THERAPY_PLURAL),
            "condition": r.choice(CONDITION), "approved": r.choice(APPROVED), "city": r.choice(CITY),
            "doctor": r.choice(DOCTOR), "clinic": r.choice(CLINIC), "Clinic": r.choice(CLINIC),
            "weeks": r.choice(WEEKS), "year": str(r.randint(1998, 2023)), "minutes": str(r.choice((30, 45, 60, 90))),
            "name": r.choice(NAMES),
        }
        text = template.format(**values)
        if r.random() < 0.05:
            text = text.replace("'", "\u2019")
        return text

    def sentence(self) -> str:
        x = self.rng.random()
        pool = VIOLATING if x < 0.07 else CAREFUL if x < 0.19 else NEUTRAL
        return self.fill(self.rng.choice(pool))

    def inline(self, text: str) -> str:
        """Decorate a sentence with a link, emphasis or inline code now and then."""
        r = self.rng
        x = r.random()
        if x < 0.08:
            words = text.split(" ")
            if len(words) > 4:
                i = r.randrange(0, len(words) - 2)
                words[i] = f"[{words[i]} {words[i + 1]}]({r.choice(LINK_TARGETS)})"
                del words[i + 1]
                return " ".join(words)
        elif x < 0.12:
            words = text.split(" ")
            i = r.randrange(len(words))
            words[i] = f"**{words[i]}**" if r.random() < 0.5 else f"*{words[i]}*"
            return " ".join(words)
        elif x < 0.13:
            return text + " See `pricing.yaml` for the fee table."
        return text

    def paragraph(self) -> str:
        sentences = [self.inline(self.sentence()) for _ in range(self.rng.randint(2, 6))]
        text = " ".join(sentences)
        if self.rng.random() < 0.6:
            text = wrap(text, self.rng.choice((72, 80, 100)))
        return text


def wrap(text: str, width: int) -> str:
    """Hard-wrap prose at spaces (soft line breaks in Markdown)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def page(w: Writer, target: int) -> str:
    """One Markdown page of roughly `target` bytes."""
    r = w.rng
    title = w.fill(r.choice(HEADINGS)).rstrip("?")
    out = [
        "---",
        f"title: \"{title} | {r.choice(CLINIC)}\"",
        f"description: \"{w.sentence()}\"",
        f"date: {r.randint(2019, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
        f"tags: [{', '.join(r.sample(['hair', 'exosomes', 'prp', 'skin', 'news', 'faq', 'clinic'], 3))}]",
        f"slug: {title.lower().replace(' ', '-')}",
        "---",
        "",
        f"# {title}",
        "",
    ]
    size = sum(len(x) + 1 for x in out)
    while size < target:
        x = r.random()
        if x < 0.50:
            part = w.paragraph()
        elif x < 0.62:
            part = f"{'#' * r.choice((2, 2, 3))} {w.fill(r.choice(HEADINGS))}"
        elif x < 0.74:
            marker = r.choice(("-", "*", "1."))
            part = "\n".join(f"{marker} {w.inline(w.sentence())}" for _ in range(r.randint(2, 5)))
        elif x < 0.79:
            part = "> " + w.fill(r.choice(TESTIMONIALS))
        elif x < 0.83:
            lang, body = r.choice(CODE_FENCES)
            part = f"```{lang}\n{body}```"
        elif x < 0.87:
            part = r.choice(COMMENTS)
        elif x < 0.90:
            part = f"![{w.sentence().rstrip('.!')}](/img/{r.randint(1, 999)}.jpg)"
        elif x < 0.93:
            rows = [f"| {w.fill('{therapy}')} | {r.randint(200, 900)} | {w.sentence()} |" for _ in range(r.randint(2, 4))]
            part = "| Treatment | Price (USD) | Notes |\n|---|---|---|\n" + "\n".join(rows)
        elif x < 0.96:
            part = f"<div class=\"callout\">\n<p>{w.sentence()} {w.sentence()}</p>\n</div>"
        else:
            part = w.paragraph().replace(" - ", " \u2014 ")
        out.append(part)
        out.append("")
        size += len(part.encode("utf-8")) + 2
    return "\n".join(out) + "\n"


SECTIONS = ["blog", "services", "locations", "faq", "conditions", "news"]


def generate(out: Path, megabytes: float, seed: int = SEED, quiet: bool = False) -> dict:
    """Write a corpus of about `megabytes` MB into `out` (replacing it); returns its manifest."""
    rng = random.Random(f"{seed}:{megabytes}")
    w = Writer(rng)
    if out.exists():
        shutil.rmtree(out)
    _manifest_path(out).unlink(missing_ok=True)
    target = int(megabytes * 1_000_000)
    total = files = 0
    while total < target:
        size = int(min(80_000, max(1_500, rng.lognormvariate(9.25, 0.55))))
        section = rng.choice(SECTIONS)
        folder = out / section / (str(rng.randint(2019, 2025)) if section in ("blog", "news") else "")
        folder.mkdir(parents=True, exist_ok=True)
        text = page(w, min(size, target - total + 500))
        path = folder / f"page-{files:05d}.md"
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
        files += 1
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "megabytes": megabytes, "files": files, "bytes": total}
    _manifest_path(out).write_text(json.dumps(manifest, indent=1) + "\n")
    if not quiet:
        print(f"wrote {out}: {files} files, {total / 1e6:.1f} MB", file=sys.stderr)
    return manifest


def generate_draft(path: Path, seed: int = SEED) -> None:
    """A single ~5 KB Markdown draft."""
    w = Writer(random.Random(f"{seed}:draft"))
    text = page(w, DRAFT_BYTES - 300)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _manifest_path(out: Path) -> Path:
    """Beside the corpus, not in it: the baselines search every file in the folder."""
    return out.parent / f"{out.name}.manifest.json"


def manifest_ok(out: Path, megabytes: float, seed: int = SEED) -> bool:
    """Is `out` a complete corpus made by this generator version with these settings?"""
    try:
        m = json.loads(_manifest_path(out).read_text())
    except (OSError, ValueError):
        return False
    return m.get("generator") == GENERATOR_VERSION and m.get("seed") == seed and m.get("megabytes") == megabytes


def ensure(sizes: dict[str, float], seed: int = SEED, root: Path = CORPUS_DIR) -> dict[str, Path]:
    """Generate any missing or stale corpus; returns name -> folder (plus 'draft' -> file)."""
    paths = {}
    for name, mb in sizes.items():
        out = root / name
        if not manifest_ok(out, mb, seed):
            generate(out, mb, seed)
        paths[name] = out
    draft = root / DRAFT_NAME
    generate_draft(draft, seed)  # cheap, and always current
    paths["draft"] = draft
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, help="generate one corpus of this many MB (needs --out)")
    ap.add_argument("--out", type=Path, help="output folder for --mb")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--quick", action="store_true", help="the smaller --quick sizes of bench/run.py")
    args = ap.parse_args(argv)
    if args.mb is not None:
        if args.out is None:
            ap.error("--mb needs --out")
        generate(args.out, args.mb, args.seed)
        return 0
    ensure(QUICK if args.quick else STANDARD, args.seed)
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    raise SystemExit(main())
