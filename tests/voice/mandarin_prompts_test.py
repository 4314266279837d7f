#!/usr/bin/env python3
"""The screen's voice prompts are spoken as Mandarin (docs/SCREEN.md, "Voice prompts").

espeak-ng turns each Chinese character into pinyin (换 -> huan4) and then
speaks the pinyin. With Debian 12's espeak-ng 1.51 the plain `cmn` voice reads
that pinyin as English letters ("你好" -> "ni three hao three"), which its
phoneme output shows as a switch to English, "(en)". This asks espeak-ng for
the phonemes of every prompt in the voice the build uses and fails on any
switch away from Mandarin, and on a prompt that is not all Chinese text
(Latin letters and digits are read out in English).

usage: mandarin_prompts_test.py --prompts prompts.tsv --voice cmn-latn-pinyin [--espeak espeak-ng]
"""
import argparse
import re
import subprocess
import sys


def prompts(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            state, words = line.split("\t")
            yield state, words


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", required=True)
    ap.add_argument("--voice", required=True)
    ap.add_argument("--espeak", default="espeak-ng")
    args = ap.parse_args()

    failed = 0
    count = 0
    for state, words in prompts(args.prompts):
        count += 1
        problems = []
        if re.search(r"[A-Za-z0-9]", words):
            problems.append("has Latin letters or digits, which the voice reads in English")
        p = subprocess.run([args.espeak, "-v", args.voice, "-x", "-q", words],
                           capture_output=True, text=True, check=False)
        if p.returncode != 0:
            problems.append("espeak-ng failed: " + p.stderr.strip())
        switches = sorted(set(re.findall(r"\(([a-z-]+)\)", p.stdout)) - {"cmn", "zh"})
        if switches:
            problems.append("spoken partly as %s: %s" % (", ".join(switches), p.stdout.strip()))
        if not p.stdout.strip():
            problems.append("no phonemes")
        print(("FAIL  " if problems else "ok    ") + state + (": " + "; ".join(problems) if problems else ""))
        failed += bool(problems)
    if count == 0:
        print("FAIL  no prompts in " + args.prompts)
        return 1
    print("%d passed, %d failed" % (count - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
