#!/bin/sh
# examples/lib/entities.c (committed) must be exactly what gen_entities.py
# writes from Python's html.entities.html5: 2,231 HTML5 named references.
set -e
python3 examples/lib/gen_entities.py --check examples/lib/entities.c
n=$(grep -c '^	{ "' examples/lib/entities.c)
[ "$n" = 2231 ] || { echo "entities.c has $n names, want 2231"; exit 1; }
echo "entities.c: $n names, up to date"
