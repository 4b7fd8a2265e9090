#!/usr/bin/env bash
# ./etherwatch bench auth: logins/s and p99 at the shipped Argon2id cost, token verifications/s.
# Builds auth-service and this benchmark, then runs them on loopback against a PostgreSQL of its own.
# Writes bench/results/auth.json and bench/results/auth.md.
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

usage() {
  cat <<USAGE
Usage: bench/auth/run.sh [--seconds N] [--clients N]

  --seconds N   length of each measured phase (default 20, at most 120)
  --clients N   concurrent HTTP clients (default 4, at most 64)
USAGE
}

die() {
  printf 'bench/auth: %s\n' "$*" >&2
  exit 1
}

main() {
  local seconds=20 clients=4
  while (($#)); do
    case "$1" in
      --seconds)
        seconds=${2:?--seconds needs a value}
        shift 2
        ;;
      --clients)
        clients=${2:?--clients needs a value}
        shift 2
        ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) die "unknown argument: $1" ;;
    esac
  done
  [[ "${seconds}" =~ ^[0-9]+$ && "${seconds}" -ge 1 && "${seconds}" -le 120 ]] || die "--seconds must be 1..120"
  [[ "${clients}" =~ ^[0-9]+$ && "${clients}" -ge 1 && "${clients}" -le 64 ]] || die "--clients must be 1..64"

  local here root
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  root=$(cd "${here}/../.." && pwd)
  cd "${root}"
  # The benchmark starts PostgreSQL with test-support; install it only when this machine lacks it.
  if [[ ! -f "${HOME}/.m2/repository/io/etherwatch/test-support/0.1.0-SNAPSHOT/test-support-0.1.0-SNAPSHOT.jar" ]]; then
    ./mvnw -B -ntp -pl test-support -am install -DskipTests
  fi
  ./mvnw -B -ntp -pl auth-service package -DskipTests
  ./mvnw -B -ntp -f bench/common/pom.xml install -DskipTests
  ./mvnw -B -ntp -f bench/auth/pom.xml package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt
  mkdir -p bench/results
  java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "bench/auth/target/classes:$(cat bench/auth/target/classpath.txt)" \
    io.etherwatch.bench.auth.AuthBench \
    "${root}/auth-service/target/quarkus-app/quarkus-run.jar" \
    "${root}/bench/auth/target/run" \
    "${root}/bench/results" \
    "${seconds}" "${clients}"
}

main "$@"
