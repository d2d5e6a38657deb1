#!/bin/sh
# Install what the browser tests (tests/browser) need on a fresh Debian machine. Run as root.
#
# Chromium comes from Debian, because the CI machines have no route to the download that
# `playwright install chromium` makes (the browser tests fall back to that download on machines
# without a Chromium; .ci/run names Debian's with ADVCNN_CHROMIUM so that CI never tries it).
# The tests drive it through the Python package playwright, which the project's dev extras
# install; if PYTHON (default .venv/bin/python) exists and lacks it, it is installed there too.
set -eu

if [ "$(id -u)" -ne 0 ]; then
    echo "install-browser.sh: run as root (it calls apt-get)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium

# Call the binary itself: the /usr/bin/chromium wrapper adds a shell warning on some machines.
/usr/lib/chromium/chromium --version

PYTHON="${PYTHON:-.venv/bin/python}"
if [ -x "$PYTHON" ]; then
    if ! "$PYTHON" -c "import playwright" 2>/dev/null; then
        "$PYTHON" -m pip install "playwright>=1.45"
    fi
    "$PYTHON" -m playwright --version
fi
