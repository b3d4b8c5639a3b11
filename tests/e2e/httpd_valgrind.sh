#!/bin/sh
# build/httpd under valgrind: serve a few requests (200, 301, 404, 405, a bad
# request, keep-alive), leave one connection open and one request half-sent,
# then SIGTERM (sent while those two are still open). Passes only if valgrind reports no errors and no leaks.
set -u
cd "$(dirname "$0")/../.." || exit 1
if ! command -v valgrind >/dev/null; then
	echo "FAIL: valgrind not installed" >&2
	exit 1
fi
[ -x build/httpd ] || { echo "FAIL: build/httpd missing; run make" >&2; exit 1; }

VGLOG=$(mktemp)
SITE=$(mktemp -d)
HTTPD_CMD="valgrind --track-fds=yes --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --log-file=$VGLOG build/httpd"
. tests/e2e/httpd_server.inc
trap 'cleanup_httpd; rm -rf "$SITE" "$VGLOG"' EXIT

mkdir -p "$SITE/dir"
echo '<a href="dir/">dir</a>' >"$SITE/index.html"
echo 'inner' >"$SITE/dir/index.html"
head -c 300000 /dev/zero >"$SITE/big.bin"

start_httpd "$SITE"
PORT=${ROOT_URL##*:}

timeout 60 python3 - "$PORT" "$HTTPD_PID" <<'EOF'
import os, signal, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])

def exchange(raw, wait_close=True):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(raw)
        data = b""
        while wait_close:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data

checks = [
    (b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", b"HTTP/1.1 200"),
    (b"GET /dir HTTP/1.1\r\nConnection: close\r\n\r\n", b"HTTP/1.1 301"),
    (b"GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n", b"HTTP/1.1 404"),
    (b"PUT / HTTP/1.1\r\nConnection: close\r\n\r\n", b"HTTP/1.1 405"),
    (b"nonsense\r\n\r\n", b"HTTP/1.1 400"),
    (b"GET /big.bin HTTP/1.1\r\n\r\nGET /dir/ HTTP/1.1\r\nConnection: close\r\n\r\n", b"HTTP/1.1 200"),
]
for raw, want in checks:
    got = exchange(raw)
    if not got.startswith(want):
        print("FAIL: %r -> %r" % (raw[:40], got[:60]), file=sys.stderr)
        sys.exit(1)
# A client that vanishes mid-response.
s = socket.create_connection(("127.0.0.1", port), timeout=20)
s.sendall(b"GET /big.bin HTTP/1.1\r\n\r\n")
s.recv(100)
s.close()
# Connections still open at SIGTERM: one idle keep-alive, one half a request.
idle = socket.create_connection(("127.0.0.1", port), timeout=20)
idle.sendall(b"GET / HTTP/1.1\r\n\r\n")
idle.recv(65536)
half = socket.create_connection(("127.0.0.1", port), timeout=20)
half.sendall(b"GET / HT")
time.sleep(0.5)
# SIGTERM while both are still open: their tasks are cancelled at exit.
os.kill(pid, signal.SIGTERM)
time.sleep(0.5)
EOF
rc=$?
if [ $rc -ne 0 ]; then
	echo "FAIL: requests under valgrind failed" >&2
	cat "$HTTPD_ERR" >&2
	exit 1
fi

i=0
while kill -0 "$HTTPD_PID" 2>/dev/null && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$HTTPD_PID" 2>/dev/null; then
	echo "FAIL: httpd under valgrind did not exit within 30 s of SIGTERM" >&2
	exit 1
fi
wait "$HTTPD_PID"
status=$?
HTTPD_PID=
if [ $status -ne 0 ] || ! grep -q "ERROR SUMMARY: 0 errors" "$VGLOG"; then
	echo "FAIL: valgrind exit status $status" >&2
	cat "$VGLOG" >&2
	exit 1
fi
# Every socket, file and pipe the server opened is closed: valgrind lists
# only descriptors inherited from the shell.
leaked=$(awk '/Open .*(descriptor|socket)/ { fd = $0; getline; if ($0 !~ /inherited from parent/) print fd }' "$VGLOG")
if [ -n "$leaked" ]; then
	echo "FAIL: httpd left file descriptors open:" >&2
	echo "$leaked" >&2
	exit 1
fi
echo "httpd_valgrind: ok"
