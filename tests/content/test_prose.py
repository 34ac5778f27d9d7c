"""Every sentence a reader sees about what the model does comes from the model (DESIGN.md, "Safety").

The prose is the notebooks' markdown cells, the README, the instructor guide and the book's own pages.
A sentence is *about the model* when it names it ("the model", "the model's", "model man/men",
"simulated man/men") or stands in a section about it (the README's "Known limits of the model", the
guide's "What to tell students about the model"); it *states something* when it carries a quantity (a number with a unit, %, -fold)
or a comparison ("than", recovers/returns/comes back faster/slower/sooner/later, misses or meets a
target, "n of m targets"). Questions, conditionals and suppositions ("if the model's curve rises more steeply
...", a way of reading a figure) state nothing.

A sentence that speaks of the model *without naming it* is caught too: a hormone or drug as its subject with an
outcome and a number ("LH comes back in 3 months") or a comparison ("clomiphene raises T more than hCG"). Such
a sentence passes when it cites published work (an author and year, a target C1-C29, WHO), when a registered
claim accounts for it, or when it is physiology in words listed in TEXTBOOK below with its source.

Such a sentence passes only when what it states is accounted for: the words of a registered claim
(hpgviz/content/claims.py, whose check runs the model: tests/content/test_claims.py), or a published number
quoted with its citation in the same sentence (PUBLISHED below). Whatever is left after removing those
must state nothing. Sentences printed by code when the page runs (explorer summaries, checkpoint lines,
the validation view) are generated from the model and are not prose; so are the instructor kit's
"[model: ...]" numbers, which `make kit` writes from the claims' checks (tests/content/test_kit.py).
"""
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from hpgviz.content.claims import CLAIMS

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("README.md", "docs/instructors.md")     # plus notebooks/*.ipynb and book/**/*.md

ABOUT = re.compile(r"\b(the model|the model's|model(?:'s)? m[ae]n|simulated m[ae]n)\b", re.I)
QUANTITY = re.compile(r"\d[\d,.]*\s*(%|-?fold\b|x\b|×|ng/dL|pg/mL|IU/L|M/mL|million|nmol/L|months?\b|weeks?\b"
                      r"|days?\b|years?\b|mg\b|IU\b|µg|hours?\b|minutes?\b|min\b)")
COMPARISON = re.compile(r"\bthan\b|\b(recover\w*|return\w*|back|comes?) (faster|slower|sooner|later|earlier)\b"
                        r"|\bmiss(es|ed)? (C\d|\d)|\bmeets \d|\b\d+ of \d+ targets", re.I)

# A sentence about the model that does not name it: a subject ...
SUBJECT = re.compile(r"\b(LH|FSH|GnRH|testosterone|T|E2|estradiol|oestradiol|inhibin B|sperm|ITT|TRT|clomiphene|"
                     r"enclomiphene|tamoxifen|SERMs?|hCG|anastrozole|AIs?|gonadorelin|esters?|cypionate|enanthate)\b")
# ... with an outcome and a number, or a comparison ...
OUTCOME = re.compile(r"\b(?:comes?|came|is|are|gets?) back\b[^.;]*?\d|\b(?:returns?|recovers?|rises?|falls?|drops?|"
                     r"peaks?|reaches|stays?|climbs?|sinks?|takes?)\b[^.;]{0,40}?\d[\d,.]*\s*(?:%|-?fold|x\b|×|ng/dL|"
                     r"pg/mL|IU/L|M/mL|million|months?|weeks?|days?|years?)", re.I)
UNNAMED_COMPARISON = re.compile(r"\b(?:more|less|higher|lower|faster|slower|sooner|later|earlier|further|longer|"
                                r"shorter|greater|smaller|deeper|larger|better|worse)\b[^.;]{0,40}?\bthan\b", re.I)
# ... unless it cites published work: an author and year, a calibration target, WHO.
CITED = re.compile(r"\b[A-Z][A-Za-z-]+(?: et al\.?| and [A-Z][A-Za-z-]+)?,? \(?(?:19|20)\d\d\b|\bC\d{1,2}\b|\bWHO\b")
HYPOTHETICAL = re.compile(r"\b(if|whether|suppose)\b", re.I)

# Physiology and mechanism in words, stated without the model and without a number the model gives: (the
# words, where they come from). Each must still stand in the prose (test_textbook_words_are_still_used).
TEXTBOOK = (
    ("less estradiol than is really there", "how a SERM works (SOURCES.md, SERM rows)"),
    ("lasts even longer than tamoxifen itself", "tamoxifen label: N-desmethyltamoxifen ~14 d, tamoxifen 5-7 d"),
    ("lasts much longer (a half-life of more than a day, against about an hour for LH)",
     "hCG and LH half-lives (SOURCES.md, hCG row and section 3)"),
    ("differ in isomers, half-lives and side-effect profiles more than in mechanism", "the SERM table's rows"),
    ("do more than silence the axis while it lasts", "a figure of speech: the slow states follow"),
)

# Sections in which every sentence speaks of the model, named or not.
MODEL_SECTION = re.compile(r"known limits of the model|what to tell students about the model", re.I)

# Published numbers a sentence about the model may quote beside it: (the words, the citation that must
# stand in the same sentence). Each is in docs/SOURCES.md.
PUBLISHED = (
    ("median of 3.4 months", "Liu 2006"),               # C7
    ("3.4 months to reach 20 million/mL", "Liu 2006"),  # C7
    ("5-20 µg every 90-120 min", "pump practice"),      # gonadorelin pump (SOURCES.md s.2)
    ("250 IU every other day", "Coviello"),             # Coviello 2005, hCG arm (C3)
    ("38 %", "clomiphene"),                             # zuclomiphene share of clomiphene citrate (label)
    ("roughly 3-fold rise", "letrozole"),               # letrozole in men (SOURCES.md, anastrozole row)
    ("published 67 %", "C7"),                           # Liu 2006 share at 6 months
    ("20-30 %", "anabolic-steroid"),                    # C12's range
    ("about 20-30 %", "high-dose androgen"),            # C12's range
    ("about 0 %", "contraception trials"),              # Liu 2006
    ("95 % confidence interval", "Clopper and Pearson 1934"),
    ("20 million/mL", "Liu 2006"),                      # C7's recovery threshold
    ("542 ng/dL at 125 mg/week and 1,345 ng/dL at 300 mg/week", "Bhasin 2001"),   # troughs, own T suppressed
    ("1,345 to 2,370 ng/dL from 300 to 600 mg/week", "Bhasin 2001"),
    ("At 1 mg daily", "Leder 2004"),                    # C9, C15: the trial's dose
    ("mean age (40) and TRT duration (42 months)", "Kohn 2017"),   # C21's men
    ("~65 %", "Kohn 2017"),                             # C21
    ("~70 %", "Kohn 2017"),                             # C21 by 12 months
    ("under 10 M/mL at conception in all but one man", "Burris 1988"),   # hCG alone in hypogonadotropic men
    ("about 5 % of the starting level after three weeks", "Coviello 2005"),   # C2
    ("(T 343 ng/dL, LH 5.1 IU/L, E2 26 pg/mL)", "Leder 2004"),   # C9, C15
    ("against ~2.5x reported", "C13"),
    ("the 20-40 seen in Sertoli-cell-only men", "C26"),
    ("floor of 6.24 mg/day (about 240 ng/dL)", "Bi"),      # Bi 2018 kin_T over CL (tests/analysis/test_published_models.py)
    ("~15 ng/dL", "C25"),                               # Oefelein 2000: castrate T
    ("C19 reports ~9-11 months", "C19"),                # Shankara-Narayana 2020: LH back after ~9-11 months
    ("who kept ~25 % of his sperm at 100 mg/week", "Bi 2018"),   # C23's note on Bi's typical subject
    ("~20-30 % published", "C12"),                      # C12's range
    ("Travison's 264-916 around 531", "Travison"),     # C24
    ("15 million/mL in its 2010 manual", "Cooper 2010"),   # WHO 2010 beside WHO 2021's 16
    ("published (-82 %)", "DHT"),                       # C22: the DHT gel study
    ("older men recovered faster in contraception trials of short use", "Liu 2006"),   # C7's age predictor
    ("more slowly after long use", "Kohn 2017"),        # C21/C12: older age, poorer recovery
)

# Words that describe what a scenario or an explorer puts in (a dose, a duration, a schedule), not what the
# model gives back: a reader's input is no claim about the model.
SCENARIO = (
    "after 10-12 weeks at that dose",                   # EstradiolBalance: weeks 10-12 at each dose
    "hormones at 0, 4, 8, 12 and 24 weeks after TRT stops",   # the monitoring figure's visits
    "about 5 % of a healthy output",                    # 03a's pulse explorer: GnRH neurons at 5 %
    "goes 25 % below and 25 % above its value",         # the sensitivity sweep
    "runs 12 months of enanthate",                      # validation C7's scenario
    "until sperm are back at 20 M/mL",                  # 03b's outcome, defined
)

# Sentences that were once true of an earlier model or are facts to correct: each must never return.
STALE = {
    r"in preparation": "03a and 03b exist: link them",
    r"pituitary shrinks": "the gonadotropes lose capacity; the gland does not shrink",
    r"no variation|none of the variation": "03b and the 'show how men differ' box show men who differ",
    r"not in the explorers": "03a's failure explorer shows primary failure",
    r"slightly different speeds": "the esters are equal per mg in the model and clinically",
    r"today's WHO|WHO lower (reference )?limit is 15": "WHO 2021's lower limit is 16 M/mL; 15 is WHO 2010's",
    r"sooner than real men|recovers faster than men": "the model's men recover more slowly than Liu 2006's",
    r"predicts? no (testicular )?sperm|no sperm were found below": "inhibin B is a weak predictor of sperm at TESE",
}


def markdown_cells(path: Path):
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]


def pages(root: Path):
    """(name, text) of every page a reader sees, relative to root."""
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        for i, text in enumerate(markdown_cells(nb)):
            yield f"notebooks/{nb.name} (markdown cell {i + 1})", text
    for name in PAGES:
        yield name, (root / name).read_text(encoding="utf-8")
    book = [md for md in (root / "book").rglob("*.md") if "node_modules" not in md.parts]   # not npm's READMEs
    for md in sorted(book) + sorted((root / "docs" / "kit").glob("*.md")):
        yield str(md.relative_to(root)), md.read_text(encoding="utf-8")


@lru_cache(maxsize=None)   # every sentence is checked against every claim's words: each claim is made plain once
def plain(text: str) -> str:
    """Markdown to the words a reader sees: no tags, link targets, emphasis or line breaks."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?<!\w)[*_`]+|[*_`]+(?!\w)", "", text)
    return " ".join(text.replace(">", " ").split())


def sentences(text: str):
    """(heading, sentence) pairs: blocks split at blank lines, list items and table cells, then at full stops."""
    heading = ""
    text = re.sub(r"(?m)^\s*>\s?", "", text)                 # block quotes read as plain text
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+] |\d+\. |\|))", text):
        head = re.match(r"\s*#+\s+(.*)", block)
        if head:
            heading = head.group(1)
            block = block[head.end():]
        for cell in plain(block).split("|"):
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z(\"'])", cell.strip()):
                if sentence:
                    yield heading, sentence


def states_something(sentence: str) -> bool:
    return bool(QUANTITY.search(sentence) or COMPARISON.search(sentence))


GENERATED = re.compile(r"\[model: [^\]]*\]")   # numbers the kit writes from the model (tests/content/test_kit.py)


def unaccounted(sentence: str) -> str:
    """What is left of a sentence once generated numbers, registered claims and cited published numbers
    are removed."""
    original, sentence = sentence, GENERATED.sub(" ", sentence)
    for claim in CLAIMS:
        sentence = sentence.replace(plain(claim.text), " ")
    for words, citation in PUBLISHED:
        if citation in original:
            sentence = sentence.replace(words, " ")
    for words in SCENARIO + tuple(words for words, _ in TEXTBOOK):
        sentence = sentence.replace(words, " ")
    return sentence


def unnamed_claim(sentence: str) -> bool:
    """A hormone or drug with an outcome and a number, or a comparison, in a sentence that cites nothing."""
    return (not CITED.search(sentence) and bool(SUBJECT.search(sentence))
            and bool(OUTCOME.search(sentence) or UNNAMED_COMPARISON.search(sentence)))


def flagged(heading: str, sentence: str) -> bool:
    """A sentence about the model, named or not, that states something nothing accounts for."""
    if sentence.rstrip().endswith("?") or HYPOTHETICAL.search(sentence):
        return False
    rest = unaccounted(sentence)
    if ABOUT.search(sentence) or MODEL_SECTION.search(heading):
        return states_something(rest)
    return unnamed_claim(rest)


def unchecked(root: Path) -> list[str]:
    """Sentences about the model that state something no claim or citation accounts for."""
    bad = []
    for name, text in pages(root):
        for heading, sentence in sentences(text):
            if flagged(heading, sentence):
                bad.append(f"{name}: {sentence}")
    return bad


def test_every_sentence_about_the_model_is_generated_registered_or_cited():
    bad = unchecked(ROOT)
    assert not bad, ("sentences about the model that no claim (hpgviz/content/claims.py) or cited published "
                     "number accounts for:\n  " + "\n  ".join(bad))


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.key for c in CLAIMS])
def test_each_claim_stands_where_it_says(claim):
    """A claim is registered for a sentence a reader sees: its words stand in every file it names."""
    for where in claim.where:
        path = ROOT / where
        texts = markdown_cells(path) if path.suffix == ".ipynb" else [path.read_text(encoding="utf-8")]
        assert any(plain(claim.text) in plain(t) for t in texts), f"{claim.key!r}: its words are not in {where}"


def _tables():
    """The text of the content tables the notebooks show (lab values, agents, SERMs)."""
    from hpgviz.content import protocols
    rows = protocols.lab_rows() + protocols.agent_rows() + protocols.serm_rows()
    return [("hpgviz/protocols.py tables", " ".join(str(v) for row in rows for v in row.values()))]


def test_stale_sentences_do_not_return():
    found = [f"{name}: {sentence} ({why})" for name, text in [*pages(ROOT), *_tables()]
             for _, sentence in sentences(text) for pattern, why in STALE.items() if re.search(pattern, sentence, re.I)]
    assert not found, "\n".join(found)


def test_who_sperm_limit_names_its_edition():
    """WHO 2010's lower limit is 15 M/mL, WHO 2021's 16: a sentence giving one names the edition."""
    found = [f"{name}: {s}" for name, text in pages(ROOT) for _, s in sentences(text)
             if re.search(r"\bWHO\b|World Health", s) and re.search(r"\b1[56] (million|M)/mL", s)
             and not re.search(r"2010|2021|Cooper", s)]
    assert not found, "\n".join(found)


def _copy(tmp_path: Path) -> Path:
    for name in ("notebooks", "book", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("node_modules"))
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path


@pytest.mark.parametrize("stale", [
    "In the model, men recover their sperm in about 2 months, faster than in the trials.",
    "The model's man gets his sperm back sooner than real men usually do.",
    "At 100 mg a week the model keeps sperm normal in 80 % of men.",
    "LH comes back in 3 months.",                                  # about the model without naming it
    "Clomiphene raises T more than hCG.",
    "After the stop, sperm return to 20 M/mL within 10 weeks.",
    "On anastrozole, E2 drops by 60 % and testosterone climbs to 900 ng/dL.",
])
def test_a_planted_stale_claim_fails(tmp_path, stale):
    root = _copy(tmp_path)
    nb_path = root / "notebooks" / "01_fundamentals.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and "## 5." in "".join(c["source"]))
    cell["source"].append("\n\n" + stale)
    nb_path.write_text(json.dumps(nb))
    assert any(stale in line for line in unchecked(root)), "a planted stale claim in a notebook went unnoticed"
    (root / "README.md").write_text((root / "README.md").read_text(encoding="utf-8") + "\n" + stale + "\n")
    assert sum(stale in line for line in unchecked(root)) == 2, "a planted stale claim in the README went unnoticed"


def test_a_registered_claim_passes_and_a_changed_number_does_not(tmp_path):
    """The registry accounts for a claim's exact words only: the same sentence with a new number fails."""
    claim = next(c for c in CLAIMS if c.key == "no TRT dose protects sperm")
    root = _copy(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + f"\nIn short, {claim.text}.\n")
    assert not unchecked(root)
    readme.write_text(readme.read_text(encoding="utf-8") + "\nIn short, at 100 mg a week the model man's count falls by 30 %.\n")
    assert unchecked(root)


# Terms the series uses that the glossary page must define (issue 16: the glossary promises every term).
GLOSSARY_REQUIRED = ("Set point", "Germ cells", "Trophic", "Spermatocyte, spermatid", "Meiosis",
                     "Total motile count", "SHBG", "Anabolic steroid")


def test_glossary_page_defines_the_terms_it_promises():
    page = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    missing = [t for t in GLOSSARY_REQUIRED if f"- **{t}" not in page]
    assert not missing, f"docs/glossary.md lacks {missing}"


@pytest.mark.parametrize("passes, twin_fails", [
    ("LH comes back in about 3 months (Liu 2006).", "LH comes back in about 3 months."),     # cited
    ("If LH comes back in 3 months, sperm follow later.", "LH comes back in 3 months, sperm later."),   # conditional
    ("Does clomiphene raise T more than hCG?", "Clomiphene raises T more than hCG."),      # a question
    ("Clomiphene raises LH and testosterone.", "Clomiphene raises LH and testosterone more than hCG does."),
])
def test_an_unnamed_sentence_fails_only_when_it_states_something_uncited(passes, twin_fails):
    assert not flagged("", passes) and flagged("", twin_fails)


def test_textbook_words_are_still_used():
    """An allow-listed phrase that left the prose is a stale entry: remove it."""
    text = " ".join(plain(t) for _, t in pages(ROOT))
    assert not [w for w, _ in TEXTBOOK if w not in text]
