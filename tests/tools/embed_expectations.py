#!/usr/bin/env python3
"""Move old-style expectation files into their test files.

Before, a case was two or three files:
    tests/run/NAME.co      + NAME.out            (the program's stdout)
    tests/errors/NAME.co   + NAME.err            (corogen's diagnostics)
    tests/warnings/NAME.co + NAME.err            (corogen's warnings)
    tests/golden/NAME.co   + NAME.c + NAME.ir    (generated C, --dump-ir)
Now the expectations are sections at the end of NAME.co (tests/README.md,
tests/tools/expectfile.py). This tool appends or replaces those sections
with the old files' contents, byte for byte, and deletes the old files.

It is idempotent: on converted files it changes nothing. An old-style file
beside an already converted .co (a branch that changed NAME.out after the
conversion) replaces that one section; the other sections stay.

Usage: tests/tools/embed_expectations.py [-n] [DIR...]
  DIR   suite directories (default: tests/run tests/errors tests/warnings
        tests/golden); the suite is the directory's name
  -n    only say what would change
Then stage the result: git add tests/run tests/errors tests/warnings tests/golden
"""
import argparse
import glob
import os
import sys

import expectfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# per suite: (old extension, section name) in the order sections are written
SUITES = {
    "run": [(".out", "stdout")],
    "errors": [(".err", "diagnostics")],
    "warnings": [(".err", "diagnostics")],
    "golden": [(".c", "C"), (".ir", "IR")],
}


def convert(co, layout, dry_run):
    """Returns the old files moved into co (empty if nothing to do)."""
    old = [(co[:-3] + ext, name) for ext, name in layout if os.path.exists(co[:-3] + ext)]
    if not old:
        return []
    tf = expectfile.parse(co)
    sections = {n: tf.expected(n) for n in tf.sections}
    for path, name in old:
        with open(path, "rb") as f:
            sections[name] = f.read()
    known = [n for _, n in layout]
    order = known + [n for n in tf.sections if n not in known]
    if not dry_run:
        expectfile.write(co, tf.input, [(n, sections[n]) for n in order if n in sections])
        # the new file must read back to exactly what the old files held
        back = expectfile.parse(co)
        assert back.input == tf.input, co
        for path, name in old:
            assert back.expected(name) == sections[name], (co, name)
        for path, _ in old:
            os.remove(path)
    return [p for p, _ in old]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("-n", dest="dry_run", action="store_true")
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()
    dirs = args.dirs or [os.path.join(ROOT, "tests", s) for s in SUITES]
    bad = 0
    for d in dirs:
        suite = os.path.basename(os.path.normpath(d))
        if suite not in SUITES:
            print(f"{d}: not a suite with expectations ({', '.join(SUITES)})", file=sys.stderr)
            return 2
        layout = SUITES[suite]
        for co in sorted(glob.glob(os.path.join(d, "*.co"))):
            try:
                moved = convert(co, layout, args.dry_run)
            except expectfile.FormatError as e:
                print(e, file=sys.stderr)
                bad += 1
                continue
            for path in moved:
                print(f"{'would move' if args.dry_run else 'moved'} {os.path.relpath(path)} "
                      f"into {os.path.relpath(co)}")
        for ext, _ in layout:   # an expectation whose test is gone is a mistake
            for path in sorted(glob.glob(os.path.join(d, "*" + ext))):
                if not os.path.exists(path[:-len(ext)] + ".co"):
                    print(f"{os.path.relpath(path)}: no {os.path.basename(path[:-len(ext)])}.co "
                          "beside it; left alone", file=sys.stderr)
                    bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
