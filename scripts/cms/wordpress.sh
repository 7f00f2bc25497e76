#!/usr/bin/env bash
# A private WordPress on 127.0.0.1 for Copydesk's publish tests and benchmarks.
#
#   scripts/cms/wordpress.sh [start]   install (once), start, print JSON {url, user, appPassword}
#   scripts/cms/wordpress.sh stop      stop this port's PHP server and MariaDB
#   scripts/cms/wordpress.sh status    print the JSON when it is running, exit 1 otherwise
#   scripts/cms/wordpress.sh installed exit 0 when `start` would install nothing (tests start it then)
#
# From Debian's packages (installed with --no-install-recommends, only when
# missing): a private MariaDB per data folder (mariadb-install-db, then
# mariadbd --no-defaults --skip-networking on a socket of its own; no
# systemd), a private copy of /usr/share/wordpress with a plain wp-config.php
# (Debian's /etc/wordpress/config-HOST.php ignores the port), installed by a
# small PHP script calling wp_install() and creating an Application Password
# (there is no wp-cli in Debian 12), served by `php -S` with 4 workers.
#
# State lives in $COPYDESK_CMS_DIR (default ${XDG_CACHE_HOME:-~/.cache}/copydesk-cms)
# under wp-run-PORT/, outside the repository. The servers stop by themselves
# after COPYDESK_CMS_TTL seconds (default 3 h); a second `start` reuses them.
set -euo pipefail

BASE=${COPYDESK_CMS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-cms}
PORT=${COPYDESK_WP_PORT:-8088}
TTL=${COPYDESK_CMS_TTL:-10800}
RUN=$BASE/wp-run-$PORT
URL=http://127.0.0.1:$PORT
SOCK=$RUN/mysql.sock
PACKAGES=(wordpress mariadb-server php-cli php-mysql php-gd php-mbstring php-xml)
PHP_INI=(-d upload_max_filesize=64M -d post_max_size=64M -d memory_limit=256M -d display_errors=0 -d log_errors=1)

log() { echo "wordpress.sh: $*" >&2; }
die() { log "$*"; exit 1; }

missing_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
  done
  command -v curl >/dev/null || missing+=(curl)
  echo "${missing[*]}"
}

install_packages() {
  local missing
  read -r -a missing <<<"$(missing_packages)"
  [ ${#missing[@]} -eq 0 ] && return
  local started=$SECONDS
  log "installing ${missing[*]} from Debian (1.5–3 minutes)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$BASE/apt.log" 2>&1 \
    || { tail -30 "$BASE/apt.log" >&2; die "apt-get install failed; see $BASE/apt.log"; }
  log "packages installed in $((SECONDS - started)) s"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_mariadb() {
  alive "$RUN/mysql.pid" && [ -S "$SOCK" ] && return
  if [ ! -d "$RUN/mysql/mysql" ]; then
    log "creating a private MariaDB in $RUN/mysql…"
    rm -rf "$RUN/mysql"
    mariadb-install-db --no-defaults --datadir="$RUN/mysql" --user="$(id -un)" --auth-root-authentication-method=socket \
      --skip-test-db >"$RUN/mysql-install.log" 2>&1 || { tail -20 "$RUN/mysql-install.log" >&2; die "mariadb-install-db failed"; }
  fi
  setsid nohup mariadbd --no-defaults --datadir="$RUN/mysql" --socket="$SOCK" --skip-networking \
    --pid-file="$RUN/mysql.pid" --log-error="$RUN/mysql.err" --user="$(id -un)" \
    --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 >/dev/null 2>&1 </dev/null 9>&- &
  local deadline=$((SECONDS + 60))
  until mariadb --no-defaults -S "$SOCK" -uroot -e 'SELECT 1' >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { tail -20 "$RUN/mysql.err" >&2; die "MariaDB did not start"; }
    sleep 0.3
  done
  mariadb --no-defaults -S "$SOCK" -uroot -e "CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4;
    CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp';
    GRANT ALL ON wordpress.* TO 'wp'@'localhost';"
}

salt() { head -c 48 /dev/urandom | base64 | tr -d '\n/+='; }

prepare_wordpress() {
  [ -f "$RUN/wordpress/wp-config.php" ] && return
  log "copying /usr/share/wordpress into $RUN/wordpress…"
  rm -rf "$RUN/wordpress.tmp"
  cp -rL /usr/share/wordpress "$RUN/wordpress.tmp"
  rm -f "$RUN/wordpress.tmp/wp-config.php"
  mkdir -p "$RUN/wordpress.tmp/wp-content/uploads"
  {
    echo "<?php"
    echo "define('DB_NAME', 'wordpress'); define('DB_USER', 'wp'); define('DB_PASSWORD', 'wp');"
    echo "define('DB_HOST', 'localhost:$SOCK'); define('DB_CHARSET', 'utf8mb4'); define('DB_COLLATE', '');"
    for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      echo "define('$k', '$(salt)');"
    done
    echo "\$table_prefix = 'wp_';"
    echo "define('WP_HOME', '$URL'); define('WP_SITEURL', '$URL');"
    echo "define('WP_ENVIRONMENT_TYPE', 'local'); // Application Passwords over plain http"
    echo "define('WP_HTTP_BLOCK_EXTERNAL', true); define('DISABLE_WP_CRON', true); define('AUTOMATIC_UPDATER_DISABLED', true);"
    echo "define('WP_CONTENT_DIR', __DIR__ . '/wp-content'); define('FS_METHOD', 'direct'); define('WP_DEBUG', false);"
    echo "if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');"
    echo "require_once ABSPATH . 'wp-settings.php';"
  } >"$RUN/wordpress.tmp/wp-config.php"
  mv "$RUN/wordpress.tmp" "$RUN/wordpress"
}

provision() {
  [ -s "$RUN/credentials.json" ] && return
  cat >"$RUN/install.php" <<'PHP'
<?php
// Installs the site and creates an Application Password: what wp-cli would do.
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url($argv[2], PHP_URL_HOST) . ':' . parse_url($argv[2], PHP_URL_PORT);
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (!is_blog_installed()) {
  wp_install('Copydesk Test Site', 'admin', 'admin@copydesk.test', false, '', wp_generate_password(32));
}
update_option('permalink_structure', '/%postname%/');
update_option('uploads_use_yearmonth_folders', 0);
flush_rewrite_rules(true);
$user = get_user_by('login', 'admin');
[$password] = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => 'copydesk-tests-' . time()]);
echo json_encode(['url' => $argv[2], 'user' => 'admin', 'appPassword' => $password], JSON_UNESCAPED_SLASHES), "\n";
PHP
  php "${PHP_INI[@]}" "$RUN/install.php" "$RUN/wordpress" "$URL" >"$RUN/credentials.json.tmp" 2>"$RUN/install.log" \
    || { cat "$RUN/install.log" >&2; die "the WordPress install script failed"; }
  mv "$RUN/credentials.json.tmp" "$RUN/credentials.json"
}

start_php() {
  alive "$RUN/php.pid" && return
  log "serving $URL…"
  PHP_CLI_SERVER_WORKERS=4 setsid nohup php "${PHP_INI[@]}" -S "127.0.0.1:$PORT" -t "$RUN/wordpress" >"$RUN/php.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN/php.pid"
  # Both servers stop by themselves after the TTL. setsid makes php the leader
  # of its own process group, and its workers are in it: a group kill ends them all.
  kill_group "$RUN/watchdog.pid"
  setsid nohup bash -c "sleep $TTL; kill -- -\$(cat '$RUN/php.pid') 2>/dev/null; kill \$(cat '$RUN/mysql.pid') 2>/dev/null" >/dev/null 2>&1 </dev/null 9>&- &
  echo $! >"$RUN/watchdog.pid"
  local deadline=$((SECONDS + 30))
  until curl -fsS -o /dev/null "$URL/wp-json/" 2>/dev/null; do
    alive "$RUN/php.pid" || { cat "$RUN/php.log" >&2; die "php -S exited"; }
    [ $SECONDS -lt $deadline ] || die "WordPress did not answer on $URL/wp-json/"
    sleep 0.3
  done
}

# Ends a process and its group (php -S and its workers; the watchdog and its sleep).
kill_group() {
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
}

stop() {
  kill_group "$RUN/php.pid"
  kill_group "$RUN/watchdog.pid"
  if alive "$RUN/mysql.pid"; then kill "$(cat "$RUN/mysql.pid")" 2>/dev/null || true; fi
  rm -f "$RUN/php.pid" "$RUN/watchdog.pid"
}

case "${1:-start}" in
  start)
    mkdir -p "$BASE" "$RUN"
    exec 9>"$RUN/.lock"; flock 9
    if ! { alive "$RUN/php.pid" && [ -s "$RUN/credentials.json" ]; }; then
      install_packages
      start_mariadb
      prepare_wordpress
      provision
      start_php
    fi
    cat "$RUN/credentials.json"
    ;;
  stop) stop ;;
  status) alive "$RUN/php.pid" && [ -s "$RUN/credentials.json" ] && cat "$RUN/credentials.json" ;;
  installed)
    command -v dpkg-query >/dev/null || die "not a Debian system (no dpkg-query)"
    missing=$(missing_packages)
    [ -z "$missing" ] || die "missing Debian packages: $missing"
    ;;
  *) die "usage: $0 [start|stop|status|installed]" ;;
esac
