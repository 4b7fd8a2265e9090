#!/usr/bin/env python3
"""Live demo traffic for the local stack (issue 15, item 2): writes what host-agent would write for the four
instances of the reference network, plus their system log lines and AWS/EC2 metrics, to an AWS endpoint (moto).

Every tick (5 s, the agent's default interval), for each of ManagementServer, MongoDBServer, NodeAppServer1 and
NodeAppServer2:
  - log group `etherwatch/<Name>` (host-agent's default group), one stream per counter (the 12 counters of DESIGN
    section 7), one event per stream in the agent's own PutLogEvents message format
    `<counter> packets=<packets> bytes=<bytes>` (host-agent/bin/etherwatch-agent, cw_send), all with the same
    epoch-millisecond timestamp; the deltas are consistent as the agent computes them: ssh <= tcp,
    tcp + udp <= total, `<x>-total` = `<x>-in` + `<x>-out`, `total` = `total-in` + `total-out`;
  - PutMetricData to `Etherwatch/Host`, metric `Bytes` (unit Bytes), dimensions Host, Protocol (ssh|tcp|udp|all)
    and Direction (in|out|total), from the same numbers (one call per tick for all four hosts);
  - log group `/var/log/messages`, one stream per instance (named after it), syslog-style lines: cron and systemd
    now and then, and on ManagementServer sshd `Failed password for invalid user ... ssh2` lines during SSH
    brute-force bursts (4-5 attempts/s for 30-90 s, as the 2016 report saw; the first one a minute after start).
Traffic follows a daytime curve (UTC hour) and each instance's role: the apps serve HTTP and talk to MongoDB,
MongoDB receives from the apps, the management server carries SSH.

AWS/EC2 metrics (CPUUtilization, NetworkIn, NetworkOut, NetworkPacketsIn, NetworkPacketsOut, DiskReadOps; dimension
InstanceId), which moto never generates, are backfilled over 14 days at 5-minute resolution (4032 points per metric
and instance) in batches of 1000 (PutMetricData's per-call limit) between ticks, newest first, then written live once
per 5-minute period from the ticks' own sums. An instance that already has the backfill is not backfilled again.

With --no-agent-lines (`./etherwatch up --agent`: the real host agent writes them from network namespaces,
deploy/local/agent-host.sh) the per-host counter lines and the Etherwatch/Host metrics are left out, and their log
groups are not created here; the /var/log/messages lines and the AWS/EC2 metrics go on as before.

One process, one thread. A moto restart (everything forgotten) is noticed by itself: vanished groups and streams are
created again, and new instance ids get their own backfill. A failed call is logged once per kind of failure and
retried at the next tick; the process never stops on one. SIGTERM/SIGINT stop it after the current tick.
"""
import argparse
import math
import random
import signal
import sys
import time
from datetime import datetime, timezone

import boto3
from botocore.config import Config

COUNTERS = ("ssh-in", "ssh-out", "ssh-total", "tcp-in", "tcp-out", "tcp-total", "udp-in", "udp-out", "udp-total",
            "total-in", "total-out", "total")
INSTANCES = ("ManagementServer", "MongoDBServer", "NodeAppServer1", "NodeAppServer2")
MESSAGES_GROUP = "/var/log/messages"
EC2_PERIOD = 300
BACKFILL_DAYS = 14
BATCH = 1000  # PutMetricData: at most 1000 metrics per call (AWS CloudWatch quota)
EC2_METRICS = ("CPUUtilization", "NetworkIn", "NetworkOut", "NetworkPacketsIn", "NetworkPacketsOut", "DiskReadOps")

# Per role, packets per second at the daytime peak, and average bytes per packet:
# (ssh in, ssh out, other tcp in, other tcp out, udp in, udp out, other in, other out), (bytes ssh/tcp in, tcp out).
ROLES = {
    "ManagementServer": {"rates": (3.0, 2.5, 4.0, 3.5, 0.6, 0.6, 0.2, 0.2), "size_in": 120, "size_out": 300,
                         "cpu": 4.0, "disk": 3.0},
    "MongoDBServer": {"rates": (0.2, 0.2, 60.0, 55.0, 0.5, 0.5, 0.1, 0.1), "size_in": 400, "size_out": 900,
                      "cpu": 12.0, "disk": 40.0},
    "NodeAppServer1": {"rates": (0.2, 0.2, 90.0, 80.0, 1.0, 1.0, 0.1, 0.1), "size_in": 350, "size_out": 1100,
                       "cpu": 18.0, "disk": 6.0},
    "NodeAppServer2": {"rates": (0.2, 0.2, 80.0, 70.0, 1.0, 1.0, 0.1, 0.1), "size_in": 350, "size_out": 1100,
                       "cpu": 16.0, "disk": 6.0},
}
# One brute-force attempt (TCP handshake, key exchange, one password try, close), after the 2016 report.
ATTEMPT_PACKETS_IN, ATTEMPT_PACKETS_OUT, ATTEMPT_BYTES_IN, ATTEMPT_BYTES_OUT = 14, 12, 2600, 3400
USERS = ("admin", "test", "oracle", "ubuntu", "postgres", "git", "user", "pi", "ftpuser", "support", "guest", "mysql")


def daytime(epoch):
    """The share of the peak rate at this time of day: 0.15 at 03:00 UTC, rising to 1.0 at 15:00 UTC."""
    hour = (epoch / 3600.0) % 24
    return 0.15 + 0.85 * (0.5 - 0.5 * math.cos((hour - 3.0) / 24.0 * 2 * math.pi))


def jitter(rng, value, spread=0.2):
    return max(0.0, value * rng.uniform(1 - spread, 1 + spread))


class Burst:
    """SSH brute-force bursts on the management server: 4-5 attempts/s for 30-90 s, every `every` s on average."""

    def __init__(self, rng, now, every, first_after):
        self.rng, self.every = rng, every
        self.start, self.end, self.rate = now + first_after, 0.0, 0.0
        self.source = None
        self.plan(self.start)

    def plan(self, start):
        self.start = start
        self.end = start + self.rng.uniform(30, 90)
        self.rate = self.rng.uniform(4.0, 5.0)
        self.source = f"{self.rng.choice((45, 61, 103, 185, 193, 218))}.{self.rng.randrange(1, 255)}." \
                      f"{self.rng.randrange(0, 255)}.{self.rng.randrange(1, 255)}"

    def attempts(self, t0, t1):
        """Attempt times in [t0, t1), and the next burst planned once this one is over."""
        if t1 <= self.start:
            return []
        lo, hi = max(t0, self.start), min(t1, self.end)
        times = []
        if hi > lo:
            n = int((hi - lo) * self.rate + self.rng.random())
            times = sorted(self.rng.uniform(lo, hi) for _ in range(n))
        if t1 >= self.end:
            self.plan(self.end + self.rng.expovariate(1.0 / self.every))
        return times


class Generator:
    def __init__(self, args):
        config = Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=30)
        session = boto3.session.Session(aws_access_key_id=args.access_key, aws_secret_access_key=args.secret_key,
                                        region_name=args.region)
        self.logs = session.client("logs", endpoint_url=args.endpoint, config=config)
        self.cw = session.client("cloudwatch", endpoint_url=args.endpoint, config=config)
        self.ec2 = session.client("ec2", endpoint_url=args.endpoint, config=config)
        self.args = args
        self.rng = random.Random(args.seed)
        now = time.time()
        self.burst = Burst(self.rng, now, args.burst_every, args.first_burst)
        self.pids = {name: self.rng.randrange(300, 30000) for name in INSTANCES}
        self.instances = {}  # Name -> (instance id, private ip)
        self.backfill = []  # pending backfill batches: (instance id, [metric data])
        self.backfill_started = None
        self.backfill_points = 0
        self.prepared = False
        self.period_start = int(now // EC2_PERIOD) * EC2_PERIOD
        self.period = {}  # Name -> sums over the current 5-minute period
        self.failing = set()
        self.stopping = False
        self.last = now

    # --- logging ----------------------------------------------------------------------------------------------

    def say(self, text):
        print(f"{datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ} demo: {text}", flush=True)

    def failed(self, what, error):
        """Logs a failure once until the same step succeeds again."""
        if what not in self.failing:
            self.failing.add(what)
            self.say(f"{what} failed ({type(error).__name__}: {str(error)[:200]}); retrying every tick")

    def recovered(self, what):
        if what in self.failing:
            self.failing.discard(what)
            self.say(f"{what} works again")

    # --- AWS resources ----------------------------------------------------------------------------------------

    def prepare(self):
        """Creates the 5 log groups and their streams (existing ones are fine)."""
        if self.args.agent_lines:
            for name in INSTANCES:
                self.ensure(f"etherwatch/{name}", COUNTERS)
        self.ensure(MESSAGES_GROUP, INSTANCES)
        self.prepared = True

    def ensure(self, group, streams):
        try:
            self.logs.create_log_group(logGroupName=group)
        except self.logs.exceptions.ResourceAlreadyExistsException:
            pass
        for stream in streams:
            try:
                self.logs.create_log_stream(logGroupName=group, logStreamName=stream)
            except self.logs.exceptions.ResourceAlreadyExistsException:
                pass

    def find_instances(self):
        """The seeded instances by Name; a new id (first start, or moto restarted and reseeded) gets a backfill."""
        found = {}
        pages = self.ec2.get_paginator("describe_instances").paginate(
            Filters=[{"Name": "tag:Name", "Values": list(INSTANCES)},
                     {"Name": "instance-state-name", "Values": ["running"]}])
        for page in pages:
            for reservation in page["Reservations"]:
                for i in reservation["Instances"]:
                    name = next((t["Value"] for t in i.get("Tags", []) if t["Key"] == "Name"), None)
                    found[name] = (i["InstanceId"], i.get("PrivateIpAddress", "10.0.0.10"))
        if found == self.instances:
            return
        known = {v[0] for v in self.instances.values()}
        self.instances = found
        self.backfill = [b for b in self.backfill if b[0] in {v[0] for v in found.values()}]
        planned = 0
        for name, (instance_id, _) in sorted(found.items()):
            if instance_id not in known and not self.has_backfill(instance_id):
                self.plan_backfill(name, instance_id)
                planned += 1
        if planned:
            self.backfill_started = time.monotonic()
            self.backfill_points = sum(len(b[1]) for b in self.backfill)
            self.say(f"backfilling AWS/EC2 for {planned} instances: {self.backfill_points} points over "
                     f"{self.args.backfill_days} days, {len(self.backfill)} calls of at most {BATCH}")

    def has_backfill(self, instance_id):
        end = datetime.fromtimestamp(time.time(), timezone.utc)
        start = datetime.fromtimestamp(time.time() - self.args.backfill_days * 86400, timezone.utc)
        points = self.cw.get_metric_statistics(
            Namespace="AWS/EC2", MetricName="CPUUtilization", StartTime=start, EndTime=end,
            Period=self.args.backfill_days * 86400 + EC2_PERIOD, Statistics=["SampleCount"],
            Dimensions=[{"Name": "InstanceId", "Value": instance_id}])["Datapoints"]
        return sum(p["SampleCount"] for p in points) >= self.args.backfill_days * 86400 // EC2_PERIOD * 0.9

    def plan_backfill(self, name, instance_id):
        """Batches of EC2 metric points for the last `backfill_days`, newest first."""
        rng = random.Random(f"{self.args.seed}-{instance_id}")
        end = self.period_start
        points = []
        for k in range(1, self.args.backfill_days * 86400 // EC2_PERIOD + 1):
            t = end - k * EC2_PERIOD
            sums = self.expected(name, t, EC2_PERIOD, rng)
            points.extend(self.ec2_data(name, instance_id, t, sums, rng))
        for i in range(0, len(points), BATCH):
            self.backfill.append((instance_id, points[i:i + BATCH]))

    # --- the traffic model ------------------------------------------------------------------------------------

    def expected(self, name, t, seconds, rng):
        """Sums of in/out packets and bytes of one instance over `seconds` from t (the model, for the backfill)."""
        role = ROLES[name]
        share = daytime(t)
        rates = [jitter(rng, r * share, 0.3) for r in role["rates"]]
        packets_in = (rates[0] + rates[2] + rates[4] + rates[6]) * seconds
        packets_out = (rates[1] + rates[3] + rates[5] + rates[7]) * seconds
        return {"packets_in": packets_in, "packets_out": packets_out, "bytes_in": packets_in * role["size_in"],
                "bytes_out": packets_out * role["size_out"], "share": share}

    def ec2_data(self, name, instance_id, t, sums, rng):
        role = ROLES[name]
        cpu = min(100.0, jitter(rng, role["cpu"] * (0.3 + 0.7 * sums["share"]), 0.25)
                  + sums.get("attempts", 0) * 0.02)
        values = {"CPUUtilization": (round(cpu, 3), "Percent"),
                  "NetworkIn": (int(sums["bytes_in"]), "Bytes"), "NetworkOut": (int(sums["bytes_out"]), "Bytes"),
                  "NetworkPacketsIn": (int(sums["packets_in"]), "Count"),
                  "NetworkPacketsOut": (int(sums["packets_out"]), "Count"),
                  "DiskReadOps": (int(jitter(rng, role["disk"] * (0.3 + 0.7 * sums["share"]), 0.4) * EC2_PERIOD),
                                  "Count")}
        stamp = datetime.fromtimestamp(t, timezone.utc)
        return [{"MetricName": metric, "Dimensions": [{"Name": "InstanceId", "Value": instance_id}],
                 "Timestamp": stamp, "Value": value, "Unit": unit} for metric, (value, unit) in values.items()]

    def readings(self, name, t0, t1, attempts):
        """The 12 counters' deltas of one instance for the interval [t0, t1), as the agent would compute them."""
        role = ROLES[name]
        rng = self.rng
        seconds = t1 - t0
        share = daytime(t1)
        rates = [jitter(rng, r * share) for r in role["rates"]]
        p = [int(r * seconds + rng.random()) for r in rates]
        ssh_in, ssh_out, tcp_in, tcp_out, udp_in, udp_out, other_in, other_out = p
        b_ssh_in, b_ssh_out = ssh_in * rng.randint(60, 140), ssh_out * rng.randint(80, 400)
        if attempts:
            ssh_in += attempts * ATTEMPT_PACKETS_IN
            ssh_out += attempts * ATTEMPT_PACKETS_OUT
            b_ssh_in += attempts * ATTEMPT_BYTES_IN
            b_ssh_out += attempts * ATTEMPT_BYTES_OUT
        packets = {"ssh-in": ssh_in, "ssh-out": ssh_out, "tcp-in": ssh_in + tcp_in, "tcp-out": ssh_out + tcp_out,
                   "udp-in": udp_in, "udp-out": udp_out}
        size_in, size_out = role["size_in"], role["size_out"]
        octets = {"ssh-in": b_ssh_in, "ssh-out": b_ssh_out,
                  "tcp-in": b_ssh_in + int(tcp_in * jitter(rng, size_in)),
                  "tcp-out": b_ssh_out + int(tcp_out * jitter(rng, size_out)),
                  "udp-in": udp_in * rng.randint(60, 120), "udp-out": udp_out * rng.randint(60, 120)}
        packets["total-in"] = packets["tcp-in"] + packets["udp-in"] + other_in
        packets["total-out"] = packets["tcp-out"] + packets["udp-out"] + other_out
        octets["total-in"] = octets["tcp-in"] + octets["udp-in"] + other_in * 84
        octets["total-out"] = octets["tcp-out"] + octets["udp-out"] + other_out * 84
        for proto in ("ssh", "tcp", "udp"):
            packets[f"{proto}-total"] = packets[f"{proto}-in"] + packets[f"{proto}-out"]
            octets[f"{proto}-total"] = octets[f"{proto}-in"] + octets[f"{proto}-out"]
        packets["total"] = packets["total-in"] + packets["total-out"]
        octets["total"] = octets["total-in"] + octets["total-out"]
        return [(c, packets[c], octets[c]) for c in COUNTERS]

    def syslog(self, name, t0, t1, attempts):
        """System lines of one instance for [t0, t1): (epoch ms, message), in time order."""
        rng = self.rng
        host = "ip-" + self.instances.get(name, ("", "10.0.0.10"))[1].replace(".", "-")
        lines = []

        def line(t, program, text):
            self.pids[name] += rng.randint(1, 3)
            stamp = datetime.fromtimestamp(t, timezone.utc)
            lines.append((int(t * 1000), f"{stamp:%b} {stamp.day:2d} {stamp:%H:%M:%S} {host} "
                                         f"{program}[{self.pids[name]}]: {text}"))

        for t in attempts:
            user = rng.choice(USERS)
            port = rng.randint(32768, 60999)
            line(t, "sshd", f"Invalid user {user} from {self.burst.source} port {port}")
            line(t + 0.001, "sshd", f"Failed password for invalid user {user} from {self.burst.source} port {port} ssh2")
        seconds = t1 - t0
        if rng.random() < seconds / 60.0:  # about one ordinary line a minute
            t = rng.uniform(t0, t1)
            program, text = rng.choice((
                ("CRON", "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)"),
                ("systemd", "Started Session of user ubuntu."),
                ("systemd", "Starting Daily apt download activities..."),
                ("systemd", "Started Daily apt download activities."),
                ("systemd-timesyncd", "Synchronized to time server 169.254.169.123:123 (169.254.169.123)."),
                ("dhclient", "bound to " + self.instances.get(name, ("", "10.0.0.10"))[1] + " -- renewal in 1800 seconds."),
            ))
            line(t, program, text)
        return sorted(lines)

    # --- one tick ---------------------------------------------------------------------------------------------

    def put_events(self, group, stream, events):
        try:
            self.logs.put_log_events(logGroupName=group, logStreamName=stream,
                                     logEvents=[{"timestamp": ms, "message": m} for ms, m in events])
        except self.logs.exceptions.ResourceNotFoundException:
            # moto restarted (it forgets everything): the groups and streams come back, then the events.
            self.say(f"{group} {stream} vanished (moto restarted?): creating the groups and streams again")
            self.prepare()
            self.logs.put_log_events(logGroupName=group, logStreamName=stream,
                                     logEvents=[{"timestamp": ms, "message": m} for ms, m in events])

    def step(self, what, action, *args):
        try:
            action(*args)
            self.recovered(what)
            return True
        except Exception as e:  # moto down for a moment, or anything else: retried next tick
            self.failed(what, e)
            return False

    def tick(self, t0, t1):
        if not self.prepared and not self.step("creating the log groups", self.prepare):
            return
        self.step("looking up the instances", self.find_instances)
        ms = int(t1 * 1000)
        attempts = self.burst.attempts(t0, t1)
        metric_data = []
        for name in INSTANCES:
            burst = attempts if name == "ManagementServer" else []
            deltas = self.readings(name, t0, t1, len(burst))
            for counter, packets, octets in deltas if self.args.agent_lines else ():
                self.step("PutLogEvents", self.put_events, f"etherwatch/{name}", counter,
                          [(ms, f"{counter} packets={packets} bytes={octets}")])
                proto, direction = counter.rsplit("-", 1) if "-" in counter else ("all", "total")
                proto = "all" if proto == "total" else proto
                metric_data.append({"MetricName": "Bytes", "Value": octets, "Unit": "Bytes",
                                    "Timestamp": datetime.fromtimestamp(ms / 1000, timezone.utc),
                                    "Dimensions": [{"Name": "Host", "Value": name},
                                                   {"Name": "Protocol", "Value": proto},
                                                   {"Name": "Direction", "Value": direction}]})
            lines = self.syslog(name, t0, t1, burst)
            if lines:
                self.step("PutLogEvents", self.put_events, MESSAGES_GROUP, name, lines)
            d = dict((c, (p, b)) for c, p, b in deltas)
            sums = self.period.setdefault(name, {"packets_in": 0, "packets_out": 0, "bytes_in": 0, "bytes_out": 0,
                                                 "attempts": 0, "share": daytime(t1)})
            sums["packets_in"] += d["total-in"][0]
            sums["packets_out"] += d["total-out"][0]
            sums["bytes_in"] += d["total-in"][1]
            sums["bytes_out"] += d["total-out"][1]
            sums["attempts"] += len(burst)
        if metric_data:
            self.step("PutMetricData Etherwatch/Host",
                      lambda: self.cw.put_metric_data(Namespace="Etherwatch/Host", MetricData=metric_data))
        self.live_ec2(t1)

    def live_ec2(self, now):
        """Once a 5-minute period is over, its AWS/EC2 point per instance from the ticks' sums."""
        if now < self.period_start + EC2_PERIOD:
            return
        data = []
        for name, sums in self.period.items():
            if name in self.instances:
                data.extend(self.ec2_data(name, self.instances[name][0], self.period_start, sums, self.rng))
        self.period = {}
        self.period_start = int(now // EC2_PERIOD) * EC2_PERIOD
        if data:
            self.step("PutMetricData AWS/EC2", lambda: self.cw.put_metric_data(Namespace="AWS/EC2", MetricData=data))

    def backfill_until(self, deadline):
        """Sends backfill batches until the next tick is due."""
        while self.backfill and time.monotonic() < deadline and not self.stopping:
            instance_id, data = self.backfill[0]
            if not self.step("backfilling AWS/EC2",
                             lambda: self.cw.put_metric_data(Namespace="AWS/EC2", MetricData=data)):
                return
            self.backfill.pop(0)
            if not self.backfill:
                took = time.monotonic() - self.backfill_started
                self.say(f"AWS/EC2 backfill done: {self.backfill_points} points in {took:.1f} s")
                self.backfill_started = None

    def run(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.say(f"writing demo traffic to {self.args.endpoint} every {self.args.tick} s")
        taken = 0
        next_tick = time.monotonic() + self.args.tick
        while not self.stopping:
            self.backfill_until(next_tick)
            while not self.stopping and time.monotonic() < next_tick:  # short naps: SIGTERM ends it at once
                time.sleep(min(0.2, max(0.0, next_tick - time.monotonic())))
            if self.stopping:
                break
            next_tick = max(next_tick + self.args.tick, time.monotonic() + self.args.tick / 2)
            now = time.time()
            self.tick(self.last, now)
            self.last = now
            taken += 1
            if self.args.ticks and taken >= self.args.ticks:
                # A bounded run (tests) finishes its backfill before it ends.
                self.backfill_until(float("inf"))
                break
        self.say(f"stopped after {taken} ticks")

    def stop(self, *_):
        self.stopping = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--endpoint", required=True, help="AWS endpoint, e.g. http://127.0.0.1:4566")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--tick", type=float, default=5.0, help="seconds between readings (host-agent's interval)")
    parser.add_argument("--ticks", type=int, default=0, help="stop after this many ticks (default: until SIGTERM)")
    parser.add_argument("--backfill-days", type=int, default=BACKFILL_DAYS,
                        help="days of AWS/EC2 metrics at 5-minute resolution to write first (0: none)")
    parser.add_argument("--burst-every", type=float, default=1200,
                        help="mean seconds between SSH brute-force bursts on ManagementServer")
    parser.add_argument("--first-burst", type=float, default=60, help="seconds until the first burst")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one each start)")
    parser.add_argument("--no-agent-lines", dest="agent_lines", action="store_false",
                        help="leave out the per-host counter lines and Etherwatch/Host metrics (the real agents "
                             "write them: ./etherwatch up --agent)")
    parser.add_argument("--access-key", default="test")
    parser.add_argument("--secret-key", default="test")
    Generator(parser.parse_args()).run()


if __name__ == "__main__":
    main()
