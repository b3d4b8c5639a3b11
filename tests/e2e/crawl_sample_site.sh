#!/bin/sh
# build/crawler --report tsv on sites from examples/gensite.py served by
# build/httpd must equal the generator's expected.tsv exactly: links in
# every form, redirects, 404s, non-HTML files, and nothing it must not fetch.
# Two sites, one crawled with a single task. Exit 0 = pass.
set -u
cd "$(dirname "$0")/../.." || exit 1
[ -x build/httpd ] || { echo "FAIL: build/httpd missing; run make" >&2; exit 1; }
if [ ! -x build/crawler ]; then
	echo "SKIP: build/crawler does not exist yet (examples/crawler.co)"
	exit 0
fi
TMP=$(mktemp -d)
. tests/e2e/httpd_server.inc
trap 'cleanup_httpd; rm -rf "$TMP"' EXIT

crawl_and_compare() {
	name=$1; shift; gen_args=$1; shift
	# shellcheck disable=SC2086 — gen_args is a word list on purpose
	timeout 60 python3 examples/gensite.py $gen_args "$TMP/$name" 2>/dev/null ||
		{ echo "FAIL: gensite $gen_args" >&2; exit 1; }
	start_httpd "$TMP/$name" -q
	timeout 120 build/crawler "$@" --report tsv "$ROOT_URL/" >"$TMP/$name.got" 2>"$TMP/$name.err"
	rc=$?
	stop_httpd
	if [ $rc -ne 0 ]; then
		echo "FAIL: crawler $* exited $rc" >&2
		cat "$TMP/$name.err" >&2
		exit 1
	fi
	sed "s|@ROOT@|$ROOT_URL|g" "$TMP/$name.expected.tsv" >"$TMP/$name.want"
	if ! cmp -s "$TMP/$name.want" "$TMP/$name.got"; then
		echo "FAIL: crawl of the $name site differs from its expected.tsv:" >&2
		diff "$TMP/$name.want" "$TMP/$name.got" | head -40 >&2
		exit 1
	fi
	echo "$name site: $(wc -l <"$TMP/$name.got") URLs as expected"
}

crawl_and_compare default ""
crawl_and_compare small "--pages 60 --seed 9" -c 1
echo "crawl_sample_site: ok"
