#!/usr/bin/env python3
"""The end-to-end path of issue 15 item 4, for etherwatch.bats: numbered events written through PutLogEvents (as
host-agent writes them) and counted where they come out, in ./etherwatch tail --json and in a WebSocket client.

Subcommands:
  prepare ENDPOINT GROUP STREAMS            create the log group and the streams e2e-0 … e2e-<STREAMS-1>
  follow PUSH_URL TOKEN GROUP SINCE_MS OUT [AUTH_URL]
                                            a WebSocket client of push-service (DESIGN section 6: Bearer token on the
                                            upgrade, no Origin, one LOG_STREAM_REQUEST for every stream from
                                            SINCE_MS); each event of LOG_EVENTS goes to OUT as one JSON line, flushed;
                                            every other frame to stderr; runs until SIGTERM. With AUTH_URL it logs in
                                            again every 20 s (admin, $ETHERWATCH_PASSWORD) and sends REAUTHENTICATE,
                                            so that a short token lifetime does not close it
  write ENDPOINT GROUP STREAMS EVENTS BATCH EVENTS numbered events per stream (message `seq=<n>`, timestamps now,
                                            rising), BATCH events per PutLogEvents call, the streams' calls taken
                                            in turn as the agent sends its counters
  check GROUP STREAMS EVENTS TIMEOUT FILE…  waits (at most TIMEOUT seconds, polling) until every FILE holds
                                            STREAMS × EVENTS events of GROUP, then checks each: every sequence
                                            number of every stream exactly once and in order; prints the counts,
                                            the first missing and duplicated numbers, and exits 1 when one failed
"""
import asyncio
import json
import re
import signal
import sys
import time

SEQ = re.compile(r"^seq=(?P<seq>[0-9]+)$")


def logs_client(endpoint):
    import boto3

    return boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                        aws_secret_access_key="test")


def stream_names(count):
    return [f"e2e-{i}" for i in range(int(count))]


def prepare(endpoint, group, streams):
    logs = logs_client(endpoint)
    logs.create_log_group(logGroupName=group)
    for name in stream_names(streams):
        logs.create_log_stream(logGroupName=group, logStreamName=name)


def write(endpoint, group, streams, events, batch):
    logs = logs_client(endpoint)
    events, batch = int(events), int(batch)
    names = stream_names(streams)
    base = int(time.time() * 1000)
    for start in range(0, events, batch):
        for name in names:
            page = [{"timestamp": base + seq, "message": f"seq={seq}"} for seq in range(start, min(start + batch, events))]
            logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=page)
        time.sleep(0.2)


def login(auth_url):
    """A fresh access token of the admin (password in ETHERWATCH_PASSWORD) from auth-service."""
    import os
    import urllib.request

    body = json.dumps({"username": "admin", "password": os.environ["ETHERWATCH_PASSWORD"]}).encode()
    request = urllib.request.Request(f"{auth_url}/api/authenticate", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["token"]


async def reauthenticate(ws, auth_url, every=20):
    """Sends REAUTHENTICATE with a new token every `every` seconds, before the current one expires."""
    while True:
        await asyncio.sleep(every)
        token = await asyncio.to_thread(login, auth_url)
        await ws.send(json.dumps({"type": "REAUTHENTICATE", "token": token}))


async def follow(push_url, token, group, since_ms, out, auth_url=None):
    import websockets

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    async with websockets.connect(push_url, additional_headers={"Authorization": f"Bearer {token}"},
                                  origin=None, max_size=2**22) as ws:
        await ws.send(json.dumps({"type": "LOG_STREAM_REQUEST", "requestId": "e2e", "logGroupName": group,
                                  "logStreamNames": [], "since": int(since_ms)}))
        renewing = asyncio.ensure_future(reauthenticate(ws, auth_url)) if auth_url else None
        with open(out, "a", encoding="utf-8") as sink:
            receiving = asyncio.ensure_future(ws.recv())
            stopping = asyncio.ensure_future(stop.wait())
            while True:
                done, _ = await asyncio.wait({receiving, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if stopping in done:
                    receiving.cancel()
                    if renewing:
                        renewing.cancel()
                    return
                frame = json.loads(receiving.result())
                if frame.get("type") == "LOG_EVENTS":
                    for event in frame["events"]:
                        sink.write(json.dumps(event) + "\n")
                    sink.flush()
                else:
                    print(f"e2e follow: {json.dumps(frame)[:300]}", file=sys.stderr, flush=True)
                receiving = asyncio.ensure_future(ws.recv())


def read_events(path, group):
    """The sequence numbers of GROUP's events in a JSON-lines file, per stream in file order; and the unreadable lines."""
    by_stream, bad = {}, []
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if not line.endswith("\n"):
                    break  # a line still being written
                try:
                    event = json.loads(line)
                    if event["logGroupName"] != group:
                        bad.append(line.strip())
                        continue
                    seq = int(SEQ.match(event["message"]).group("seq"))
                    by_stream.setdefault(event["logStreamName"], []).append(seq)
                except (ValueError, KeyError, AttributeError, TypeError):
                    bad.append(line.strip())
    except FileNotFoundError:
        pass
    return by_stream, bad


def check(group, streams, events, timeout, files):
    events, wanted = int(events), int(streams) * int(events)
    deadline = time.monotonic() + float(timeout)
    while time.monotonic() < deadline:
        if all(sum(map(len, read_events(f, group)[0].values())) >= wanted for f in files):
            break
        time.sleep(0.25)
    failed = False
    for path in files:
        by_stream, bad = read_events(path, group)
        total = sum(map(len, by_stream.values()))
        problems = [f"{len(bad)} unreadable or foreign lines, first {bad[:2]}"] if bad else []
        for name in stream_names(streams):
            seqs = by_stream.get(name, [])
            seen, duplicated = set(), []
            for seq in seqs:
                if seq in seen:
                    duplicated.append(seq)
                else:
                    seen.add(seq)
            missing = [seq for seq in range(events) if seq not in seen]
            out_of_order = [b for a, b in zip(seqs, seqs[1:]) if b < a]
            if missing or duplicated or out_of_order:
                problems.append(f"{name}: {len(seqs)} events, {len(missing)} missing (first {missing[:10]}), "
                                f"{len(duplicated)} duplicated (first {duplicated[:10]}), "
                                f"{len(out_of_order)} out of order (first {out_of_order[:10]})")
        extra = sorted(set(by_stream) - set(stream_names(streams)))
        if extra:
            problems.append(f"streams not written: {extra}")
        status = "FAILED" if problems else "ok"
        print(f"e2e check {path}: {total} of {wanted} events, {status}" + "".join(f"\n  {p}" for p in problems))
        failed |= bool(problems)
    return 1 if failed else 0


def main(args):
    command, rest = args[0], args[1:]
    if command == "prepare":
        prepare(*rest)
    elif command == "write":
        write(*rest)
    elif command == "follow":
        asyncio.run(follow(*rest))
    elif command == "check":
        return check(rest[0], rest[1], rest[2], rest[3], rest[4:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
