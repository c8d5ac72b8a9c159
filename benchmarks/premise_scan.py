"""How often the not-stated checks fire (``premise.unsupported``, as the app runs them on a
question about one paper), by kind, on premise questions with a known answer:
each question presupposes a claim about one paper that its abstract supports (`premise_true`)
or does not (false, with a kind: direction, order, attribution, ...). A fired true premise is
an answerable question the app would call "not stated"; a missed false one is a trap it answers.

    PYTHONPATH=src .venv/bin/python benchmarks/premise_scan.py evals/premises_dev.jsonl [--json]

Questions name their paper by exact title (sample week) or arXiv id (second week); the weeks are
read from ../shared/data as the eval sets do.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from paperqa_lite.ingest import load_papers
from paperqa_lite.premise import unsupported

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
WEEKS = {"sample": DATA / "daily-papers-page.txt", "week2": DATA / "weeks" / "hf-daily-papers-2026-03-09_15.json"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show", action="store_true", help="print each wrong call")
    args = parser.parse_args()
    papers = {week: load_papers([path]) for week, path in WEEKS.items()}
    fired, total = Counter(), Counter()
    for path in args.files:
        for line in path.read_text().splitlines():
            row = json.loads(line)
            paper = next(p for p in papers[row["week"]] if row["gold"] in (p.title, p.id))
            kind = "true" if row["premise_true"] else row["kind"]
            total[kind] += 1
            hit = unsupported(row["question"], paper) is not None
            fired[kind] += hit
            if args.show and hit == row["premise_true"]:
                print(f"{'FIRED' if hit else 'MISSED'} {row['id']} {kind}: {row['question']}")
    false_n = sum(n for k, n in total.items() if k != "true")
    caught = sum(n for k, n in fired.items() if k != "true")
    result = {"true_premises": total["true"], "true_flagged": fired["true"],
              "false_premises": false_n, "false_caught": caught,
              "by_kind": {k: f"{fired[k]}/{total[k]}" for k in sorted(total)}}
    if args.json:
        print(json.dumps(result))
    else:
        for kind in sorted(total):
            print(f"{kind:12} {fired[kind]:3}/{total[kind]:<3} flagged")
        print(f"false premises caught {caught}/{false_n}; true premises flagged {fired['true']}/{total['true']}")


if __name__ == "__main__":
    main()
