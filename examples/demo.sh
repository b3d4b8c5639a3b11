#!/bin/sh
# demo.sh — what `make demo` runs: generate the sample site, serve it with
# build/httpd on a free loopback port, crawl it with build/crawler, print
# the report. Exits with the crawler's status; the server is always stopped.
# Run from the repository root after `make`. No network needed.
set -u

B=build
SITE=$B/demo-site
EXPECTED=$B/demo-site.expected.tsv

for prog in $B/httpd $B/crawler; do
	if [ ! -x "$prog" ]; then
		echo "demo: $prog is missing; run make first" >&2
		exit 1
	fi
done

python3 examples/gensite.py --expected "$EXPECTED" "$SITE" || exit 1

PORT_FILE=$(mktemp) || exit 1
HTTPD_PID=
stop_server() {
	if [ -n "$HTTPD_PID" ]; then
		kill "$HTTPD_PID" 2>/dev/null
		wait "$HTTPD_PID" 2>/dev/null
		HTTPD_PID=
	fi
	rm -f "$PORT_FILE"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

$B/httpd -q -p 0 -r "$SITE" >"$PORT_FILE" &
HTTPD_PID=$!

# httpd prints "listening on http://127.0.0.1:PORT/" once it accepts.
ROOT_URL=
for _ in $(seq 50); do
	ROOT_URL=$(sed -n 's|^listening on \(http://[^ ]*\)$|\1|p' "$PORT_FILE")
	[ -n "$ROOT_URL" ] && break
	if ! kill -0 "$HTTPD_PID" 2>/dev/null; then
		echo "demo: httpd exited before listening" >&2
		exit 1
	fi
	sleep 0.1
done
if [ -z "$ROOT_URL" ]; then
	echo "demo: httpd did not report its port" >&2
	exit 1
fi

echo "demo: serving $SITE at $ROOT_URL; crawling it"
$B/crawler "$ROOT_URL"
status=$?
echo "demo: crawler exited with status $status"
exit $status
