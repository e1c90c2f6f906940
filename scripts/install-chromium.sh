#!/usr/bin/env bash
# Installs Debian's Chromium for the e2e suite's editor test (playwright-core drives it
# through executablePath; Playwright's own browser download cannot work offline).
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM_BIN=/usr/bin/chromium

if [ -x "$CHROMIUM_BIN" ]; then
	echo "chromium already installed: $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

echo "Installing Debian's chromium (apt-get)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
echo "chromium installed: $("$CHROMIUM_BIN" --version)"
