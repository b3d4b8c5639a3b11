#!/bin/sh
# Make sure flex and bison are installed; install them on Debian/Ubuntu
# when we are root, otherwise say exactly what to run.
missing=""
command -v flex >/dev/null 2>&1 || missing="$missing flex"
command -v bison >/dev/null 2>&1 || missing="$missing bison"
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "installing build dependencies:$missing"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null && exit 0
fi
echo "corogen needs:$missing" >&2
echo "install them with:  sudo apt-get install$missing   (Debian/Ubuntu)" >&2
echo "                or:  sudo dnf install$missing       (Fedora)" >&2
exit 1
