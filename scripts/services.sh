#!/usr/bin/env bash
# Installs and starts what Earshot needs on a developer or CI machine:
# npm dependencies, the web app's bundle, Redis (Debian package), FerretDB 1.24.2 (go install, SQLite
# handler) and Debian's chromium for the browser tests (no browser download).
# Binaries are cached under .cache/ (git-ignored) so a warm machine rebuilds nothing.
# When REDIS_URL / MONGODB_URI are set, the matching local service is neither installed nor started.
#
#   scripts/services.sh ensure   install what is missing, start what is not running
#   scripts/services.sh stop     stop the local services this script started
#   scripts/services.sh cluster  also start a local Redis Cluster (3 masters, 3 replicas) on
#                                EARSHOT_CLUSTER_PORT_BASE..+5 (default 7100-7105) for npm run test:cluster
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
RUN="$CACHE/run"
FERRETDB_VERSION="v1.24.2"
FERRETDB_BIN="$CACHE/bin/ferretdb-$FERRETDB_VERSION"
REDIS_PORT="${EARSHOT_LOCAL_REDIS_PORT:-6390}"
FERRETDB_PORT="${EARSHOT_LOCAL_MONGO_PORT:-27027}"
CLUSTER_PORT_BASE="${EARSHOT_CLUSTER_PORT_BASE:-7100}"

log() { echo "[services] $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 100); do
    port_open "$port" && return 0
    sleep 0.1
  done
  log "$name did not open port $port; see $RUN/$name.log"
  exit 1
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_npm_deps() {
  if [ ! -d "$ROOT/node_modules/.bin" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing npm dependencies"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_web_build() {
  # esbuild takes well under a second: rebuild every time rather than track the sources' dates.
  (cd "$ROOT" && node_modules/.bin/tsx scripts/build-web.ts)
}

# The browser tests drive Debian's chromium through playwright-core; EARSHOT_CHROMIUM names another binary.
ensure_chromium() {
  [ -n "${EARSHOT_CHROMIUM:-}" ] && return 0
  command -v chromium >/dev/null && return 0
  log "installing chromium from Debian packages (browser tests)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
}

install_redis_server() {
  if ! command -v redis-server >/dev/null; then
    log "installing redis-server from Debian packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >/dev/null
  fi
}

ensure_redis() {
  [ -n "${REDIS_URL:-}" ] && return 0
  install_redis_server
  if ! port_open "$REDIS_PORT"; then
    mkdir -p "$RUN" "$ROOT/.data/redis"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
      --dir "$ROOT/.data/redis" --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" \
      --save "" --appendonly no --maxmemory-policy noeviction
    wait_port "$REDIS_PORT" redis
    log "redis on 127.0.0.1:$REDIS_PORT"
  fi
}

ensure_ferretdb() {
  [ -n "${MONGODB_URI:-}" ] && return 0
  if [ ! -x "$FERRETDB_BIN" ]; then
    command -v go >/dev/null || { log "Go is needed to build FerretDB"; exit 1; }
    # A plain `go install …/cmd/ferretdb@v1.24.2` builds a binary that panics at start: the module
    # zip lacks build/version/version.txt. So: fetch the same module, add that file, build it.
    log "building FerretDB $FERRETDB_VERSION from the Go module proxy (first run only)"
    local src_dir build_dir
    src_dir=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    build_dir="$CACHE/ferretdb-src"
    rm -rf "$build_dir"; mkdir -p "$CACHE/bin"
    cp -r "$src_dir" "$build_dir"; chmod -R u+w "$build_dir"
    echo "$FERRETDB_VERSION" >"$build_dir/build/version/version.txt"
    (cd "$build_dir" && CGO_ENABLED=0 go build -trimpath -o "$FERRETDB_BIN" ./cmd/ferretdb)
    rm -rf "$build_dir"
  fi
  if ! port_open "$FERRETDB_PORT"; then
    mkdir -p "$RUN" "$ROOT/.data/ferretdb"
    nohup "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$ROOT/.data/ferretdb/" \
      --listen-addr="127.0.0.1:$FERRETDB_PORT" --state-dir=- --debug-addr=- \
      --telemetry=disable --log-level=warn >"$RUN/ferretdb.log" 2>&1 &
    echo $! >"$RUN/ferretdb.pid"
    wait_port "$FERRETDB_PORT" ferretdb
    log "ferretdb on 127.0.0.1:$FERRETDB_PORT"
  fi
}

# Six cluster-enabled redis-servers on loopback, joined once by `redis-cli --cluster create`
# (three masters, one replica each); nodes.conf keeps the cluster across restarts of the script.
ensure_redis_cluster() {
  install_redis_server
  local ports=() port
  for i in 0 1 2 3 4 5; do
    port=$((CLUSTER_PORT_BASE + i))
    ports+=("127.0.0.1:$port")
    if ! port_open "$port"; then
      mkdir -p "$RUN" "$ROOT/.data/redis-cluster/$port"
      redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --cluster-enabled yes \
        --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
        --dir "$ROOT/.data/redis-cluster/$port" --pidfile "$RUN/redis-cluster-$port.pid" \
        --logfile "$RUN/redis-cluster-$port.log" --save "" --appendonly no --maxmemory-policy noeviction
      wait_port "$port" "redis-cluster-$port"
    fi
  done
  if ! redis-cli -p "$CLUSTER_PORT_BASE" cluster info | grep -q 'cluster_state:ok'; then
    if [ "$(redis-cli -p "$CLUSTER_PORT_BASE" cluster info | sed -n 's/^cluster_known_nodes:\([0-9]*\).*/\1/p')" = 1 ]; then
      redis-cli --cluster create "${ports[@]}" --cluster-replicas 1 --cluster-yes >/dev/null
    fi
    for _ in $(seq 1 100); do
      redis-cli -p "$CLUSTER_PORT_BASE" cluster info | grep -q 'cluster_state:ok' && break
      sleep 0.1
    done
  fi
  redis-cli -p "$CLUSTER_PORT_BASE" cluster info | grep -q 'cluster_state:ok' || { log "redis cluster not ok; see $RUN/redis-cluster-*.log"; exit 1; }
  log "redis cluster on 127.0.0.1:$CLUSTER_PORT_BASE-$((CLUSTER_PORT_BASE + 5))"
}

stop_all() {
  for f in "$RUN"/redis-cluster-*.pid; do
    [ -f "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  for name in ferretdb redis; do
    if [ -f "$RUN/$name.pid" ]; then
      kill "$(cat "$RUN/$name.pid")" 2>/dev/null || true
      rm -f "$RUN/$name.pid"
      log "stopped $name"
    fi
  done
}

case "${1:-ensure}" in
  ensure) ensure_npm_deps; ensure_web_build; ensure_chromium; ensure_redis; ensure_ferretdb ;;
  cluster) ensure_npm_deps; ensure_web_build; ensure_redis; ensure_ferretdb; ensure_redis_cluster ;;
  stop) stop_all ;;
  *) echo "usage: $0 ensure|cluster|stop" >&2; exit 2 ;;
esac
