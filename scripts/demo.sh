#!/usr/bin/env bash
# Builds earshot and replays the bundled recording, printing its slow requests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh
swift build -c release --product earshot >&2
exec .build/release/earshot replay fixtures/demo.pcap --format text "$@"
