#!/usr/bin/env bats
# etherwatch-agent on real iptables (nft and legacy) and nftables, in network namespaces made by each test.

bats_require_minimum_version 1.5.0
load helpers

setup() {
  [ "$(id -u)" -eq 0 ] || {
    echo "these tests make network namespaces: run them as root" >&2
    return 1
  }
  ns_create
}

teardown() {
  ns_destroy
}

@test "help: names every command" {
  run "$AGENT" --help
  [ "$status" -eq 0 ]
  for command in install uninstall sample run status; do
    [[ "$output" == *"  $command "* ]]
  done
}

@test "agent: an unknown option fails with one line on stderr" {
  run stderr_of "$AGENT" --colour sample
  [ "$status" -eq 1 ]
  [ "${#lines[@]}" -eq 1 ]
  [ "$output" = "etherwatch-agent: unknown option --colour (see --help)" ]
}

@test "agent: an unknown backend and a bad interval are refused" {
  run stderr_of "$AGENT" --backend pf sample
  [ "$status" -eq 1 ]
  [[ "$output" == *"unknown backend 'pf'"* ]]
  run stderr_of "$AGENT" --interval soon run
  [ "$status" -eq 1 ]
  [[ "$output" == *"--interval must be a number of seconds, not 'soon'"* ]]
}

@test "sample: says to install first when the chains are missing" {
  run stderr_of agent sample
  [ "$status" -eq 1 ]
  [ "$output" = "etherwatch-agent: chain EW-IN is missing: run 'etherwatch-agent install' first" ]
}

@test "install: leaves other iptables rules alone, is idempotent, and uninstall restores the tables (iptables-nft)" {
  own_rules iptables-nft
  before=$(ruleset iptables-nft)
  agent --backend iptables-nft install
  agent --backend iptables-nft install
  [ "$(on_a iptables-nft -S INPUT | grep -c -- '-j EW-IN')" -eq 1 ]
  [ "$(on_a iptables-nft -S OUTPUT | grep -c -- '-j EW-OUT')" -eq 1 ]
  on_a iptables-nft -C INPUT -p icmp -j ACCEPT
  on_a iptables-nft -C SITE-OUT -p tcp --dport 443 -j ACCEPT
  run agent --backend iptables-nft status
  [ "$status" -eq 0 ]
  agent --backend iptables-nft uninstall
  [ "$(ruleset iptables-nft)" = "$before" ]
  run agent --backend iptables-nft status
  [ "$status" -eq 1 ]
}

@test "install: leaves other iptables rules alone, is idempotent, and uninstall restores the tables (iptables-legacy)" {
  own_rules iptables-legacy
  before=$(ruleset iptables-legacy)
  agent --backend iptables-legacy install
  agent --backend iptables-legacy install
  [ "$(on_a iptables-legacy -S INPUT | grep -c -- '-j EW-IN')" -eq 1 ]
  on_a iptables-legacy -C SITE-OUT -p tcp --dport 443 -j ACCEPT
  agent --backend iptables-legacy uninstall
  [ "$(ruleset iptables-legacy)" = "$before" ]
}

@test "install: nft backend keeps to its own table and uninstall restores the ruleset" {
  own_rules nft
  before=$(ruleset nft)
  agent --backend nft install
  agent --backend nft install
  [ "$(on_a nft list tables | grep -c 'inet etherwatch')" -eq 1 ]
  on_a nft list chain inet site input | grep -q 'icmp type echo-request accept'
  agent --backend nft uninstall
  [ "$(ruleset nft)" = "$before" ]
}

@test "sample: prints the 12 counters in order" {
  agent install
  run agent sample
  [ "$status" -eq 0 ]
  [ "$(cut -d' ' -f1 <<<"$output" | tr '\n' ' ')" = "ssh-in ssh-out ssh-total tcp-in tcp-out tcp-total udp-in udp-out udp-total total-in total-out total " ]
}

@test "sample: counts ssh inbound separately" {
  agent install
  send_tcp 200000 22
  send_tcp 30000 8080
  reading=$(agent sample)
  ssh_in=$(field "$reading" ssh-in 3)
  tcp_in=$(field "$reading" tcp-in 3)
  [ "$ssh_in" -ge 200000 ]
  [ "$ssh_in" -lt 230000 ]
  [ "$tcp_in" -ge $((200000 + 30000)) ]
  [ "$(field "$reading" ssh-out 2)" -gt 0 ]
  [ "$(field "$reading" ssh-total 3)" -eq $((ssh_in + $(field "$reading" ssh-out 3))) ]
  [ "$(field "$reading" total-in 3)" -ge "$tcp_in" ]
}

@test "sample: counts udp apart from tcp (nft backend)" {
  agent --backend nft install
  send_udp 10 1000 5353
  reading=$(agent --backend nft sample)
  [ "$(field "$reading" udp-in 2)" -ge 10 ]
  [ "$(field "$reading" udp-in 3)" -ge 10000 ]
  [ "$(field "$reading" ssh-in 3)" -eq 0 ]
  [ "$(field "$reading" total-in 3)" -ge "$(field "$reading" udp-in 3)" ]
}

@test "run: appends one delta line per counter and stops on SIGTERM" {
  agent install
  logs="$BATS_TEST_TMPDIR/logs"
  agent --interval 0.3 --log-dir "$logs" run >"$BATS_TEST_TMPDIR/run.out" 2>&1 &
  runner=$!
  sleep 0.5
  send_tcp 100000 22
  for _ in $(seq 50); do
    [ -f "$logs/ssh-in.log" ] && [ "$(awk '{ s += $3 } END { print s + 0 }' "$logs/ssh-in.log")" -ge 100000 ] && break
    sleep 0.2
  done
  on_a pkill -TERM -f "etherwatch-agent --interval 0.3" || kill -TERM "$runner"
  wait "$runner"
  grep -q "stopped after" "$BATS_TEST_TMPDIR/run.out"
  [ "$(find "$logs" -name '*.log' | wc -l)" -eq 12 ]
  [ "$(awk '{ s += $3 } END { print s }' "$logs/ssh-in.log")" -ge 100000 ]
  [ "$(wc -l <"$logs/ssh-in.log")" -eq "$(wc -l <"$logs/total.log")" ]
}

@test "run: a counter reset gives the new count as delta, never a negative one" {
  agent install
  send_tcp 50000 22
  logs="$BATS_TEST_TMPDIR/logs"
  agent --interval 0.5 --count 4 --log-dir "$logs" run >/dev/null &
  runner=$!
  sleep 0.7
  agent uninstall
  agent install
  send_tcp 20000 22
  wait "$runner"
  awk '$2 < 0 || $3 < 0 { bad = 1 } END { exit bad }' "$logs"/*.log
  [ "$(awk '{ s += $3 } END { print s }' "$logs/ssh-in.log")" -ge 20000 ]
}

@test "run: rotates a counter's log file past its size limit" {
  agent install
  logs="$BATS_TEST_TMPDIR/logs"
  ETHERWATCH_LOG_MAX_BYTES=40 ETHERWATCH_LOG_KEEP=2 agent --interval 0.1 --count 8 --log-dir "$logs" run >/dev/null
  [ -f "$logs/total.log.1" ]
  [ -f "$logs/total.log.2" ]
  [ ! -f "$logs/total.log.3" ]
}

@test "run --aws: sends each counter to its log stream and to Etherwatch/Host metrics (moto)" {
  moto="$BATS_TEST_DIRNAME/../../.venv/bin/moto_server"
  [ -x "$moto" ] || {
    echo "moto is not installed: run ./etherwatch test, which installs it" >&2
    false
  }
  aws="$BATS_TEST_DIRNAME/../../.venv/bin/aws"
  on_a "$moto" -H 127.0.0.1 -p 5000 >"$BATS_TEST_TMPDIR/moto.log" 2>&1 &
  for _ in $(seq 100); do
    on_a curl -fs http://127.0.0.1:5000/moto-api/ >/dev/null && break
    sleep 0.2
  done
  agent install
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
  PATH="$(dirname "$aws"):$PATH"
  agent --aws --endpoint-url http://127.0.0.1:5000 --host web-1 --interval 0.5 --count 2 \
    --log-dir "$BATS_TEST_TMPDIR/logs" run
  streams=$(on_a "$aws" --endpoint-url http://127.0.0.1:5000 logs describe-log-streams \
    --log-group-name etherwatch/web-1 --query 'logStreams[].logStreamName' --output text)
  [ "$(wc -w <<<"$streams")" -eq 12 ]
  events=$(on_a "$aws" --endpoint-url http://127.0.0.1:5000 logs get-log-events --log-group-name etherwatch/web-1 \
    --log-stream-name ssh-in --query 'events[].message' --output text)
  [[ "$events" == "ssh-in packets="* ]]
  metrics=$(on_a "$aws" --endpoint-url http://127.0.0.1:5000 cloudwatch list-metrics --namespace Etherwatch/Host \
    --dimensions Name=Host,Value=web-1 Name=Protocol,Value=ssh Name=Direction,Value=in --output text)
  [[ "$metrics" == *"Bytes"* ]]
}

@test "run --aws: sends through curl with SigV4, never the aws CLI" {
  agent install
  calls="$BATS_TEST_TMPDIR/calls"
  # Nothing listens on the endpoint: the requests fail and stay in the spool; what matters is how they are sent.
  on_a env PATH="$(record_calls)" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_SESSION_TOKEN=session-1 \
    "$AGENT" --aws --region eu-west-1 --endpoint-url http://127.0.0.1:5999 --host web-1 --interval 0.2 --count 3 \
    --flush 0 --log-dir "$BATS_TEST_TMPDIR/logs" run 2>/dev/null
  run ! grep -q '^aws ' "$calls"
  grep -q '^aws-sigv4 = "aws:amz:eu-west-1:logs"' "$calls"
  grep -q '^aws-sigv4 = "aws:amz:eu-west-1:monitoring"' "$calls"
  grep -q '^header = "X-Amz-Target: Logs_20140328.PutLogEvents"' "$calls"
  grep -q '^header = "X-Amz-Security-Token: session-1"' "$calls"
  # The secret is in the request config (a file of mode 600), never on curl's command line.
  [ "$(grep '^curl ' "$calls" | grep -c test:test)" -eq 0 ]
  [ "$(wc -l <"$BATS_TEST_TMPDIR/logs/spool/ssh-in.pending")" -eq 3 ]
}

@test "run --aws: batched, every sample's lines arrive once and in order in their streams (moto, IMDSv2 role)" {
  moto_start
  agent install
  logs="$BATS_TEST_TMPDIR/logs"
  # No keys and no region in the environment: both come from the instance metadata, which moto also serves.
  ip netns exec "$NS_A" env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_REGION -u AWS_DEFAULT_REGION PATH="$(record_calls)" \
    AWS_EC2_METADATA_SERVICE_ENDPOINT="$MOTO_URL" "$AGENT" --aws --endpoint-url "$MOTO_URL" --host web-1 \
    --interval 0.2 --count 25 --flush 2 --log-dir "$logs" run &
  runner=$!
  for _ in $(seq 100); do
    [ -s "$logs/total.log" ] && break
    sleep 0.1
  done
  send_tcp 50000 22
  send_udp 5 500 5353
  wait "$runner"
  for counter in ssh-in ssh-out ssh-total tcp-in tcp-out tcp-total udp-in udp-out udp-total total-in total-out total; do
    [ "$(moto_events etherwatch/web-1 "$counter")" = "$(logged_events "$logs" "$counter")" ]
  done
  [ "$(wc -l <"$logs/ssh-in.log")" -eq 25 ]
  [ "$(awk '{ s += $3 } END { print s }' "$logs/ssh-in.log")" -ge 50000 ]
  # Batched: far fewer PutLogEvents than samples times streams (25 x 12), all with the role's session token.
  puts=$(grep -c 'X-Amz-Target: Logs_20140328.PutLogEvents' "$BATS_TEST_TMPDIR/calls")
  [ "$puts" -le $((12 * 6)) ]
  grep -q '^header = "X-Amz-Security-Token: test-session-token"' "$BATS_TEST_TMPDIR/calls"
  grep -q 'PUT /latest/api/token' "$BATS_TEST_TMPDIR/moto.log"
}

@test "run --aws: a 30 s moto outage loses nothing; the backlog follows in order once moto is back" {
  moto_start
  agent install
  logs="$BATS_TEST_TMPDIR/logs"
  ip netns exec "$NS_A" env AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test ETHERWATCH_RETRY_MAX=4 "$AGENT" --aws --region us-east-1 \
    --endpoint-url "$MOTO_URL" --host web-1 --interval 0.5 --flush 1 --log-dir "$logs" run 2>"$BATS_TEST_TMPDIR/agent.err" &
  runner=$! # the agent itself: ip netns exec and env exec it
  for _ in $(seq 100); do
    [ -n "$(moto_events etherwatch/web-1 total)" ] && break
    sleep 0.2
  done
  # Holds the agent between rounds to see what the first moto got, then takes moto away for 30 s.
  kill -STOP "$runner"
  for _ in $(seq 100); do
    # A round still sending is a child bash (a finished one stays a zombie until the agent runs again).
    pgrep -P "$runner" -r R,S,D -x bash >/dev/null || break
    sleep 0.1
  done
  for counter in ssh-in total; do moto_events etherwatch/web-1 "$counter" >"$BATS_TEST_TMPDIR/before.$counter"; done
  [ -s "$BATS_TEST_TMPDIR/before.total" ]
  kill "$MOTO_PID"
  wait "$MOTO_PID" || true
  kill -CONT "$runner"
  sleep 30 # the outage (a fault's length, not a wait for a result)
  [ "$(wc -l <"$logs/spool/total.pending")" -gt 0 ] || [ "$(wc -l <"$logs/spool/total.new")" -gt 0 ]
  moto_start # an empty moto: the agent must create the group and streams again
  for _ in $(seq 150); do
    [ "$(moto_events etherwatch/web-1 total | wc -l)" -ge 60 ] && break
    sleep 0.2
  done
  kill -TERM "$runner"
  wait "$runner"
  grep -q "sending to CloudWatch failed" "$BATS_TEST_TMPDIR/agent.err"
  [ "$(grep -c "sending to CloudWatch failed" "$BATS_TEST_TMPDIR/agent.err")" -eq 1 ]
  for counter in ssh-in total; do
    # What the first moto had, then what the second has: the log file, each line once and in order.
    [ "$(
      cat "$BATS_TEST_TMPDIR/before.$counter"
      moto_events etherwatch/web-1 "$counter"
    )" = "$(logged_events "$logs" "$counter")" ]
  done
  [ "$(wc -l <"$logs/total.log")" -gt 60 ]
}
