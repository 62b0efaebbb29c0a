#!/usr/bin/env python3
"""Generate gazetteers/countries.csv from the name sources under shared/data/names.

Usage:
    python3 gazetteers/generate_countries.py [DATA_DIR] [--out DIR] [--report [--corpus DIR]]

DATA_DIR defaults to <repo>/../shared/data/names (resolved from this file's
location). Python 3 standard library only, no network; the output is
deterministic (rows sorted by id, aliases in a fixed language order).

Sources (see gazetteers/README.md for licences):
  * CLDR 48 territory display names in en, az, tr, de, ru, including the
    `-alt-short` / `-alt-variant` forms (Unicode-3.0);
  * Debian iso-codes 4.15.0 ISO 3166-1 common and official names (LGPL-2.1+);
  * rigour 2.6.1 territories: Wikidata qid and `names_strong` (MIT);
  * EXTRA_ALIASES below: a few hand-added spellings, each one seen in the
    news/gold corpora under shared/data (counts in the README).

With --report it also counts, for countries.csv, people.csv and
organizations.csv, how many aliases occur (case-sensitively, as a substring)
in the text under shared/data/news and shared/data/gold, and prints the
table that gazetteers/README.md shows.
"""

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "names"

# Alias order inside a row: English first, then the other CLDR languages in
# this order, then rigour's names. The first five are in shared/data/names
# (the fallback when npm is unavailable); the rest come from the npm package.
FALLBACK_LANGS = ["en", "az", "tr", "de", "ru"]
LANGS = FALLBACK_LANGS + ["uk", "fr", "es", "ka", "hy"]
CLDR_PACKAGE = "cldr-localenames-full@48.2.0"

# Collision strength of a source (lower is stronger). When two countries
# share an alias, the one with the stronger source keeps it.
(RANK_LABEL, RANK_CLDR, RANK_CLDR_ALT, RANK_EXTRA, RANK_ISO, RANK_ISO_OFFICIAL, RANK_RIGOUR,
 RANK_RIGOUR_WEAK) = range(8)

# Exceptionally reserved / CLDR-only codes that are parts of other countries
# (Ascension, Tristan da Cunha, Diego Garcia, Canary Islands, Ceuta & Melilla,
# Clipperton, Sark): left out so that they do not compete with their parent.
# Kosovo (XK, user-assigned but universal) and the EU are added to the ISO list.
EXTRA_CODES = ["XK", "EU"]

# Spellings missing from the three sources but common in the corpora
# (each verified with grep over shared/data/news and shared/data/gold).
EXTRA_ALIASES = {
    "GB": {"en": ["Britain", "Great Britain"], "az": ["Böyük Britaniya", "Britaniya"],
           "tr": ["İngiltere"], "de": ["Großbritannien"]},
    "EU": {"en": ["EU"], "az": ["Avropa İttifaqı", "Aİ", "AB"], "tr": ["AB"],
           "ru": ["ЕС", "Евросоюз"]},
    "BY": {"ru": ["Белоруссия"]},
    "MD": {"ru": ["Молдавия"]},
    "NL": {"ru": ["Голландия"]},
    "KR": {"ru": ["Южная Корея"]},
    # the bare name of the other Congo (see AMBIGUOUS_OK)
    "CD": {"en": ["Congo"], "az": ["Konqo"], "de": ["Kongo"], "ru": ["Конго"]},
}

# Congo: the bare name is used for both Congos; keep it on both and let the
# matcher report it as ambiguous when the document does not decide.
AMBIGUOUS_OK = {"Congo", "Kongo", "Konqo", "Конго"}

# rigour `names_strong` entries that are not names of the territory: demonyms
# and language names, common words, codes, vandalism and plain errors.
RIGOUR_DROP = {
    "Ukrainian", "Estonian", "Gabonais", "Gabonese", "Qatari", "Israelite",
    "Yisraeli", "ISRAÉLIENNE", "Iraki", "Turkmen", "Magyar", "Nederlands",
    "Lietuvių kalba", "Jèrriais", "Dzayeri", "El Salvadori", "El Salvadore",
    "Cypriot Republic",
    "Mann",            # German "Mann" (man), rigour's short name of the Isle of Man
    "Tunis",           # the capital city, not the country
    "CAR",             # English word in capitals (Central African Republic)
    "Best Korea", "Aquaserbia",  # jokes / vandalism on Wikidata
    "РЕСПУБЛИКА ПАРАГВАЙ",       # listed under Papua New Guinea: it is Paraguay
    "Российская Федераци", "Российская Федерациѐ",  # truncated / mis-encoded
    "Suid -Afrika",    # broken spacing
    "P R China",
    "Республика Кот-д`Ивуар",  # backtick for an apostrophe
}

# CLDR names in fr/es that are also given names, cities, saints or words of
# the corpus languages: never taken (checked against shared/data/news).
CLDR_DROP = {
    "Maurice", "Mauricio",          # Mauritius (fr, es): given names (Maurice Greene, Mauricio Macri)
    "Dominique",                    # Dominica (fr): given name (Dominique de Villepin)
    "Granada", "Grenade",           # Grenada (es, fr): the Spanish city; English "grenade"
    "Chili",                        # Chile (fr): English "chili" (Red Hot Chili Peppers)
    "Argentine",                    # Argentina (fr): the English adjective
    "Reunión",                      # Réunion (es): Spanish "reunión" (meeting)
    "Guadalupe", "Santa Elena",     # Guadeloupe, St Helena (es): Latin American places and saints
    "San Martín", "San Bartolomé",  # St Martin, St Barthélemy (es): José de San Martín; the saint
    "RU",                           # UK (es, short): RU-486, Russian domain/abbreviation
    "Malte",                        # Malta (fr): German given name (Malte Pittner)
    "Japon",                        # Japan (fr): Turkish "Japon" = Japanese (Japon futbolcu)
    "Гаяна",                        # Guyana (uk): Russian Гаяне is the Armenian given name Gayane
    "Luxemburgo",                   # Luxembourg (es): Wanderley Luxemburgo, Real Madrid coach (BBC)
}

# rigour `names_weak` (Cyrillic, Georgian, Armenian) that pass weak_usable()
# but are words or wrong: reviewed by hand against the corpora.
WEAK_DROP = {
    "Этиоп", "Руснак",   # demonyms (an Ethiopian, a Rusyn); -ец demonyms are dropped by rule
    "Кина",              # Serbian "China", but Russian colloquial genitive of кино
    "Орос",              # Mongolian "Russia": not a target language, too short
    "Мексико",           # Serbian "Mexico": in Russian text only inside Нью-Мексико
    "Гаяна",             # Guyana (weak): inflects to Гаяне, an Armenian given name
    "Аман",              # Oman (weak): АМАН, Israeli military intelligence; Амман the city
    "Грек",              # a Greek (demonym)
}
# lower-case words allowed inside a multi-word weak name
LOWER_OK = {"и", "і", "да", "де", "ва", "щати", "острова", "острови", "о-ва"}

# Spellings the seed articles and the brief rely on: the run fails if a
# source update loses one of them.
REQUIRED = {
    "AZ": ["Azərbaycan", "Aserbaidschan", "Азербайджан", "Azerbaijan", "Azerbaycan"],
    "SE": ["İsveç", "Schweden", "Швеция"],
    "SK": ["Slovakiya"],
    "GE": ["Gürcüstan", "Georgien", "Грузия", "Gürcistan"],
    "AM": ["Ermənistan", "Armenien", "Армения", "Ermenistan"],
    "TR": ["Türkiyə", "Türkiye", "Turkey", "Türkei", "Турция"],
    "SY": ["Suriya", "Syrien", "Сирия", "Suriye"],
    "US": ["ABŞ", "USA", "США", "Amerika Birləşmiş Ştatları", "Vereinigte Staaten"],
    "AF": ["Əfqanıstan", "Afghanistan", "Афганистан"],
    "XK": ["Kosovo"],
    "RU": ["Rusiya", "Russland", "Россия", "Russia"],
}


def fold(s):
    """Matcher-equivalent key: İ I ı i are one letter, case-insensitive."""
    s = unicodedata.normalize("NFC", s)
    s = s.replace("İ", "i").replace("I", "i").replace("ı", "i")
    return s.casefold()


def is_acronym(s):
    letters = [c for c in s if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters) and s.isalpha()


def alias_key(s):
    # Acronyms of up to 5 capitals only match in capitals: `US` is not `Us`.
    return ("A", s) if is_acronym(s) else ("W", fold(s))


def usable(name, source):
    """Whether `name` may become an alias; `source` is 'cldr', 'iso', 'rigour', 'extra'."""
    name = name.strip()
    if not name:
        return False
    first = name[0]
    if first.isalpha() and not first.isupper():
        return False  # lowercase forms would match common words; none are needed
    if "(" in name or "[" in name:
        return False  # "Congo (DRC)", "COTE D'IVOIRE (IVORY COAST)": never written so in text
    if source in ("iso", "rigour") and "," in name:
        return False  # inverted ISO forms: "Korea, Republic of", "Syrien, Arabische Republik"
    letters = [c for c in name if c.isalpha()]
    if len(letters) <= 2 and not all(c.isupper() for c in letters):
        return False  # no short lowercase aliases; "US", "UK", "U.S." stay
    return True


def variants(name, lang):
    """Real alternative spellings of a name: ASCII apostrophe, Russian е for ё."""
    out = [name]
    if "’" in name:
        out.append(name.replace("’", "'"))
    if lang == "ru" and ("ё" in name or "Ё" in name):
        out += [v.replace("ё", "е").replace("Ё", "Е") for v in list(out)]
    return out


def cldr_cache_dir():
    """Where the npm package is installed: $ENTGRAPH_CLDR_CACHE, else
    $XDG_CACHE_HOME/entgraph/cldr-48.2.0, else ~/.cache/entgraph/cldr-48.2.0
    (outside the repository; nothing there is shipped)."""
    if os.environ.get("ENTGRAPH_CLDR_CACHE"):
        return Path(os.environ["ENTGRAPH_CLDR_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "entgraph" / "cldr-48.2.0"


def cldr_full_main(cache, offline):
    """The `main/` folder of cldr-localenames-full, installing it with npm
    into `cache` when it is not there yet. None when that is impossible."""
    main = cache / "node_modules" / "cldr-localenames-full" / "main"
    if (main / "en" / "territories.json").exists():
        return main
    if offline or not shutil.which("npm"):
        return None
    cache.mkdir(parents=True, exist_ok=True)
    cmd = ["npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund",
           "--no-save", "--silent", CLDR_PACKAGE]
    print("installing " + CLDR_PACKAGE + " into " + str(cache), file=sys.stderr)
    try:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=600)
    except (OSError, subprocess.SubprocessError) as e:
        print(f"npm install failed ({e})", file=sys.stderr)
        return None
    return main if (main / "en" / "territories.json").exists() else None


def load_cldr(data, cache=None, offline=False):
    """CLDR territory names per language, and the list of languages used."""
    main = cldr_full_main(cache or cldr_cache_dir(), offline)
    if main is None:
        print("WARNING: " + CLDR_PACKAGE + " unavailable; falling back to the "
              "five languages in " + str(data / "cldr48_territories") +
              " (the output then differs from the shipped file)", file=sys.stderr)
        langs = FALLBACK_LANGS
    else:
        langs = LANGS
    names = {}
    for lang in langs:
        if main is not None:
            path = main / lang / "territories.json"
        else:
            path = data / "cldr48_territories" / f"territories.{lang}.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        names[lang] = doc["main"][lang]["localeDisplayNames"]["territories"]
    return names, langs


def load_iso(data):
    path = data / "debian_iso-codes_4.15.0" / "iso_3166-1_en_az_de_ru_tr.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["alpha_2"]: row for row in csv.DictReader(f, delimiter="\t")}


def load_rigour(data):
    path = data / "rigour_2.6.1_territories" / "territories.jsonl"
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                out[row["code"].upper()] = row
    return out


def script_of(name):
    """'cyrl', 'geor', 'armn', 'latn' or 'other' for a name's letters (one script only)."""
    scripts = set()
    for c in name:
        if not c.isalpha():
            continue
        o = ord(c)
        if 0x0400 <= o <= 0x04FF:
            scripts.add("cyrl")
        elif 0x10A0 <= o <= 0x10FF or 0x1C90 <= o <= 0x1CBF:
            scripts.add("geor")
        elif 0x0530 <= o <= 0x058F:
            scripts.add("armn")
        elif o < 0x0300 or 0x1E00 <= o <= 0x1EFF:
            scripts.add("latn")
        else:
            scripts.add("other")
    return scripts.pop() if len(scripts) == 1 else "other"


def weak_usable(name, strong_names):
    """rigour `names_weak` are names in every language, many of them words
    (`German`, `Deutsch`, `Jaman`, `Saksa`). Only the non-Latin scripts of the
    target languages are taken (Cyrillic, Georgian, Armenian): the Latin-script
    target languages (az, tr, de, en, fr, es) are fully covered by CLDR, and
    the Latin weak names are other languages' words. A weak name must be
    capitalized (Georgian has no case), not all capitals, at least 4 letters,
    without parentheses or commas, and not a truncation (strict prefix) of
    another name of the same territory (`Молдави`, `Белорусси`)."""
    sc = script_of(name)
    if sc not in ("cyrl", "geor", "armn") or name in WEAK_DROP:
        return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4 or any(ch in name for ch in "(),[]`"):
        return False
    if name.endswith(("ец", "ска", "цка", "чка", "шка")) or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", name)
                                  if c not in "\u0306\u0308"):
        return False  # demonyms (Германец, Либиец); Serbian -ска/-чка names that are
                      # Russian adjectives or demonyms (Шведска ~ Шведской, Словачка);
                      # stress marks (Кана́да)
    if sc != "geor" and (not name[0].isupper() or all(c.isupper() for c in letters)):
        return False
    if not all(w[:1].isupper() or sc == "geor" or w in LOWER_OK for w in name.split()):
        return False  # old church slavonic / lower-case phrases
    f = fold(name)
    return not any(fold(o) != f and fold(o).startswith(f) for o in strong_names)


def build(data, cache=None, offline=False):
    cldr, langs = load_cldr(data, cache, offline)
    iso = load_iso(data)
    rigour = load_rigour(data)
    codes = sorted(set(iso) | set(EXTRA_CODES))
    all_codes = set()
    for c, row in iso.items():
        all_codes |= {c, row["alpha_3"]}

    entities = []
    for code in codes:
        r = rigour.get(code, {})
        qid = r.get("qid") or ""
        label = cldr["en"].get(code) or iso[code]["name_en"]
        # candidates: (name, lang, rank)
        cands = [(label, "en", RANK_LABEL)]
        for lang in langs:
            t = cldr[lang]
            if code in t and t[code] not in CLDR_DROP:
                cands.append((t[code], lang, RANK_CLDR))
            for k in sorted(t):
                if k.startswith(code + "-alt-") and t[k] not in CLDR_DROP:
                    cands.append((t[k], lang, RANK_CLDR_ALT))
            for name in EXTRA_ALIASES.get(code, {}).get(lang, []):
                cands.append((name, lang, RANK_EXTRA))
            if code in iso and f"name_{lang}" in iso[code]:
                cands.append((iso[code][f"name_{lang}"], lang, RANK_ISO))
                cands.append((iso[code][f"official_name_{lang}"], lang, RANK_ISO_OFFICIAL))
        for name in r.get("names_strong", []):
            if name in RIGOUR_DROP or name.upper() in all_codes:
                continue
            cands.append((name, "other", RANK_RIGOUR))
        all_names = [c[0] for c in cands] + list(r.get("names_weak", []))
        for name in sorted(r.get("names_weak", [])):
            if weak_usable(name, all_names):
                cands.append((name, "weak", RANK_RIGOUR_WEAK))
        order = {lang: i for i, lang in enumerate(LANGS + ["other", "weak"])}
        # stable sort by language; within a language keep source order
        cands = sorted(cands, key=lambda c: order[c[1]])
        seen = {}
        aliases = []
        for name, lang, rank in cands:
            name = unicodedata.normalize("NFC", name.strip())
            src = {RANK_RIGOUR: "rigour", RANK_RIGOUR_WEAK: "rigour", RANK_EXTRA: "extra", RANK_ISO: "iso",
                   RANK_ISO_OFFICIAL: "iso"}.get(rank, "cldr")
            if rank != RANK_LABEL and not usable(name, src):
                continue
            for v in variants(name, lang):
                k = alias_key(v)
                if k in seen:
                    seen[k][1] = min(seen[k][1], rank)
                    continue
                entry = [v, rank]
                seen[k] = entry
                aliases.append(entry)
        entities.append({
            "id": qid or f"country-{code.lower()}",
            "code": code,
            "label": label,
            "aliases": aliases,  # first one is the label
            "iso2": code if code != "EU" else "",
            "iso3": iso[code]["alpha_3"] if code in iso else "",
            "wikidata": qid,
            "is_country": bool(r.get("is_country")),
        })
    return entities


def resolve_collisions(entities, log):
    owners = {}
    for e in entities:
        for name, rank in e["aliases"]:
            owners.setdefault(alias_key(name), []).append((rank, not e["is_country"], e["id"], e, name))
    for key in sorted(owners):
        own = owners[key]
        if len(own) < 2:
            continue
        names = ", ".join(f"{o[4]} ({o[3]['code']}, rank {o[0]})" for o in own)
        if all(o[4] in AMBIGUOUS_OK for o in own):
            log.append(f"ambiguous, kept on all: {names}")
            continue
        own.sort(key=lambda o: (o[0], o[1], o[2]))
        keep = own[0]
        for _, _, _, e, name in own[1:]:
            if e["aliases"][0][0] == name:
                log.append(f"WARNING label shared, not dropped: {names}")
                continue
            e["aliases"] = [a for a in e["aliases"] if alias_key(a[0]) != key]
        log.append(f"collision: {names} -> kept on {keep[3]['code']}")


def check_required(entities):
    by_code = {e["code"]: {a[0] for a in e["aliases"]} for e in entities}
    missing = [f"{code}: {name}" for code, names in sorted(REQUIRED.items())
               for name in names if name not in by_code.get(code, ())]
    if missing:
        sys.exit("required spellings missing: " + ", ".join(missing))


def write_countries(entities, out):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "type", "label", "aliases", "iso2", "iso3", "wikidata"])
    n_alias = 0
    for e in sorted(entities, key=lambda e: e["id"]):
        al = [a[0] for a in e["aliases"][1:]]
        n_alias += len(al)
        w.writerow([e["id"], "country", e["label"], "|".join(al), e["iso2"], e["iso3"], e["wikidata"]])
    out.write_text(buf.getvalue(), encoding="utf-8")
    return len(entities), n_alias


# ---------------------------------------------------------------- report

def corpus_texts(shared_data):
    """Yield (name, text) for every text file under news/ and gold/."""
    def strings(o):
        if isinstance(o, str):
            yield o
        elif isinstance(o, dict):
            for v in o.values():
                yield from strings(v)
        elif isinstance(o, list):
            for v in o:
                yield from strings(v)

    for sub in ("news", "gold"):
        for p in sorted((shared_data / sub).rglob("*")):
            if not p.is_file() or p.name == "LICENSE":
                continue
            raw = p.read_bytes().decode("utf-8-sig", errors="replace")
            if p.suffix in (".json", ".jsonl", ".jsonlines"):
                try:
                    parts = list(strings(json.loads(raw)))
                except ValueError:
                    parts = []
                    for line in raw.splitlines():
                        line = line.strip().lstrip("\ufeff")
                        if not line:
                            continue
                        try:
                            parts.extend(strings(json.loads(line)))
                        except ValueError:
                            parts.append(line)
                raw = "\n".join(parts)
            yield str(p.relative_to(shared_data)), raw


def report(gazetteer_dir, shared_data):
    files = ["countries.csv", "organizations.csv", "people.csv"]
    aliases = {}
    for name in files:
        path = gazetteer_dir / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        labels = [row["label"] for row in rows]
        forms = [a for row in rows for a in row["aliases"].split("|") if a]
        aliases[name] = (labels, forms)
    text = "\n".join(t for _, t in corpus_texts(shared_data))
    print("| file | entities | labels found | aliases | aliases found | share |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (labels, forms) in aliases.items():
        hl = sum(1 for a in labels if a in text)
        hit = sum(1 for a in forms if a in text)
        print(f"| `{name}` | {len(labels)} | {hl} | {len(forms)} | {hit} | "
              f"{100 * hit / max(1, len(forms)):.0f}% |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                    help="names data folder (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=HERE, help="gazetteer folder to write into")
    ap.add_argument("--report", action="store_true",
                    help="count aliases of all CSVs that occur in shared/data/news and gold")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="shared data folder holding news/ and gold/ (default: DATA/..)")
    ap.add_argument("--cldr-cache", type=Path, default=None,
                    help="folder to npm-install " + CLDR_PACKAGE + " into (default: "
                         "$ENTGRAPH_CLDR_CACHE, else $XDG_CACHE_HOME/entgraph/cldr-48.2.0)")
    ap.add_argument("--offline", action="store_true",
                    help="do not run npm; use the cache if present, else the five "
                         "languages under DATA/cldr48_territories")
    args = ap.parse_args()

    entities = build(args.data, args.cldr_cache, args.offline)
    log = []
    resolve_collisions(entities, log)
    check_required(entities)
    for line in log:
        print(line)
    print(f"{sum(1 for l in log if l.startswith('collision'))} aliases dropped as collisions, "
          f"{sum(1 for l in log if l.startswith('ambiguous'))} kept as ambiguous")
    n, a = write_countries(entities, args.out / "countries.csv")
    print(f"countries.csv: {n} entities, {a} aliases")
    if args.report:
        report(args.out, args.corpus or args.data.resolve().parent)


if __name__ == "__main__":
    main()
