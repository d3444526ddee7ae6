"""Reading privacy policies: accuracy on the annotated seeds and fixtures, the audit's mutation
suite, and the time for a 10,000-word policy.

Prints, per seed and per language (the bilingual seed is split by the language of each quote):
retention P/R and period-normalisation accuracy, legal-basis citation P/R, bases-in-words P/R,
Art. 13 checklist accuracy (all with the shared scorer's matching rules), then the same on the
project's own fixture policies (tests/policytext/fixtures/, tuned on after their first run) and
on the held-out fixtures (tests/policytext/fixtures/heldout/, never tuned on); then the audit's
mutation suite (period changed, basis changed, processor added, transfer added) on the
declarations drafted from each seed with their TODOs filled (tests/policytext/fixtures/seeds/);
then the extraction time for a policy of at least 10,000 words.

Usage:
    .venv/bin/python bench/policytext.py
Needs ../shared/policy-text (gold + score.py) and ../shared/seeds (or PERSONVERN_SHARED).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from personvern.declaration.loader import load
from personvern.policytext.draft import draft
from personvern.policytext.extract import extract
from personvern.policytext.language import detect
from personvern.policytext.mutations import run as run_mutations
from personvern.policytext.reader import from_text, read_policy

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PERSONVERN_SHARED", ROOT.parent / "shared"))
FIXTURES = ROOT / "tests" / "policytext" / "fixtures"
SEEDS = ("policy-agency-nb-en", "policy-consent-saas-en", "policy-saas-manufacturing-en")
CITATION = re.compile(r"\b(?:art(?:icle|ikkel)?s?\.?\s*[69]\b|GDPR\s+[69]\s*\(|(?:point|bokstav)\s*\(?[a-j]\)?\s+(?:of|i)\s+art)", re.I)


def scorer():
    path = SHARED / "policy-text" / "score.py"
    if not path.exists():
        sys.exit(f"{path} not found; set PERSONVERN_SHARED to the shared folder")
    spec = importlib.util.spec_from_file_location("policy_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


S = scorer()
sys.path.insert(0, str(ROOT))
from tests.policytext.fill import fill  # noqa: E402  (the tests' stand-in for the person deciding the TODOs)


def lang_of(item: dict) -> str:
    return detect(item.get("quote") or "").split("+")[0]


def period_accuracy(gold: list[dict], pred: list[dict]) -> tuple[int, int]:
    """(mentions whose period is right, mentions matched by span), both as maximum matchings."""
    req = [g for g in gold if not g.get("optional")]
    pairs = S.max_matching(len(pred), len(req), lambda i, j: S.overlaps(pred[i], req[j]))
    right = S.max_matching(len(pred), len(req), lambda i, j: S.overlaps(pred[i], req[j]) and S.eq_period(req[j], pred[i]))
    return len(right), len(pairs)


def split_bases(items: list[dict], cited: bool, gold: bool) -> list[dict]:
    if gold:
        return [b for b in items if bool(CITATION.search(b["quote"])) == cited]
    return [b for b in items if bool(b.get("cited")) == cited]


class Totals:
    def __init__(self) -> None:
        self.n: dict[str, list[int]] = {}

    def add(self, key: str, *values: int) -> None:
        row = self.n.setdefault(key, [0] * len(values))
        for i, v in enumerate(values):
            row[i] += v


def score_subset(gold: dict, pred: dict, totals: Totals, label: str) -> str:
    ret = S.match_items(gold["retention"], pred["retention"], S.eq_period)
    right, matched = period_accuracy(gold["retention"], pred["retention"])
    cit = S.match_items(split_bases(gold["legal_bases"], True, True), split_bases(pred["legal_bases"], True, False), S.eq_basis)
    words = S.match_items(split_bases(gold["legal_bases"], False, True), split_bases(pred["legal_bases"], False, False), S.eq_basis)
    for key, values in (("retention", ret), ("period", (right, matched)), ("citations", cit), ("words", words)):
        totals.add(f"{label}:{key}", *values)
    return (f"retention P={S.prf(*ret)[0]:.2f} R={S.prf(*ret)[1]:.2f} (tp={ret[0]} fp={ret[1]} fn={ret[2]}); "
            f"period right {right}/{matched}; citations P={S.prf(*cit)[0]:.2f} R={S.prf(*cit)[1]:.2f} "
            f"(tp={cit[0]} fp={cit[1]} fn={cit[2]}); words P={S.prf(*words)[0]:.2f} R={S.prf(*words)[1]:.2f} "
            f"(tp={words[0]} fp={words[1]} fn={words[2]})")


def by_language(doc: dict, lang: str) -> dict:
    out = dict(doc)
    for section in ("retention", "legal_bases"):
        out[section] = [item for item in doc.get(section, []) if lang_of(item) == lang]
    return out


def report(title: str, cases: list[tuple[str, Path, Path]]) -> None:
    print(f"\n== {title}")
    totals = Totals()
    checks = []
    for name, text_path, gold_path in cases:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        document = read_policy(text_path)
        pred = extract(document).as_dict()
        bad = sum(1 for sec in ("retention", "legal_bases", "rights", "contacts", "recipients", "transfers")
                  for it in pred[sec] if document.text[it["start"]:it["end"]] != it["quote"])
        ok, n, wrong = S.score_pair(gold, pred)["checklist"]
        checks.append(ok / n)
        langs = sorted({lang_of(i) for i in gold["retention"] + gold["legal_bases"]})
        print(f"{name}: checklist {ok}/{n} = {ok / n:.3f}{' (wrong: ' + ', '.join(wrong) + ')' if wrong else ''}; "
              f"quotes off their offsets: {bad}")
        for lang in langs:
            print(f"  [{lang}] " + score_subset(by_language(gold, lang), by_language(pred, lang), totals, lang))
    for lang in sorted({k.split(":")[0] for k in totals.n}):
        ret, per, cit, words = (totals.n.get(f"{lang}:{k}", [0, 0, 0]) for k in ("retention", "period", "citations", "words"))
        print(f"  total [{lang}]: retention P={S.prf(*ret)[0]:.3f} R={S.prf(*ret)[1]:.3f}; period right "
              f"{per[0]}/{per[1]} = {per[0] / per[1] if per[1] else 1:.3f}; citations P={S.prf(*cit)[0]:.3f} "
              f"R={S.prf(*cit)[1]:.3f}; words P={S.prf(*words)[0]:.3f} R={S.prf(*words)[1]:.3f}")
    print(f"  checklist accuracy per policy: min {min(checks):.3f}, mean {statistics.mean(checks):.3f}")


def mutation_suite(title: str, pairs: list[tuple[str, Path, Path | None]]) -> None:
    """``pairs``: (name, policy, filled declaration or None to draft and fill it now)."""
    print(f"\n== audit mutation suite: {title}")
    found = total = false_alarms = others = 0
    kinds: dict[str, list[int]] = {}
    for seed, policy, declaration in pairs:
        extraction = extract(read_policy(policy))
        if declaration is None:
            declaration = Path(tempfile.mkdtemp()) / "personvern.yaml"
            declaration.write_text(fill(draft(extraction)), encoding="utf-8")
        clean = load(declaration)
        baseline, results = run_mutations(extraction, clean)
        false_alarms += baseline.contradictions
        for r in results:
            row = kinds.setdefault(r.mutation.kind, [0, 0])
            row[0] += r.found
            row[1] += 1
            others += r.other_contradictions
        f = sum(r.found for r in results)
        found += f
        total += len(results)
        missed = [r.mutation.key for r in results if not r.found]
        print(f"{seed}: clean pair contradictions {baseline.contradictions}; mutations found {f}/{len(results)}"
              + (f" (missed: {', '.join(missed)})" if missed else ""))
    for kind, (f, n) in kinds.items():
        print(f"  {kind}: {f}/{n}")
    print(f"  found ratio {found}/{total} = {found / total:.3f}; false alarms per clean pair "
          f"{false_alarms / len(pairs):.2f}; contradictions on other keys in mutated pairs: {others}")


def timing() -> None:
    texts = [(SHARED / "seeds" / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS]
    texts += [read_policy(p).text for p in sorted(FIXTURES.glob("*.*")) if p.suffix in (".txt", ".md", ".html")]
    big = ""
    while len(big.split()) < 10_000:
        big += "\n\n".join(texts) + "\n\n"
    cut = [m.end() for m in re.finditer(r"\S+", big)][9_999]
    big = big[:cut] + "\n"
    document = from_text(big, "big.txt")
    times = []
    for _ in range(5):
        started = time.perf_counter()
        extract(document)
        times.append(time.perf_counter() - started)
    print(f"\n== time: {len(big.split())} words, {len(big)} characters: extract median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, 5 runs)")


def main() -> None:
    gold_dir = SHARED / "policy-text" / "gold"
    report("seeds (development set; rules written while reading them)",
           [(s, SHARED / "seeds" / f"{s}.txt", gold_dir / f"{s}.gold.json") for s in SEEDS])
    fixtures = [(p.name, p, p.with_name(p.name.rsplit(".", 1)[0] + ".gold.json"))
                for p in sorted(FIXTURES.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    report("own fixtures (unseen at first run; rules generalised after it)", fixtures)
    heldout = [(p.name, p, p.with_name(p.name.rsplit(".", 1)[0] + ".gold.json"))
               for p in sorted((FIXTURES / "heldout").iterdir()) if p.suffix in (".txt", ".md", ".html")]
    report("held-out fixtures (never tuned on: the honest figure)", heldout)
    mutation_suite("declarations drafted from each seed, TODOs filled by the tests (tests/policytext/fixtures/seeds/)",
                   [(s, SHARED / "seeds" / f"{s}.txt", FIXTURES / "seeds" / f"{s}.filled.yaml") for s in SEEDS])
    mutation_suite("fixture policies, drafted and filled now", [(p.name, p, None) for p, _ in
                   [(c[1], c[2]) for c in fixtures + heldout]])
    timing()


if __name__ == "__main__":
    main()
