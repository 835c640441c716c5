#!/usr/bin/env bash
# The README's first command: a client service calling a key-value database service, with
# earshot watching the client's traffic as its sidecar would in Kubernetes.
#
# Two network namespaces stand for the client pod shop/shop-frontend-7d9f8b6c5d-x2x7q
# (10.244.1.5) and the database pod data/kv-db-0 (10.244.2.7, port 6380), joined by a veth
# pair; the addresses exist only inside them. The database (demo/kvdb.py) starts first; once
# it answers /healthz, earshot starts capturing on eth0 inside the client's namespace and
# names both ends from fixtures/pods.pods.json, then the client (demo/client.py) sends its
# requests. When the client is done, earshot is stopped with SIGINT and prints the slow
# requests and its summary. Everything it made is removed on exit, Ctrl-C included.
#
# Where network namespaces cannot be made (no root, or a container without CAP_SYS_ADMIN),
# it says so and replays fixtures/pods.pcap, a recording of this same demo.
#
#   bash scripts/demo.sh [--replay] [earshot options...]
#
# --replay replays the recording without making anything. Other arguments go to earshot
# (--slow 100, --all, --format json). Standard output carries earshot's report only; the
# client's lines, the steps and earshot's summary go to standard error. EARSHOT_BINARY, when
# set, names an earshot executable to use instead of building one (the tests use it).
set -euo pipefail
cd "$(dirname "$0")/.."

replay_only=false
if [[ "${1:-}" == "--replay" ]]; then
    replay_only=true
    shift
fi

source scripts/install-deps.sh

if [[ -n "${EARSHOT_BINARY:-}" ]]; then
    earshot="$EARSHOT_BINARY"
else
    swift build -c release --product earshot >&2
    earshot=.build/release/earshot
fi

pods_file=fixtures/pods.pods.json
client_ip=10.244.1.5
db_ip=10.244.2.7
db_port=6380
db_host=kv-db.data.svc.cluster.local:6380

# Replays the bundled recording of this demo with the same pods file; does not return.
replay() {
    exec "$earshot" replay fixtures/pods.pcap --pods-file "$pods_file" --format text "$@"
}

say() {
    echo "demo: $*" >&2
}

if $replay_only; then
    replay "$@"
fi

# Every process the demo starts carries this, so that a check can find any left behind.
export EARSHOT_DEMO_RUN=$$
client_ns="earshot-demo-shop-$$"
db_ns="earshot-demo-data-$$"
made_namespaces=()
pids=()
work=""
earshot_log_shown=false

# Stops what is still running, deletes the namespaces (the veth pair goes with them) and the
# temporary folder. Runs on every exit, Ctrl-C and SIGTERM included.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        # Bounded: anything still there after 2 s is killed.
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n "$work" ]] && ! $earshot_log_shown && [[ -s "$work/earshot.log" ]]; then
        sed '/^info: capturing/d' "$work/earshot.log" >&2 || true
    fi
    local name
    for name in "${made_namespaces[@]}"; do
        ip netns del "$name" 2>/dev/null || true
    done
    if [[ -n "$work" ]]; then
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Each name is recorded before it is made, so that a signal in between leaves nothing.
made_namespaces+=("$client_ns")
if ! ip netns add "$client_ns" 2>/dev/null; then
    say "network namespaces are not allowed here (they need root with CAP_SYS_ADMIN);" \
        "replaying fixtures/pods.pcap, a recording of this demo"
    trap - EXIT INT TERM
    replay "$@"
fi
made_namespaces+=("$db_ns")
ip netns add "$db_ns"
work="$(mktemp -d "/tmp/earshot-demo-$$.XXXXXX")"

# Each pod gets a /32 and a host route to the other over the veth, as two pods on two nodes
# reach each other; nothing is added outside the two namespaces.
ip link add eth0 netns "$client_ns" type veth peer name eth0 netns "$db_ns"
for end in "$client_ns $client_ip $db_ip" "$db_ns $db_ip $client_ip"; do
    read -r name address peer <<<"$end"
    ip -n "$name" addr add "$address/32" dev eth0
    ip -n "$name" link set lo up
    ip -n "$name" link set eth0 up
    ip -n "$name" route add "$peer/32" dev eth0 scope link
done
# Who is who, as the pods file tells earshot (the report shows the names and labels too).
python3 - "$pods_file" "$client_ip" "$client_ns" "$db_ip" "$db_ns" >&2 <<'PYTHON'
import json, sys
path, pairs = sys.argv[1], sys.argv[2:]
pods = {item["status"].get("podIP"): item for item in json.load(open(path))["items"]
        if item.get("kind") == "Pod"}
for address, netns in zip(pairs[0::2], pairs[1::2]):
    meta = pods[address]["metadata"]
    labels = ",".join("%s=%s" % pair for pair in sorted(meta.get("labels", {}).items())
                      if pair[0] in ("app", "version"))
    print("demo: pod %s/%s at %s (labels %s) is network namespace %s"
          % (meta["namespace"], meta["name"], address, labels, netns))
PYTHON

# Prints a file's lines to standard error, each prefixed, for when a step fails.
show() {
    sed "s/^/  $1: /" "$2" >&2 || true
}

# Waits up to $2 seconds for the process $1 to write a line matching $4 to the file $3.
wait_for_line() {
    local pid=$1 seconds=$2 file=$3 pattern=$4
    local tries=$((seconds * 10))
    while ((tries-- > 0)); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# The database, then its readiness: /healthz answering 200, as a readinessProbe asks.
ip netns exec "$db_ns" python3 demo/kvdb.py --address "$db_ip" --port "$db_port" \
    --warmup 0.5 >"$work/kvdb.log" 2>&1 &
pids+=($!)
kvdb_pid=$!
ready=false
for _ in $(seq 1 50); do
    kill -0 "$kvdb_pid" 2>/dev/null || break
    if ip netns exec "$db_ns" curl -sf --noproxy '*' --max-time 1 -o /dev/null \
        "http://$db_ip:$db_port/healthz"; then
        ready=true
        break
    fi
    sleep 0.2
done
if ! $ready; then
    say "the database did not become ready in 10 s"
    show kvdb "$work/kvdb.log"
    exit 1
fi
say "database ready: kvdb.py answers /healthz on $db_ip:$db_port"

# earshot as the client pod's sidecar (daemonset/demo/05-shop-frontend.yaml): same network
# namespace, its eth0, the database's port, only exchanges with a pod labelled app=kv-db,
# names from the pods file instead of the API server. A sidecar is the only vantage of its
# pod's calls, so it reports every one (--vantage all) rather than leaving calls to another
# node's pods to that node.
ip netns exec "$client_ns" "$earshot" capture -i eth0 -f "tcp port $db_port" \
    --selector app=kv-db --pods-file "$pods_file" --vantage all --stats-interval 0 \
    --format text "$@" 2>"$work/earshot.log" &
pids+=($!)
earshot_pid=$!
if ! wait_for_line "$earshot_pid" 10 "$work/earshot.log" "capturing"; then
    say "earshot did not start capturing"
    show earshot "$work/earshot.log"
    earshot_log_shown=true
    if ! kill -0 "$earshot_pid" 2>/dev/null; then
        # It stopped by itself (a usage error exits 64): pass its status on.
        earshot_status=0
        wait "$earshot_pid" || earshot_status=$?
        pids=("$kvdb_pid")
        exit "$((earshot_status == 0 ? 1 : earshot_status))"
    fi
    exit 1
fi
say "earshot capturing on eth0 in the client's namespace"

# The client: waits for the database itself, as its init container would, then its requests.
# It runs in the background so that a signal to this script is handled at once (bash runs
# traps only between foreground commands).
ip netns exec "$client_ns" python3 demo/client.py --url "http://$db_ip:$db_port" \
    --host "$db_host" --wait 10 >&2 &
pids+=($!)
client_pid=$!
client_status=0
wait "$client_pid" || client_status=$?
pids=("$kvdb_pid" "$earshot_pid")

# The last packets (FINs) reach earshot, then SIGINT: it reports what is left and its summary.
sleep 0.5
kill -INT "$earshot_pid" 2>/dev/null || true
earshot_status=0
for _ in $(seq 1 50); do
    kill -0 "$earshot_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$earshot_pid" 2>/dev/null; then
    say "earshot did not stop within 5 s of SIGINT"
    earshot_status=1
else
    wait "$earshot_pid" || earshot_status=$?
    pids=("$kvdb_pid")
fi
sed '/^info: capturing/d' "$work/earshot.log" >&2
earshot_log_shown=true

if ((client_status != 0)); then
    say "the client failed (exit $client_status)"
    show kvdb "$work/kvdb.log"
    exit 1
fi
if ((earshot_status != 0)); then
    say "earshot failed (exit $earshot_status)"
    exit 1
fi
