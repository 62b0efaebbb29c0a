#!/usr/bin/env python3
"""Generate gazetteers/people.csv from EveryPolitician and sources/people_curated.tsv.

Usage:
    python3 gazetteers/generate_people.py [SHARED_DATA] [--out DIR] [--verbose]

SHARED_DATA defaults to <repo>/../shared/data. Python 3 standard library only,
no network; deterministic output (rows sorted by id, aliases sorted within a
source).

Two inputs are merged:
  * EveryPolitician (shared/data/names/everypolitician_*, names CC0 from
    Wikidata): every member in names.csv of Azerbaijan's National Assembly,
    Armenia's National Assembly, Georgia's Parliament, Russia's State Duma
    (terms 6-7), Ukraine's Verkhovna Rada (term 8) and Kazakhstan's Mazhilis
    (names reordered by kazakh_forms()), plus the cabinet
    members of Germany, Turkey and Armenia (cabinet.csv, Wikidata ids),
    joined on the person id. Spellings are taken as they are, filtered by
    usable_name(); Wikidata's sortable "Surname, Given Patronymic" is
    reordered to "Given Surname" and "Given Patronymic Surname"; Ukrainian "Прізвище Ім'я По-батькові" rows are reordered
    to "Ім'я Прізвище" and "Ім'я По-батькові Прізвище".
  * sources/people_curated.tsv: heads of state and government, foreign
    ministers, heads of international organizations. English forms kept as
    written, other forms only if attested in shared/data (corpus_check.py).
    Its `surnames` column lists the few bare surnames the news uses alone.

The last lines printed count how many labels and aliases of people.csv occur
in shared/data/news and shared/data/gold (case-sensitive, word boundaries at
both ends), by source; gazetteers/README.md shows them.

A curated row and an EveryPolitician person are merged when they share a
Wikidata id or a full name. A full name listed for two different people is
dropped from both (printed); no bare surnames come from EveryPolitician.
"""

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_check import Corpus  # noqa: E402
from generate_countries import alias_key, corpus_texts, script_of  # noqa: E402

DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"
LANG_COLUMNS = ["en", "az", "tr", "ru", "uk", "de"]

# (folder, take all members?, cabinet file?)
HOUSES = [
    ("everypolitician_Azerbaijan_National_Assembly", True),
    ("everypolitician_Armenia_Assembly", True),
    ("everypolitician_Georgia_Parliament", True),
    ("everypolitician_Russia_Duma", True),
    ("everypolitician_Ukraine_Verkhovna_Rada", True),
    ("everypolitician_Kazakhstan_Assembly", True),
    ("everypolitician_Germany_Bundestag", False),
    ("everypolitician_Turkey_Assembly", False),
]
HOUSE_SLUG = {
    "everypolitician_Azerbaijan_National_Assembly": "az-mp",
    "everypolitician_Armenia_Assembly": "am-mp",
    "everypolitician_Georgia_Parliament": "ge-mp",
    "everypolitician_Russia_Duma": "ru-duma",
    "everypolitician_Ukraine_Verkhovna_Rada": "ua-rada",
    "everypolitician_Kazakhstan_Assembly": "kz-mp",
    "everypolitician_Germany_Bundestag": "de-mp",
    "everypolitician_Turkey_Assembly": "tr-mp",
}
# lower-case words allowed inside a name (patronymic markers, particles)
PARTICLES = {"oğlu", "qızı", "oglu", "qizi", "кызы", "оглы", "оглу", "гызы", "von", "van", "der",
             "den", "de", "zu", "du", "da", "di", "al", "el", "ibn", "bin", "bint", "ter", "la", "le"}
# Spellings that are not names (EveryPolitician rows filtered out on review)
NAME_DROP = set()


def usable_name(name):
    """A full name in a target script: Latin, Cyrillic, Georgian or Armenian;
    two words or more; every word capitalized (but particles); no digits,
    brackets or commas; not written in capitals (Kazakh-style SURNAME)."""
    name = name.strip()
    if not name or name in NAME_DROP:
        return False
    sc = script_of(name)
    if sc not in ("latn", "cyrl", "geor", "armn"):
        return False  # Persian description row, Arabic, CJK, Greek ...
    if re.search(r"[\d()\[\],/\"«»]", name):
        return False
    words = name.replace("-", " ").split()
    if len(name.split()) < 2:
        return False  # single-word names
    for w in words:
        if sc == "geor" or w in PARTICLES:
            continue
        if not w[0].isupper():
            return False
        if len(w) > 1 and w.isupper() and w not in ("II", "III"):
            return False
    if sc != "geor" and len(name.split()[-1]) <= 2:
        return False  # initials as surnames
    return True


def read_csv(path):
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ukrainian_forms(name):
    # "Гройсман Володимир Борисович" -> "Володимир Гройсман", "Володимир Борисович Гройсман"
    parts = name.split()
    if len(parts) == 3:
        return [f"{parts[1]} {parts[0]}", f"{parts[1]} {parts[2]} {parts[0]}"]
    if len(parts) == 2:
        return [f"{parts[1]} {parts[0]}"]
    return []


PATRONYMIC = ("вич", "вна", "ична", "чна", "ович", "евич", "овна", "евна", "ьевич")
# Kazakh patronymics (-ұлы "son of", -қызы "daughter of") in Cyrillic and Latin, and
# Russian ones in Latin transliteration, as the Mazhilis list writes them.
KAZAKH_PATRONYMIC = PATRONYMIC + ("ұлы", "қызы", "улы", "кызы", "uly", "kyzy", "qyzy",
                                  "ovich", "evich", "ovna", "evna", "yevich", "yevna")


def kazakh_forms(name):
    """The Mazhilis list writes 'SURNAME Given Patronymic' with the surname in
    capitals ('ABDIROV Nurlan Mazhitovich', 'ӘБДІРАЙЫМ Бақытжан Жарылқасынұлы'), or
    the whole name in capitals, or surname first in mixed case with a Kazakh
    patronymic ('Әбдіров Нұрлан Мәжитұлы'). Reordered to 'Given Surname' and
    'Given Patronymic Surname'. Names gluing two words ('ZagipaYahyanovna') or
    mixing Latin and Cyrillic in a word ('Asangazyқyzy') give nothing."""
    words = name.split()
    for w in words:
        if re.search(r"[a-zа-яёәіңғүұқөһ][A-ZА-ЯЁӘІҢҒҮҰҚӨҺ]", w):
            return []
        if re.search(r"[A-Za-z]", w) and re.search(r"[А-Яа-яЁёӘәІіҢңҒғҮүҰұҚқӨөҺһ]", w):
            return []

    def cap(w):
        return "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))

    if len(words) < 2 or "," in name:
        return [name]
    if all(w.isupper() for w in words):
        words = [cap(w) for w in words]
    elif len(words[0]) > 1 and words[0].isupper():
        words = [cap(words[0])] + words[1:]
    elif not (len(words) == 3 and words[2].lower().endswith(KAZAKH_PATRONYMIC)):
        return [name]
    surname, given = words[0], words[1:]
    if len(given) == 1:
        return [f"{given[0]} {surname}"]
    if len(given) == 2:
        return [f"{given[0]} {surname}", f"{given[0]} {given[1]} {surname}"]
    return []


def surname_first(name):
    w = name.split()
    return len(w) == 3 and "," not in name and script_of(name) == "cyrl" and w[2].endswith(PATRONYMIC)


def comma_forms(name):
    """'Зюганов, Геннадий Андреевич' -> 'Геннадий Зюганов', 'Геннадий Андреевич Зюганов'."""
    sur, given = [x.strip() for x in name.split(",")]
    g = given.split()
    if not g or len(sur.split()) != 1:
        return [name]
    out = [f"{g[0]} {sur}"]
    if len(g) == 2:
        out.append(f"{g[0]} {g[1]} {sur}")
    return out


def pick_label(names, preferred=""):
    """The cabinet name if there is one, else the first Latin spelling in
    EveryPolitician's order (its primary name), else the first usable name."""
    if preferred and usable_name(preferred):
        return preferred
    for n in names:
        if script_of(n) == "latn" and usable_name(n):
            return n
    return next((n for n in names if usable_name(n)), "")


def load_everypolitician(names_dir, log):
    people = []
    for folder, everyone in HOUSES:
        d = names_dir / folder
        by_id = defaultdict(list)
        for row in read_csv(d / "names.csv"):
            by_id[row["id"]].append(unicodedata.normalize("NFC", row["name"].strip()))
        qid_of = {r["id"]: r["wikidata"] for r in read_csv(d / "wikidata.csv") if r.get("wikidata")}
        uuid_of_qid = defaultdict(list)
        for u, q in qid_of.items():
            uuid_of_qid[q].append(u)
        cab_name = {}
        for c in read_csv(d / "cabinet.csv"):
            if c.get("name"):
                cab_name.setdefault(c["id"], c["name"])
        if everyone:
            chosen = sorted(by_id)
        else:
            chosen = set()
            for c in read_csv(d / "cabinet.csv"):
                q, nm = c.get("id", ""), c.get("name", "")
                if q in uuid_of_qid:
                    chosen.update(uuid_of_qid[q])
                else:
                    hits = [u for u, ns in by_id.items() if nm in ns]
                    if len(hits) == 1:
                        chosen.add(hits[0])
                        qid_of.setdefault(hits[0], q)
                    elif nm:
                        key = "cabinet:" + q
                        by_id[key] = [nm]
                        qid_of[key] = q
                        chosen.add(key)
            chosen = sorted(chosen)
        for u in chosen:
            raw = by_id[u]
            if folder.endswith("Verkhovna_Rada"):
                raw = [f for n in raw for f in ukrainian_forms(n)]
            if folder.endswith("Kazakhstan_Assembly"):
                raw = [f for n in raw for f in kazakh_forms(n)]
            # Wikidata's sortable "Surname, Given Patronymic" (Зюганов, Геннадий Андреевич)
            raw = [f for n in raw for f in (comma_forms(n) if n.count(",") == 1 else [n])]
            # surname-first "Гудков Дмитрий Геннадьевич" (patronymic last): reorder the same way
            raw = [f for n in raw for f in (comma_forms(n.replace(" ", ", ", 1)) if surname_first(n) else [n])]
            label = pick_label(raw, cab_name.get(qid_of.get(u, ""), ""))
            names = sorted({n for n in raw if usable_name(n)} | ({label} if label else set()))
            bad = sorted({n for n in raw if not usable_name(n)})
            for b in bad:
                log.append(f"not a usable name ({folder}): {b!r}")
            if not names:
                continue
            qid = qid_of.get(u, "")
            people.append({
                "id": qid or f"{HOUSE_SLUG[folder]}-{u.split(':')[-1][:8]}",
                "label": label,
                "aliases": names,
                "wikidata": qid,
                "surnames": [],
                "source": folder,
            })
    return people


def load_curated(path, corpus, log):
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    out, stats = [], defaultdict(int)
    for row in csv.DictReader(lines, delimiter="\t"):
        names = []
        for lang in LANG_COLUMNS:
            for n in (row.get(lang) or "").split("|"):
                n = unicodedata.normalize("NFC", n.strip())
                if not n:
                    continue
                stats["candidates"] += 1
                how = "english" if lang == "en" else corpus.attested(n)
                if how:
                    stats[how] += 1
                    names.append(n)
                else:
                    log.append(f"unattested {row['id']} {lang} {n!r}")
        surn = [s.strip() for s in (row.get("surnames") or "").split("|") if s.strip()]
        out.append({"id": row["id"].strip(), "label": row["label"].strip(), "aliases": names,
                    "wikidata": row["wikidata"].strip(), "surnames": surn, "source": "curated"})
    return out, stats


def merge(curated, ep, log):
    people = list(curated)
    by_key, by_qid = {}, {}
    for p in people:
        for n in [p["label"]] + p["aliases"]:
            by_key[alias_key(n)] = p
        if p["wikidata"]:
            by_qid[p["wikidata"]] = p
    for e in ep:
        target = by_qid.get(e["wikidata"]) if e["wikidata"] else None
        if target is None:
            shared = {id(by_key[alias_key(n)]) for n in e["aliases"] if alias_key(n) in by_key}
            if len(shared) == 1:
                target = next(by_key[alias_key(n)] for n in e["aliases"] if alias_key(n) in by_key)
        # two Wikidata ids are two people, whatever their names (Karen Karapetyan the
        # prime minister, Q1979923, is not the deputy Karen Sarkisovich, Q4214152)
        clash = target is not None and target["wikidata"] and e["wikidata"] \
            and target["wikidata"] != e["wikidata"]
        if target is not None and not clash and (target["source"] == "curated"
                                                 or target["wikidata"] == e["wikidata"]):
            log.append(f"merged {e['id']} ({e['source']}) into {target['id']}")
            target["aliases"] = target["aliases"] + [n for n in e["aliases"] if n not in target["aliases"]]
            if not target["wikidata"] and e["wikidata"]:
                target["wikidata"] = e["wikidata"]
            continue
        people.append(e)
        for n in e["aliases"]:
            by_key.setdefault(alias_key(n), e)
        if e["wikidata"]:
            by_qid.setdefault(e["wikidata"], e)
    return people


def dedupe(people, log):
    """Same-person duplicates inside a row; full names shared by different people."""
    owners = defaultdict(set)
    for p in people:
        seen, al = {alias_key(p["label"])}, []
        for n in p["aliases"] + p["surnames"]:
            k = alias_key(n)
            if k not in seen:
                seen.add(k)
                al.append(n)
        p["aliases"] = al
        for n in [p["label"]] + al:
            owners[alias_key(n)].add(p["id"])
    clash = {k for k, ids in owners.items() if len(ids) > 1}
    for k in sorted(clash):
        log.append(f"name shared by {sorted(owners[k])}: {k[1]!r} dropped from all (kept as label)")
    for p in people:
        p["aliases"] = [n for n in p["aliases"] if alias_key(n) not in clash]
    # namesakes with the same label: the lowest Wikidata number (the better-known
    # person, e.g. chancellor Gerhard Schröder Q2530) keeps the plain label, the
    # others get their id appended so that they do not make the name ambiguous
    by_label = defaultdict(list)
    for p in people:
        by_label[alias_key(p["label"])].append(p)
    for group in by_label.values():
        if len(group) > 1:
            group.sort(key=lambda p: (not p["wikidata"], int(p["wikidata"][1:] or 0) if p["wikidata"] else 0, p["id"]))
            for p in group[1:]:
                log.append(f"namesake: {p['label']!r} {p['id']} labelled with its id (plain name kept by {group[0]['id']})")
                p["label"] = f"{p['label']} ({p['id']})"
    ids = defaultdict(int)
    for p in people:
        ids[p["id"]] += 1
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        sys.exit(f"duplicate ids: {dup}")


def write(people, path):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "type", "label", "aliases", "wikidata", "source"])
    n = 0
    for p in sorted(people, key=lambda p: p["id"]):
        n += len(p["aliases"])
        src = "curated" if p["source"] == "curated" else p["source"].replace("everypolitician_", "everypolitician:")
        w.writerow([p["id"], "person", p["label"], "|".join(p["aliases"]), p["wikidata"], src])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return n


def coverage(people, shared, corpus):
    """(source group, names, found) rows: labels and aliases of people.csv that
    occur in news/ and gold/ with a word boundary at both ends."""
    text = "\n".join(t for _, t in corpus_texts(shared))

    def found(name):
        # most legislators' names have a word the corpus never uses: skip the scan
        if not all(w in corpus.wordset for w in re.findall(r"\w+", name)) or name not in text:
            return False
        return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text) is not None

    groups = defaultdict(lambda: [0, 0])
    for p in people:
        group = "curated" if p["source"] == "curated" else "everypolitician"
        for n in [p["label"]] + p["aliases"]:
            groups[group][0] += 1
            groups[group][1] += found(n)
    return [(g, n, f) for g, (n, f) in sorted(groups.items())]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--curated", type=Path, default=HERE / "sources" / "people_curated.tsv")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    log = []
    ep = load_everypolitician(args.shared / "names", log)
    corpus = Corpus(args.shared)
    cur, stats = load_curated(args.curated, corpus, log)
    people = merge(cur, ep, log)
    dedupe(people, log)
    if args.verbose:
        print("\n".join(log))
    n = write(people, args.out / "people.csv")
    by_src = defaultdict(int)
    for p in people:
        by_src[p["source"]] += 1
    print(f"people.csv: {len(people)} people, {n} aliases; " +
          ", ".join(f"{k}: {v}" for k, v in sorted(by_src.items())))
    print(f"curated: {stats['candidates']} candidate forms, {stats['english']} English, "
          f"{stats['exact']} attested as written, {stats['inflected']} attested inflected")
    total = [0, 0]
    for group, names, hits in coverage(people, args.shared, corpus):
        print(f"in news/gold: {group}: {hits} of {names} labels and aliases")
        total[0] += names
        total[1] += hits
    print(f"in news/gold: all: {total[1]} of {total[0]} labels and aliases "
          f"({100 * total[1] / max(1, total[0]):.0f}%)")


if __name__ == "__main__":
    main()
