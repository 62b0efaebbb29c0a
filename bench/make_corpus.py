"""Build a bench corpus of about SIZE megabytes of real news as JSON Lines.

Articles come from ../shared/data/news (az, de, en, ru, tr; read at bench
time, never committed), taken round-robin by language so every size has the
same mix, and repeated under distinct ids until the size is reached.

usage: python3 bench/make_corpus.py NEWS_DIR SIZE_MB OUT.jsonl
"""

import csv
import glob
import json
import os
import sys


def articles(news):
    by_lang = {}
    with open(os.path.join(news, "az_banker/banker_az_complete_data_20250824_230506.json"), encoding="utf-8") as f:
        by_lang["az"] = [(a.get("title", ""), a["content"]) for a in json.load(f)["articles_with_content"] if a.get("content")]
    with open(os.path.join(news, "de_zeitgeist/archive.jsonl"), encoding="utf-8") as f:
        by_lang["de"] = [(r["title"], r["content"]) for r in map(json.loads, f) if r.get("content")]
    en = []
    for path in sorted(glob.glob(os.path.join(news, "en_bbc/bbc/*/*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            title, _, body = f.read().partition("\n")
        en.append((title, body.strip()))
    by_lang["en"] = en
    ru = []
    for path in sorted(glob.glob(os.path.join(news, "ru_rt_ng/*.jsonlines"))):
        with open(path, encoding="utf-8") as f:
            ru += [(r["title"], r["content"]) for r in map(json.loads, f) if r.get("content")]
    by_lang["ru"] = ru
    tr = []
    with open(os.path.join(news, "tr_rss/news.json"), encoding="utf-8-sig") as f:
        for line in f:
            props = json.loads(line).get("properties", {})
            text = props.get("description", {}).get("stringValue")
            if text:
                tr.append((props.get("title", {}).get("stringValue", ""), text))
    by_lang["tr"] = tr
    return by_lang


def main(news, size_mb, out):
    target = int(float(size_mb) * 1_000_000)
    by_lang = articles(news)
    langs = sorted(by_lang)
    written = 0
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            lang = langs[n % len(langs)]
            pool = by_lang[lang]
            title, text = pool[(n // len(langs)) % len(pool)]
            line = json.dumps({"id": f"{lang}-{n}", "title": title, "text": text, "lang": lang}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{out}: {n} articles, {written / 1e6:.1f} MB, languages {' '.join(langs)} in equal numbers")


if __name__ == "__main__":
    main(*sys.argv[1:4])
