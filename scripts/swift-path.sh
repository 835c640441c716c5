#!/usr/bin/env bash
# Puts the Swift toolchain on PATH when it is installed but not there yet (as in /opt/swift).
# Sourced by the other scripts.

if ! command -v swift >/dev/null 2>&1; then
    for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        if [[ -x "$candidate/swift" ]]; then
            export PATH="$candidate:$PATH"
            break
        fi
    done
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "error: no Swift toolchain found; install Swift 6 and put it on PATH" >&2
    exit 1
fi
