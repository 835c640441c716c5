#!/usr/bin/env bash
# Builds earshot and runs every test: unit, end-to-end replays of the fixtures and peer
# traces, command-line tests, (as root) live capture on loopback and the demo, then the
# deployment checks (linters, the release build and a least-privilege capture). Ends with
# one line counting everything that passed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT

swift build --build-tests
# The tests are Swift Testing suites; XCTest would only add an empty run.
swift test --skip-build --disable-xctest 2>&1 | tee "$log"
tests=$(sed -n 's/.*Test run with \([0-9]*\) tests in .* passed.*/\1/p' "$log" | tail -n 1)
if [[ -z "$tests" ]]; then
    echo "error: the Swift test run did not report passing" >&2
    exit 1
fi

bash scripts/lint-deploy.sh 2>&1 | tee "$log"
checks=$(sed -n 's/^lint-deploy: \([0-9]*\) passed, 0 failed$/\1/p' "$log" | tail -n 1)
if [[ -z "$checks" ]]; then
    echo "error: the deployment checks did not all pass" >&2
    exit 1
fi

echo "earshot: $((tests + checks)) passed, 0 failed"
