"""Ingest benchmark, run by hand: reports per second on a 2,000-word report, beside plain baselines.

    python benchmarks/ingest_benchmark.py [--words 2000] [--seconds 5]

The report is made up: the sentences of the made-up Veridia reports in tests/ingest_reports/
repeated until the report has about `--words` words. It is read as a real run reads one (its
sentences, mentions, claims and the candidate records), against the made-up Veridia dataset
(where its names are found) and against the bundled dataset (229 entities, where they are not),
each time building the name index anew. In the same run, on the same text, two baselines: a
`str.split` pass and one plain regular expression over capitalised words. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from explorer.dataset import load_dataset
from explorer.ingest.candidates import candidate_records, ingest_report
from explorer.ingest.reading import report_from_text
from explorer.ingest.rules import load_rules

REPORTS = Path(__file__).resolve().parent.parent / "tests" / "ingest_reports"


def made_up_report(words: int) -> str:
    sentences = []
    for path in sorted(REPORTS.glob("madeup-*.txt")):
        sentences += [s.strip() for s in path.read_text(encoding="utf-8").split("\n\n") if s.strip()]
    out, count, i = [], 0, 0
    while count < words:
        sentence = sentences[i % len(sentences)]
        out.append(sentence)
        count += len(sentence.split())
        i += 1
    return "\n\n".join(out) + "\n"


def per_second(func, seconds: float) -> tuple[float, int]:
    func()  # warm: rules compiled, caches filled
    runs, start = 0, time.perf_counter()
    while True:
        func()
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return runs / elapsed, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    text = made_up_report(args.words)
    rules = load_rules()
    madeup = load_dataset(REPORTS / "madeup-data")
    bundled = load_dataset()
    capitalised = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")

    def ingest(dataset):
        def run():
            ingested = ingest_report(report_from_text(text), dataset, rules=rules, date="2031-05-02")
            return candidate_records(ingested, dataset, rules)
        return run

    sample = ingest(madeup)()
    rows = [
        ("baseline: `str.split`", lambda: text.split()),
        ("baseline: one regex over capitalised words", lambda: capitalised.findall(text)),
        ("ingest against the made-up dataset", ingest(madeup)),
        ("ingest against the bundled dataset", ingest(bundled)),
    ]
    print(f"report: {len(text.split())} words, {len(text):,} characters; against the made-up dataset: "
          f"{len(sample['mentions'])} mentions, {len(sample['ties'])} ties, {len(sample['status'])} status events, {len(sample['people'])} new people\n")
    print("| pass | reports per second | ms per report | runs |")
    print("|---|---:|---:|---:|")
    for label, func in rows:
        rate, runs = per_second(func, args.seconds)
        print(f"| {label} | {rate:,.1f} | {1000 / rate:.2f} | {runs} |")


if __name__ == "__main__":
    main()
