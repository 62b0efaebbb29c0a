"""Print every alias and label of the gazetteers, one per line: the pattern
list for the `rg -F -f` floor.

usage: python3 bench/aliases.py GAZETTEER_DIR > aliases.txt
"""

import csv
import glob
import os
import sys

seen = set()
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.csv"))):
    if os.path.basename(path) == "block.csv":
        continue
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for alias in [row.get("label", "")] + row.get("aliases", "").split("|"):
                alias = alias.strip()
                if alias and alias not in seen:
                    seen.add(alias)
                    print(alias)
