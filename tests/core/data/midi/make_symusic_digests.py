#!/usr/bin/env python3
"""Regenerates symusic-0.5.8-corpus-digests.txt: what symusic 0.5.8 (the MIDI parser of MidiTok
3.0.6) reads from every file of the corpus, as one FNV-1a 64 digest per file.

    python3 -m venv /tmp/symusic && /tmp/symusic/bin/pip install symusic==0.5.8
    /tmp/symusic/bin/python tests/core/data/midi/make_symusic_digests.py ../shared/corpus \
        > tests/core/data/midi/symusic-0.5.8-corpus-digests.txt

The text digested is the dump corpusDigest() in tests/core/tst_smfreader.cpp builds from our
Score, line for line and in symusic's order: tpq, tempos (time, microseconds per quarter), time
signatures, key signatures (sharps, minor), markers, then per track its header line and its
notes, controls, pedals, pitch bends and lyrics. tst_smfreader's corpusEqualsSymusic compares.

NOT RUN YET: the shipped digests were made by a C++ oracle built against symusic 0.5.8's sources
(see README.md beside this file); symusic cannot be installed here (no PyPI) and the source build
the first session used was not kept, so this script has never been run.
"""
import os
import sys

import symusic


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def dump(score) -> str:
    out = [f"tpq {score.ticks_per_quarter}\n"]
    out += [f"tempo {t.time} {t.mspq}\n" for t in score.tempos]
    out += [f"ts {t.time} {t.numerator} {t.denominator}\n" for t in score.time_signatures]
    out += [f"ks {k.time} {k.key} {int(k.tonality)}\n" for k in score.key_signatures]
    out += [f"marker {m.time} {m.text}\n" for m in score.markers]
    for tr in score.tracks:
        out.append(f"track name={tr.name} program={tr.program} drum={int(tr.is_drum)} "
                   f"notes={len(tr.notes)} controls={len(tr.controls)} pedals={len(tr.pedals)} "
                   f"bends={len(tr.pitch_bends)} lyrics={len(tr.lyrics)}\n")
        out += [f"n {n.time} {n.duration} {n.pitch} {n.velocity}\n" for n in tr.notes]
        out += [f"c {c.time} {c.number} {c.value}\n" for c in tr.controls]
        out += [f"p {p.time} {p.duration}\n" for p in tr.pedals]
        out += [f"b {b.time} {b.value}\n" for b in tr.pitch_bends]
        out += [f"l {l.time} {l.text}\n" for l in tr.lyrics]
    return "".join(out)


def main() -> None:
    corpus = sys.argv[1]
    assert symusic.__version__ == "0.5.8", f"symusic {symusic.__version__}, not 0.5.8"
    files = []
    for folder, _, names in os.walk(corpus):
        files += [os.path.join(folder, n) for n in names if n.lower().endswith((".mid", ".midi"))]
    print("# FNV-1a 64 digests of symusic 0.5.8 Score<Tick> dumps (format: see tst_smfreader corpusDigest)")
    for path in sorted(files, key=lambda p: os.path.relpath(p, corpus)):
        text = dump(symusic.Score(path, ttype="tick"))
        print(f"{fnv1a64(text.encode('utf-8')):016x}  {os.path.relpath(path, corpus)}")


if __name__ == "__main__":
    main()
