#!/usr/bin/env bash
# Installs Debian's PostgreSQL and Redis for the queue-mode suite (`npm run test:queue`).
# The suite runs both as plain processes in a temporary folder (scripts/queue/services.js):
# only the binaries are needed, so the clusters and services the packages set up are
# left stopped. Idempotent: installs only what is missing.
set -euo pipefail

# The suite looks for Debian's versioned PostgreSQL binaries (any version).
have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }
have_redis() { command -v redis-server >/dev/null 2>&1; }

packages=()
have_postgres || packages+=(postgresql)
have_redis || packages+=(redis-server)

if [ ${#packages[@]} -eq 0 ]; then
	echo "postgresql and redis-server already installed"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

echo "Installing ${packages[*]} (apt-get)..."
started=$SECONDS
$SUDO apt-get update -qq
# policy-rc.d 101 keeps the packages from starting their own services (no init system in
# containers, and the suite starts its own on free ports).
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod +x "$policy"
	created_policy=1
fi
remove_policy() { if [ -n "$created_policy" ]; then $SUDO rm -f "$policy"; fi; }
trap remove_policy EXIT
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
have_postgres || { echo "postgresql installed but no /usr/lib/postgresql/*/bin/postgres" >&2; exit 1; }
have_redis || { echo "redis-server installed but not on PATH" >&2; exit 1; }
echo "installed in $((SECONDS - started)) s: $(redis-server --version | cut -d' ' -f1-3), $(ls -d /usr/lib/postgresql/*/bin/postgres)"
