#!/usr/bin/env bats
# shellcheck disable=SC2154 # $stderr is set by bats' run --separate-stderr
# ./etherwatch images and the services' Dockerfiles (src/main/docker/Dockerfile.jvm).
# The command runs in a copy of the tree with stub jars, a stub mvnw and stub container engines, so that it builds
# nothing real; the Dockerfile checks read the real tree after the build (./etherwatch test runs Maven first).

bats_require_minimum_version 1.5.0

# Fails the test with a message (arguments: the message).
fail() {
  echo "$*" >&2
  return 1
}

SERVICES=(auth-service inventory-service log-ingest-service push-service web-console)

setup() {
  ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
  VENV="${ETHERWATCH_VENV:-$ROOT/.venv}"
  VERSION=$(sed -n '/<artifactId>etherwatch-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q;}' "$ROOT/pom.xml")
  TREE="$BATS_TEST_TMPDIR/tree"
  STUBS="$BATS_TEST_TMPDIR/stubs"
  CALLS="$BATS_TEST_TMPDIR/calls"
  mkdir -p "$TREE" "$STUBS"
  : >"$CALLS"
  cp "$ROOT/etherwatch" "$ROOT/pom.xml" "$TREE/"
  local svc
  for svc in "${SERVICES[@]}"; do
    mkdir -p "$TREE/$svc/src/main/docker" "$TREE/$svc/target/quarkus-app"
    cp "$ROOT/$svc/src/main/docker/Dockerfile.jvm" "$TREE/$svc/src/main/docker/"
    : >"$TREE/$svc/target/quarkus-app/quarkus-run.jar"
  done
  # mvnw: records its arguments and "packages" the modules named by -pl.
  cat >"$TREE/mvnw" <<EOF
#!/usr/bin/env bash
echo "mvnw \$*" >>"$CALLS"
while [ \$# -gt 0 ]; do
  if [ "\$1" = -pl ]; then
    for m in \${2//,/ }; do mkdir -p "$TREE/\$m/target/quarkus-app" && : >"$TREE/\$m/target/quarkus-app/quarkus-run.jar"; done
  fi
  shift
done
EOF
  chmod +x "$TREE/mvnw"
  # Only the stubs and the system's basic tools: a real engine on this machine must not be used.
  # The Dockerfile tests run the JDK's java, wherever the machine has it.
  JAVA_BIN=$(dirname "$(command -v java)")
  export PATH="$STUBS:/usr/bin:/bin"
  unset ETHERWATCH_CONTAINER_ENGINE
}

# Writes a stub container engine (arguments: name, exit code of its `info`): records every call in $CALLS.
stub_engine() {
  cat >"$STUBS/$1" <<EOF
#!/usr/bin/env bash
echo "$1 \$*" >>"$CALLS"
[ "\$1" = info ] && exit $2
exit 0
EOF
  chmod +x "$STUBS/$1"
}

# The line images prints for one service in a dry run (arguments: service, registry or empty).
would_build() {
  echo "would build etherwatch/$1:$VERSION from $1/src/main/docker/Dockerfile.jvm${2:+ and push $2/etherwatch/$1:$VERSION}"
}

@test "images: without a container engine prints every image name:tag and Dockerfile, one line says so, exit 0" {
  stub_engine docker 1 # a docker client whose daemon does not answer is no engine
  stub_engine podman 125
  stub_engine buildah 1
  run --separate-stderr "$TREE/etherwatch" images
  [ "$status" -eq 0 ]
  local expected="" svc
  for svc in "${SERVICES[@]}"; do expected+="$(would_build "$svc")"$'\n'; done
  [ "$output" = "${expected%$'\n'}" ]
  [ "$stderr" = "etherwatch images: no container engine was found (docker with a running daemon, podman or buildah); nothing was built" ]
  run ! grep -Eq ' (build|bud|push) ' "$CALLS"
}

@test "images: ETHERWATCH_CONTAINER_ENGINE=none prints where --push would push, and builds nothing" {
  stub_engine podman 0
  ETHERWATCH_CONTAINER_ENGINE=none run --separate-stderr "$TREE/etherwatch" images --push registry.example.com:5000/
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(would_build auth-service registry.example.com:5000)" ]
  [ "${#lines[@]}" -eq 5 ]
  run ! grep -q '^podman' "$CALLS"
}

@test "images: builds the missing jars first, and only those" {
  rm "$TREE/push-service/target/quarkus-app/quarkus-run.jar" "$TREE/web-console/target/quarkus-app/quarkus-run.jar"
  ETHERWATCH_CONTAINER_ENGINE=none run --separate-stderr "$TREE/etherwatch" images
  [ "$status" -eq 0 ]
  [ "$(cat "$CALLS")" = "mvnw -B -ntp -pl push-service,web-console -am package -Dmaven.test.skip=true" ]
  [ -f "$TREE/push-service/target/quarkus-app/quarkus-run.jar" ]
}

@test "images: builds nothing with mvnw when every jar is there" {
  ETHERWATCH_CONTAINER_ENGINE=none run "$TREE/etherwatch" images
  [ "$status" -eq 0 ]
  run ! grep -q '^mvnw' "$CALLS"
}

@test "images: skips a docker without daemon, builds each image with podman from its module, tags and pushes to the registry" {
  stub_engine docker 1
  stub_engine podman 0
  run "$TREE/etherwatch" images --push registry.example.com:5000
  [ "$status" -eq 0 ]
  local svc expected="docker info"$'\n'"podman info"
  for svc in "${SERVICES[@]}"; do
    expected+=$'\n'"podman build -f $svc/src/main/docker/Dockerfile.jvm -t etherwatch/$svc:$VERSION -t registry.example.com:5000/etherwatch/$svc:$VERSION $svc"
    expected+=$'\n'"podman push registry.example.com:5000/etherwatch/$svc:$VERSION"
  done
  [ "$(cat "$CALLS")" = "$expected" ]
  [[ "$output" != *"no container engine"* ]]
}

@test "images: buildah builds with bud, without pushing when --push is not given" {
  stub_engine buildah 0
  ETHERWATCH_CONTAINER_ENGINE=buildah run "$TREE/etherwatch" images
  [ "$status" -eq 0 ]
  grep -qx "buildah bud -f auth-service/src/main/docker/Dockerfile.jvm -t etherwatch/auth-service:$VERSION auth-service" "$CALLS"
  [ "$(grep -c '^buildah bud ' "$CALLS")" -eq 5 ]
  run ! grep -q '^buildah push' "$CALLS"
}

@test "images: a failed build stops with the image's name" {
  cat >"$STUBS/podman" <<'EOF'
#!/usr/bin/env bash
[ "$1" = build ] && exit 1
exit 0
EOF
  chmod +x "$STUBS/podman"
  ETHERWATCH_CONTAINER_ENGINE=podman run --separate-stderr "$TREE/etherwatch" images
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"images: building etherwatch/auth-service:$VERSION failed"* ]]
}

@test "images: --push without a registry and unknown options are refused" {
  run --separate-stderr "$TREE/etherwatch" images --push
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"--push needs a registry"* ]]
  run --separate-stderr "$TREE/etherwatch" images --latest
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"unknown option '--latest'"* ]]
}

# The value of one ENV of a Dockerfile, without its quotes (arguments: Dockerfile, variable).
dockerfile_env() {
  sed -n "s/^ENV $2=\"\{0,1\}\([^\"]*\)\"\{0,1\}$/\1/p" "$1"
}

@test "Dockerfile.jvm: pinned base, a non-root USER, the DESIGN section 2 port, every interface, JAVA_OPTS from jvm.options" {
  local svc file base user port options expected
  for svc in "${SERVICES[@]}"; do
    file="$ROOT/$svc/src/main/docker/Dockerfile.jvm"
    base=$(sed -n 's/^FROM //p' "$file")
    [ "$(wc -l <<<"$base")" -eq 1 ]
    [[ "$base" == registry.access.redhat.com/ubi9/openjdk-17-runtime:* ]] || fail "$svc: base $base"
    [[ "$base" != *:latest ]] || fail "$svc: latest tag"
    user=$(sed -n 's/^USER //p' "$file" | tail -n1)
    [[ "$user" =~ ^[1-9][0-9]*$ ]] || fail "$svc: USER '$user' is not a non-root UID"
    port=$(sed -n 's/^quarkus\.http\.port=//p' "$ROOT/$svc/src/main/resources/application.properties")
    [ "$(sed -n 's/^EXPOSE //p' "$file")" = "$port" ] || fail "$svc: EXPOSE is not $port"
    [ "$(dockerfile_env "$file" QUARKUS_HTTP_HOST)" = 0.0.0.0 ]
    options=$(dockerfile_env "$file" JAVA_OPTS)
    if [ -f "$ROOT/$svc/jvm.options" ]; then
      expected=$(grep -Ev '^[[:space:]]*(#|$)' "$ROOT/$svc/jvm.options" | tr '\n' ' ')
    else
      expected="-XX:+UseSerialGC "
    fi
    [[ "$options " == "$expected"* ]] || fail "$svc: JAVA_OPTS '$options' does not start with '$expected'"
  done
}

@test "Dockerfile.jvm: the JVM accepts JAVA_OPTS, and they keep its files in /tmp (read-only root filesystem)" {
  local svc options
  for svc in "${SERVICES[@]}"; do
    options=$(dockerfile_env "$ROOT/$svc/src/main/docker/Dockerfile.jvm" JAVA_OPTS)
    [[ " $options " == *" -XX:-UsePerfData "* ]]
    [[ " $options " == *" -Djava.io.tmpdir=/tmp "* ]]
    [[ " $options " == *" -XX:ErrorFile=/tmp/"* ]]
    # shellcheck disable=SC2086 # the options are one word each, as run-java.sh passes them
    run "$JAVA_BIN/java" $options -version
    [ "$status" -eq 0 ] || fail "$svc: $output"
  done
}

@test "Dockerfile.jvm: the entrypoint runs java with JAVA_OPTS, then a Deployment's JAVA_OPTS_APPEND, which wins" {
  local svc file command flags options append
  for svc in "${SERVICES[@]}"; do
    file="$ROOT/$svc/src/main/docker/Dockerfile.jvm"
    command=$(sed -n 's/^ENTRYPOINT \[ "\/bin\/sh", "-c", "\(.*\)" \]$/\1/p' "$file")
    # shellcheck disable=SC2016 # the command as the image's shell receives it
    [ "$command" = 'exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar' ] || fail "$svc: $command"
    # The packaged jar instead of the image's copy; -version: java prints its flags and exits without starting it.
    command=${command//\/deployments\//$ROOT/$svc/target/quarkus-app/}
    options=$(dockerfile_env "$file" JAVA_OPTS)
    append="-XX:MaxRAMPercentage=66 -XX:+PrintFlagsFinal -version"
    flags=$(JAVA_OPTS="$options" JAVA_OPTS_APPEND="$append" PATH="$JAVA_BIN:$PATH" sh -c "$command" 2>&1) \
      || fail "$svc: $flags"
    grep -Eq 'MaxRAMPercentage += 66\.0' <<<"$flags" || fail "$svc: JAVA_OPTS_APPEND did not win"
    grep -Eq 'UseSerialGC += true' <<<"$flags" || fail "$svc: not the serial collector"
    grep -Eq 'UsePerfData += false' <<<"$flags" || fail "$svc: hsperfdata would be written"
  done
}

@test "Dockerfile.jvm: every COPY source exists once the module is packaged" {
  local svc source
  for svc in "${SERVICES[@]}"; do
    [ -f "$ROOT/$svc/target/quarkus-app/quarkus-run.jar" ] \
      || fail "$svc is not packaged: run ./mvnw -B -ntp -pl $svc -am package -DskipTests first"
    while read -r source; do
      # shellcheck disable=SC2086 # the source may be a glob, as COPY reads it
      compgen -G "$ROOT/$svc/"$source >/dev/null || fail "$svc: COPY source $source is missing"
    done < <(sed -n 's/^COPY \(--[^ ]* \)*\([^ ]*\) .*/\2/p' "$ROOT/$svc/src/main/docker/Dockerfile.jvm")
    [ "$(grep -c '^COPY ' "$ROOT/$svc/src/main/docker/Dockerfile.jvm")" -eq 4 ]
  done
}

@test "Dockerfile.jvm: hadolint finds nothing" {
  [ -x "$VENV/bin/hadolint" ] || fail "hadolint is missing from $VENV (./etherwatch test installs it)"
  cd "$ROOT"
  run "$VENV/bin/hadolint" "${SERVICES[@]/%//src/main/docker/Dockerfile.jvm}"
  [ "$status" -eq 0 ] || fail "$output"
}
