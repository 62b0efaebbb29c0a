"""Write a synthetic gazetteer of COUNT person aliases, for benchmarks at
scale: the real full names of the EveryPolitician lists in
../shared/data/names (Latin, Cyrillic, Georgian, Armenian…), then given name
× surname recombinations of them, deterministic (the same scheme as
benches/gazetteer.rs). The shipped language rules are copied beside it.

usage: python3 bench/synthetic_gazetteer.py NAMES_DIR COUNT OUT_DIR
"""

import csv
import glob
import os
import shutil
import sys


def main(names_dir, count, out):
    count = int(count)
    names = set()
    for path in sorted(glob.glob(os.path.join(names_dir, "*", "names.csv"))):
        with open(path, encoding="utf-8") as f:
            for row in csv.reader(f):
                if row and len(row[0].split()) >= 2:
                    names.add(row[0])
    names.discard("name")
    names = sorted(names)
    firsts = [n.split()[0] for n in names]
    lasts = [n.split()[-1] for n in names]
    os.makedirs(out, exist_ok=True)
    seen = set()
    with open(os.path.join(out, "people.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "label", "aliases"])
        i = 0
        while len(seen) < count and i < len(names) + len(firsts) * len(lasts):
            if i < len(names):
                alias = names[i]
            else:
                j = i - len(names)
                alias = f"{firsts[j % len(firsts)]} {lasts[(j // len(firsts)) % len(lasts)]}"
            i += 1
            if alias in seen or "," in alias or "|" in alias:
                continue
            seen.add(alias)
            writer.writerow([f"p{len(seen)}", alias, ""])
    lang = os.path.join(out, "lang")
    shutil.rmtree(lang, ignore_errors=True)
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "gazetteers", "lang"), lang)
    print(f"{out}: {len(seen)} people from {len(names)} real names", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
