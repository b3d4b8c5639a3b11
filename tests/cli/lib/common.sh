# Sourced by the cli tests, which run from the repository's root: stop at
# the first failing command, corogen as $C, a scratch directory $T removed
# on exit, and fail() naming the test in its message.
set -e
C=${COROGEN:-build/corogen}
T=$(mktemp -d "${TMPDIR:-/tmp}/corogen-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "$(basename "$0" .sh): $*" >&2; exit 1; }
