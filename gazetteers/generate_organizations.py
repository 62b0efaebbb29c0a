#!/usr/bin/env python3
"""Generate gazetteers/organizations.csv from sources/organizations.tsv.

Usage:
    python3 gazetteers/generate_organizations.py [SHARED_DATA] [--out DIR] [--verbose]

SHARED_DATA defaults to <repo>/../shared/data. Python 3 standard library only,
no network; deterministic output (rows sorted by id, aliases in the order
en, az, tr, ru, uk, de, fr, es of the source columns).

sources/organizations.tsv is curated by hand: one organization a row with
candidate spellings per language. English forms (the label and the `en`
column) are kept as written; a form in any other column is kept only if it is
attested in shared/data (see corpus_check.py), so no spelling is invented.
DROP lists attested forms that were removed after reviewing the matches in
the news corpora (common words, other entities).
"""

import argparse
import csv
import io
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_check import Corpus  # noqa: E402
from generate_countries import alias_key  # noqa: E402

DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"
LANG_COLUMNS = ["en", "az", "tr", "ru", "uk", "de", "fr", "es"]

# Forms removed after review (form, or "id:form" for one entity only -> reason);
# see gazetteers/README.md.
DROP = {
    "МКС": "ICC (uk abbreviation): in Russian text МКС is the International Space Station",
    "Anadolu": "bare Anadolu is Anatolia (Anadolu'yu); the agency keeps Anadolu Ajansı",
    "Trend": "German noun Trend (always capitalized), English sentence starts; Trend.az kept",
    "Təhlükəsizlik Şurası": "bare 'Security Council' is also Azerbaijan's/Russia's; BMT ... kept",
    "Güvenlik Konseyi": "bare 'Security Council' (tr): any country's; BM Güvenlik Konseyi kept",
    "Security Council": "bare English form: any country's security council",
    "Q8901:AMB": "AMB in Azerbaijani is the Central Bank of Azerbaijan (cbar), which keeps it",
    "Q8889:AP": "AP (az/tr European Parliament) is the Associated Press's alias elsewhere; blocked in az/tr",
    "AİB": "Azerbaijani abbreviation of both the EIB and the ADB",
    "Rada": "French bare Rada: also a given name and other parliaments",
}


def read_source(path):
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows.append(row)
    return rows


def build(rows, corpus, log):
    out = []
    stats = {"candidates": 0, "kept": 0, "exact": 0, "inflected": 0, "english": 0}
    for row in rows:
        label = row["label"].strip()
        seen = {alias_key(label)}
        aliases = []
        for lang in LANG_COLUMNS:
            for name in (row.get(lang) or "").split("|"):
                name = unicodedata.normalize("NFC", name.strip())
                if not name:
                    continue
                k = alias_key(name)
                if k in seen:
                    continue
                stats["candidates"] += 1
                why = DROP.get(name) or DROP.get(f"{row['id'].strip()}:{name}")
                if why:
                    log.append(f"dropped {row['id']} {name!r}: {why}")
                    seen.add(k)
                    continue
                how = "english" if lang == "en" else corpus.attested(name)
                if not how:
                    log.append(f"unattested {row['id']} {lang} {name!r}")
                    continue
                seen.add(k)
                stats[how] += 1
                stats["kept"] += 1
                aliases.append(name)
        out.append({"id": row["id"].strip(), "label": label, "aliases": aliases,
                    "wikidata": row["wikidata"].strip()})
    return out, stats


def write(entities, path):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "type", "label", "aliases", "wikidata"])
    for e in sorted(entities, key=lambda e: e["id"]):
        w.writerow([e["id"], "organization", e["label"], "|".join(e["aliases"]), e["wikidata"]])
    path.write_text(buf.getvalue(), encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--source", type=Path, default=HERE / "sources" / "organizations.tsv")
    ap.add_argument("--verbose", action="store_true", help="print every unattested or dropped form")
    args = ap.parse_args()
    rows = read_source(args.source)
    ids = [r["id"] for r in rows]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        sys.exit(f"duplicate ids: {dup}")
    corpus = Corpus(args.shared)
    log = []
    entities, stats = build(rows, corpus, log)
    if args.verbose:
        print("\n".join(log))
    write(entities, args.out / "organizations.csv")
    print(f"organizations.csv: {len(entities)} entities, {stats['kept']} aliases "
          f"({stats['english']} English, {stats['exact']} non-English attested as written, "
          f"{stats['inflected']} attested inflected); {stats['candidates'] - stats['kept']} "
          f"candidate forms left out ({sum(1 for l in log if l.startswith('dropped'))} by review)")


if __name__ == "__main__":
    main()
