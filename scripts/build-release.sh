#!/usr/bin/env bash
# Builds the release binary that the container image ships, and checks what it links against.
#
#   bash scripts/build-release.sh OUTPUT_DIR
#
# The Swift standard library and Foundation are linked statically, so the binary needs only
# libpcap, libcurl, libyaml and the C/C++ runtime that every Debian base image has. The
# Containerfile runs this script in its build stage; CI runs the same script outside a
# container (scripts/lint-deploy.sh), so the image's build steps are exercised on every run
# even where no container engine exists.
#
# Needs a Swift 6 toolchain (PATH, or /opt/swift) and the -dev packages that
# scripts/install-deps.sh installs (libpcap-dev, libcurl4-openssl-dev, libyaml-dev); it
# installs nothing itself, so that it behaves the same inside the image build.
# EARSHOT_RELEASE_SCRATCH overrides the build folder (default .build-release, kept apart from
# .build so that the static release and the ordinary builds do not rebuild each other).
set -euo pipefail

if (($# != 1)); then
    echo "usage: $0 OUTPUT_DIR" >&2
    exit 64
fi
output_dir=$1
cd "$(dirname "$0")/.."
scratch=${EARSHOT_RELEASE_SCRATCH:-.build-release}

source scripts/swift-path.sh

build=(swift build -c release --static-swift-stdlib --product earshot --scratch-path "$scratch")
echo "+ ${build[*]}" >&2
"${build[@]}"
bin_dir=$("${build[@]}" --show-bin-path)
mkdir -p "$output_dir"
install -m 755 "$bin_dir/earshot" "$output_dir/earshot"
binary="$output_dir/earshot"

# The runtime image installs libpcap0.8, libcurl4 and libyaml-0-2; libc, libm, libstdc++ and
# libgcc_s are in every Debian base image. Anything else the binary asks for directly would
# be missing at run time, so it fails the build here rather than in a cluster.
allowed_needed=(
    libpcap.so.0.8 libcurl.so.4 libyaml-0.so.2
    libc.so.6 libm.so.6 libstdc++.so.6 libgcc_s.so.1
    libdl.so.2 libpthread.so.0 librt.so.1 libutil.so.1
    ld-linux-x86-64.so.2 ld-linux-aarch64.so.1
)
echo "+ ldd $binary" >&2
ldd_output=$(ldd "$binary")
echo "$ldd_output" >&2
failed=0
if grep -Eq 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime' \
    <<<"$ldd_output"; then
    echo "error: $binary links a Swift runtime library dynamically; expected a static" \
        "Swift standard library (--static-swift-stdlib)" >&2
    failed=1
fi
if grep -q 'not found' <<<"$ldd_output"; then
    echo "error: $binary needs libraries this system lacks (see 'not found' above)" >&2
    failed=1
fi
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
for library in $needed; do
    allowed=0
    for candidate in "${allowed_needed[@]}"; do
        [[ "$library" == "$candidate" ]] && allowed=1
    done
    if ((!allowed)); then
        echo "error: $binary needs $library, which the runtime image does not install;" \
            "add its package to the Containerfile's final stage and to this list" >&2
        failed=1
    fi
done
if ((failed)); then
    exit 1
fi
echo "release binary: $binary ($(du -h "$binary" | cut -f1)); needs: $(echo $needed)" >&2
