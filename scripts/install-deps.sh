#!/usr/bin/env bash
# Installs what earshot needs to build and test that this Debian machine lacks, and puts the
# Swift toolchain on PATH. Sourced by the other scripts; safe to run again.

earshot_packages=(
    libpcap-dev libyaml-dev libcurl4-openssl-dev openssl
    tcpdump iproute2 curl python3 pkg-config
)

earshot_missing=()
for package in "${earshot_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || earshot_missing+=("$package")
done
if ((${#earshot_missing[@]})); then
    echo "installing: ${earshot_missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${earshot_missing[@]}" >/dev/null
fi

source "$(dirname "${BASH_SOURCE[0]}")/swift-path.sh"
