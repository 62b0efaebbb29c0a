"""Print every alias and label of the gazetteers, one per line: the pattern
list for the `rg -F -f` floor.

usage: python3 bench/aliases.py GAZETTEER_DIR > aliases.txt
"""

import csv
import glob
import os
import sys


def names(gazetteer_dir):
    """Each entity's id with each of its names (label, then aliases), in
    file and row order; `block.csv` holds no entities."""
    for path in sorted(glob.glob(os.path.join(gazetteer_dir, "*.csv"))):
        if os.path.basename(path) == "block.csv":
            continue
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for name in [row.get("label", "")] + row.get("aliases", "").split("|"):
                    name = name.strip()
                    if name:
                        yield row["id"], name


def main():
    seen = set()
    for _, name in names(sys.argv[1]):
        if name not in seen:
            seen.add(name)
            print(name)


if __name__ == "__main__":
    main()
