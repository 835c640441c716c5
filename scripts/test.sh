#!/usr/bin/env bash
# Builds earshot and runs every test: unit, end-to-end replays of the fixtures and peer
# traces, command-line tests and (as root) live capture on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
bash scripts/lint-deploy.sh
