#!/usr/bin/env bash
# Stand-in entrypoint for the official mariadb image: the parts compose relies on
# (MARIADB_ROOT_PASSWORD[_FILE], MARIADB_USER, MARIADB_PASSWORD[_FILE], MARIADB_DATABASE,
# first-start initialisation, the health-check account and $DATADIR/.my-healthcheck.cnf used by
# healthcheck.sh, running as root or as uid 999).
set -Eeuo pipefail

readonly DATADIR=/var/lib/mysql
readonly SOCKET=/run/mysqld/mysqld.sock

file_env() {
  local var=$1 file_var="${1}_FILE" def="${2:-}" val
  if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then
    echo >&2 "error: both $var and $file_var are set (but are exclusive)"
    exit 1
  fi
  val="$def"
  if [[ -n "${!var:-}" ]]; then
    val="${!var}"
  elif [[ -n "${!file_var:-}" ]]; then
    val="$(<"${!file_var}")"
  fi
  export "$var"="$val"
  unset "$file_var"
}

# A SQL string literal's content: backslash, newline and quote escaped.
sql_escape() {
  local escaped=${1//\\/\\\\}
  escaped=${escaped//$'\n'/\\n}
  printf '%s' "${escaped//\'/\\\'}"
}

if [[ "${1:0:1}" == '-' ]]; then set -- mariadbd "$@"; fi

if [[ "$1" == mariadbd || "$1" == mysqld ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    find "$DATADIR" \! -user mysql -exec chown mysql: '{}' +
    exec gosu mysql "${BASH_SOURCE[0]}" "$@"
  fi
  if [[ ! -d "$DATADIR/mysql" ]]; then
    file_env MARIADB_ROOT_PASSWORD
    file_env MARIADB_PASSWORD
    file_env MARIADB_USER
    file_env MARIADB_DATABASE
    if [[ -z "$MARIADB_ROOT_PASSWORD" && -z "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}" && -z "${MARIADB_RANDOM_ROOT_PASSWORD:-}" ]]; then
      echo >&2 'error: Database is uninitialized and password option is not specified'
      echo >&2 '  You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_FILE, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD'
      exit 1
    fi
    echo 'Initializing database files'
    mariadb-install-db --datadir="$DATADIR" --auth-root-authentication-method=normal --skip-test-db \
      --skip-name-resolve --default-time-zone=SYSTEM --skip-log-bin >/dev/null
    "$@" --skip-networking --socket="$SOCKET" --skip-log-bin &
    pid=$!
    for _ in $(seq 60); do
      if mariadb-admin --socket="$SOCKET" --user=root ping >/dev/null 2>&1; then break; fi
      kill -0 "$pid" 2>/dev/null || { echo >&2 'error: the temporary server stopped'; exit 1; }
      sleep 1
    done
    health_password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    root_password="$(sql_escape "$MARIADB_ROOT_PASSWORD")"
    {
      printf "SET @@SESSION.SQL_LOG_BIN=0;\n"
      printf "DELETE FROM mysql.global_priv WHERE user NOT IN ('mysql.sys', 'mariadb.sys', 'root') OR host NOT IN ('localhost');\n"
      printf "ALTER USER 'root'@'localhost' IDENTIFIED BY '%s';\n" "$root_password"
      printf "CREATE USER 'root'@'%%' IDENTIFIED BY '%s';\nGRANT ALL ON *.* TO 'root'@'%%' WITH GRANT OPTION;\n" "$root_password"
      for host in 127.0.0.1 ::1 localhost; do
        printf "CREATE USER 'healthcheck'@'%s' IDENTIFIED BY '%s';\n" "$host" "$health_password"
      done
      if [[ -n "$MARIADB_DATABASE" ]]; then
        printf 'CREATE DATABASE IF NOT EXISTS `%s`;\n' "$MARIADB_DATABASE"
      fi
      if [[ -n "$MARIADB_USER" && -n "$MARIADB_PASSWORD" ]]; then
        printf "CREATE USER '%s'@'%%' IDENTIFIED BY '%s';\n" "$(sql_escape "$MARIADB_USER")" "$(sql_escape "$MARIADB_PASSWORD")"
        if [[ -n "$MARIADB_DATABASE" ]]; then
          printf "GRANT ALL ON \`%s\`.* TO '%s'@'%%';\n" "$MARIADB_DATABASE" "$(sql_escape "$MARIADB_USER")"
        fi
      fi
      printf 'FLUSH PRIVILEGES;\n'
    } | mariadb --socket="$SOCKET" --user=root --binary-mode
    printf '[mariadb-client]\nport=3306\nsocket=%s\nuser=healthcheck\npassword=%s\n' "$SOCKET" "$health_password" >"$DATADIR/.my-healthcheck.cnf"
    chmod 0600 "$DATADIR/.my-healthcheck.cnf"
    mariadb-admin --socket="$SOCKET" --user=root --password="$MARIADB_ROOT_PASSWORD" shutdown
    wait "$pid" || true
    unset MARIADB_ROOT_PASSWORD MARIADB_PASSWORD
    echo 'MariaDB init process done. Ready for start up.'
  fi
fi
exec "$@"
