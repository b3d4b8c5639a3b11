#!/bin/sh
# tls_certs.sh DIR — make the certificates the TLS tests use, with the
# openssl command, into DIR (created):
#   ca.pem                 a test CA (the only trust anchor the tests name)
#   good.pem, good.key     signed by the CA for 127.0.0.1, ::1 and localhost
#   self.pem, self.key     self-signed, for 127.0.0.1 and localhost
#   wrong.pem, wrong.key   signed by the CA for wrong.example only
#   expired.pem, expired.key  signed by the CA for 127.0.0.1 and localhost,
#                          valid only in January 2020 (`openssl ca
#                          -startdate/-enddate`: x509 -days cannot go back)
# EC P-256 keys: quick to make. Exit status non-zero if anything failed.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
command -v openssl >/dev/null 2>&1 || { echo "tls_certs.sh: openssl is not installed" >&2; exit 1; }
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
SAN_GOOD="subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost"

key ca.key
openssl req -x509 -new -key ca.key -subj "/CN=corogen test CA" -days 30 \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	-out ca.pem 2>/dev/null

# leaf NAME SAN: a key and a CA-signed certificate valid for 30 days
leaf() {
	key "$1.key"
	openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr" 2>/dev/null
	printf '%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$2" >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
		-extfile "$1.ext" -out "$1.pem" 2>/dev/null
}
leaf good "$SAN_GOOD"
leaf wrong "subjectAltName=DNS:wrong.example"

key self.key
openssl req -x509 -new -key self.key -subj "/CN=self-signed" -days 30 \
	-addext "$SAN_GOOD" -out self.pem 2>/dev/null

# The expired one goes through `openssl ca`, which takes explicit dates.
mkdir -p ca.db
: >ca.db/index.txt
echo 1000 >ca.db/serial
cat >ca.cnf <<CNF
[ ca ]
default_ca = test
[ test ]
dir = ca.db
database = ca.db/index.txt
serial = ca.db/serial
new_certs_dir = ca.db
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = leaf
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
$SAN_GOOD
CNF
key expired.key
openssl req -new -key expired.key -subj "/CN=expired" -out expired.csr 2>/dev/null
openssl ca -batch -config ca.cnf -notext -startdate 20200101000000Z -enddate 20200131000000Z \
	-in expired.csr -out expired.pem 2>/dev/null
for f in ca good self wrong expired; do
	[ -s "$f.pem" ] || { echo "tls_certs.sh: $f.pem was not made" >&2; exit 1; }
done
