"""Shared helpers of the gazetteer generators: the text of shared/data, and
whether a spelling occurs in it.

A spelling counts as attested when it occurs in the text of shared/data/news,
shared/data/gold, shared/data/names (JSON decoded) or the seed articles in
shared/seeds with a word boundary at
both ends, or, for inflecting languages, when every word of it occurs with its
last one or two letters replaced by up to four others (`Международный
валютный фонд` is attested by `Международного валютного фонда`,
`Avropa Komissiyası` by `Avropa Komissiyasının`). The second test is a
verification aid only; what the matcher accepts is decided by gazetteers/lang/.
"""

import bisect
import re
from pathlib import Path

from generate_countries import corpus_texts

WORD = re.compile(r"\w[\w'’.-]*\w|\w")


class Corpus:
    def __init__(self, shared_data: Path):
        parts = [t for _, t in corpus_texts(shared_data)]
        seeds = shared_data.parent / "seeds"  # the project's seed articles
        for p in sorted(seeds.rglob("*")) if seeds.is_dir() else []:
            if p.is_file():
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted((shared_data / "names").rglob("*")):
            if p.is_file() and p.suffix in (".csv", ".tsv", ".json", ".jsonl"):
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
        self.text = "\n".join(parts)
        words = set()
        for w in re.findall(r"\w+", self.text):
            words.add(w)
        self.words = sorted(words)
        self.wordset = words
        self._cache = {}

    def _has_prefix(self, stem):
        i = bisect.bisect_left(self.words, stem)
        return i < len(self.words) and self.words[i].startswith(stem)

    def exact(self, s):
        if s in self._cache:
            return self._cache[s]
        ok = False
        start = 0
        while True:
            i = self.text.find(s, start)
            if i < 0:
                break
            before = self.text[i - 1] if i else " "
            after = self.text[i + len(s)] if i + len(s) < len(self.text) else " "
            if not before.isalnum() and not after.isalnum():
                ok = True
                break
            start = i + 1
        self._cache[s] = ok
        return ok

    def attested(self, s):
        """'exact', 'inflected' or ''."""
        if self.exact(s):
            return "exact"
        words = s.split()
        if not all(re.fullmatch(r"\w+", w) for w in words):
            return ""
        stems = []
        for w in words:
            stem = w[:-2] if len(w) >= 6 else w[:-1] if len(w) >= 4 else w
            if not self._has_prefix(stem):
                return ""
            stems.append(stem)
        pat = re.compile(r"\s+".join(re.escape(st) + r"\w{0,4}" for st in stems) + r"(?!\w)")
        text, first = self.text, stems[0]
        i = text.find(first)
        while i >= 0:
            if (i == 0 or not text[i - 1].isalnum()) and pat.match(text, i):
                return "inflected"
            i = text.find(first, i + 1)
        return ""
