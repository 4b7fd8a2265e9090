#!/usr/bin/env python3
"""Checks what deploy/local/seed/demo_traffic.py wrote to an AWS endpoint; prints one line per failed check and
exits 1 when any failed, else prints a summary and exits 0. For etherwatch.bats.

Arguments: the endpoint, the number of ticks the generator ran, and the minimum AWS/EC2 datapoints expected for
CPUUtilization of each instance over 14 days at period 300 (0 skips the backfill checks).
Lines are parsed with host-agent's own PutLogEvents message format (`<counter> packets=<n> bytes=<n>`,
host-agent/bin/etherwatch-agent cw_send); a reading is the 12 events of one host with the same timestamp.
"""
import re
import sys
from datetime import datetime, timedelta, timezone

import boto3

COUNTERS = ("ssh-in", "ssh-out", "ssh-total", "tcp-in", "tcp-out", "tcp-total", "udp-in", "udp-out", "udp-total",
            "total-in", "total-out", "total")
INSTANCES = ("ManagementServer", "MongoDBServer", "NodeAppServer1", "NodeAppServer2")
LINE = re.compile(r"^(?P<counter>[a-z]+(?:-[a-z]+)?) packets=(?P<packets>[0-9]+) bytes=(?P<bytes>[0-9]+)$")
EC2_METRICS = {"CPUUtilization", "NetworkIn", "NetworkOut", "NetworkPacketsIn", "NetworkPacketsOut", "DiskReadOps"}

errors = []


def check(ok, text):
    if not ok:
        errors.append(text)
    return ok


def all_events(logs, group, stream):
    events, token = [], None
    while True:
        kwargs = {"logGroupName": group, "logStreamName": stream, "startFromHead": True}
        if token:
            kwargs["nextToken"] = token
        page = logs.get_log_events(**kwargs)
        events += page["events"]
        if not page["events"] or page.get("nextForwardToken") == token:
            return events
        token = page.get("nextForwardToken")


def main(endpoint, ticks, min_points):
    kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    logs, cw, ec2 = boto3.client("logs", **kw), boto3.client("cloudwatch", **kw), boto3.client("ec2", **kw)

    groups = sorted(g["logGroupName"] for g in logs.describe_log_groups()["logGroups"])
    wanted = sorted(["/var/log/messages"] + [f"etherwatch/{n}" for n in INSTANCES])
    check(groups == wanted, f"log groups {groups}, wanted {wanted}")

    readings = 0
    for name in INSTANCES:
        group = f"etherwatch/{name}"
        streams = sorted(s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group)["logStreams"])
        check(streams == sorted(COUNTERS), f"{group}: streams {streams}")
        by_time = {}
        for counter in COUNTERS:
            events = all_events(logs, group, counter)
            check(len(events) >= ticks, f"{group} {counter}: {len(events)} events, wanted >= {ticks}")
            for e in events:
                m = LINE.match(e["message"])
                if check(m and m["counter"] == counter, f"{group} {counter}: not the agent's format: {e['message']!r}"):
                    by_time.setdefault(e["timestamp"], {})[counter] = (int(m["packets"]), int(m["bytes"]))
        for ms, r in sorted(by_time.items()):
            if not check(len(r) == 12, f"{group} at {ms}: {len(r)} counters, wanted 12"):
                continue
            readings += 1
            for i in (0, 1):  # packets, bytes
                for proto in ("ssh", "tcp", "udp"):
                    check(r[f"{proto}-total"][i] == r[f"{proto}-in"][i] + r[f"{proto}-out"][i],
                          f"{group} at {ms}: {proto}-total != {proto}-in + {proto}-out ({r})")
                check(r["total"][i] == r["total-in"][i] + r["total-out"][i], f"{group} at {ms}: total != in + out")
                for d in ("in", "out"):
                    check(r[f"ssh-{d}"][i] <= r[f"tcp-{d}"][i], f"{group} at {ms}: ssh-{d} > tcp-{d}")
                    check(r[f"tcp-{d}"][i] + r[f"udp-{d}"][i] <= r[f"total-{d}"][i],
                          f"{group} at {ms}: tcp-{d} + udp-{d} > total-{d}")

        # Etherwatch/Host carries the same numbers as the lines: the sums of tcp-in bytes agree.
        logged = sum(r["tcp-in"][1] for r in by_time.values() if "tcp-in" in r)
        now = datetime.now(timezone.utc)
        points = cw.get_metric_statistics(
            Namespace="Etherwatch/Host", MetricName="Bytes", StartTime=now - timedelta(hours=1),
            EndTime=now + timedelta(minutes=1), Period=7200, Statistics=["Sum", "SampleCount"],
            Dimensions=[{"Name": "Host", "Value": name}, {"Name": "Protocol", "Value": "tcp"},
                        {"Name": "Direction", "Value": "in"}])["Datapoints"]
        check(sum(p["SampleCount"] for p in points) == len(by_time),
              f"Etherwatch/Host {name} tcp in: {sum(p['SampleCount'] for p in points)} points, {len(by_time)} readings")
        check(sum(p["Sum"] for p in points) == logged,
              f"Etherwatch/Host {name} tcp in: sum {sum(p['Sum'] for p in points)}, lines say {logged}")

    streams = sorted(s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/var/log/messages")["logStreams"])
    check(streams == sorted(INSTANCES), f"/var/log/messages streams {streams}")
    lines = [e["message"] for e in all_events(logs, "/var/log/messages", "ManagementServer")]
    failed = [m for m in lines if re.search(r" sshd\[[0-9]+\]: Failed password for invalid user \S+ from "
                                            r"[0-9.]+ port [0-9]+ ssh2$", m)]
    check(failed, f"/var/log/messages ManagementServer: no sshd 'Failed password' line in {lines[:3]}")

    ec2_points = 0
    if min_points:
        ids = {}
        for reservation in ec2.describe_instances(
                Filters=[{"Name": "tag:Name", "Values": list(INSTANCES)}])["Reservations"]:
            for i in reservation["Instances"]:
                ids[next(t["Value"] for t in i["Tags"] if t["Key"] == "Name")] = i["InstanceId"]
        check(sorted(ids) == sorted(INSTANCES), f"instances {sorted(ids)}")
        now = datetime.now(timezone.utc)
        for name, instance_id in sorted(ids.items()):
            metrics = {m["MetricName"] for m in cw.list_metrics(
                Namespace="AWS/EC2", Dimensions=[{"Name": "InstanceId", "Value": instance_id}])["Metrics"]}
            check(metrics == EC2_METRICS, f"AWS/EC2 {name}: metrics {sorted(metrics)}")
            points = cw.get_metric_statistics(
                Namespace="AWS/EC2", MetricName="CPUUtilization", StartTime=now - timedelta(days=14), EndTime=now,
                Period=300, Statistics=["Average"], Dimensions=[{"Name": "InstanceId", "Value": instance_id}])
            n = len(points["Datapoints"])
            ec2_points = n
            check(n >= min_points, f"AWS/EC2 {name} CPUUtilization: {n} datapoints over 14 days, wanted >= {min_points}")
            check(all(0 <= p["Average"] <= 100 for p in points["Datapoints"]), f"AWS/EC2 {name}: CPU outside 0-100")

    for e in errors[:20]:
        print(e)
    if errors:
        return 1
    print(f"ok: {readings} readings, {len(failed)} sshd failures, {ec2_points} AWS/EC2 CPU points per instance")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
