#!/usr/bin/env python3
"""Crash durability check (run by scripts/test.sh against the release binary).

A writer books visits through the public web-booking API while the server is killed with
SIGKILL at random moments, ROUNDS times. Afterwards every booking the server acknowledged
(HTTP 201 with a number) must be in the database, and SQLite's integrity check must pass.
Bounded: ROUNDS rounds of at most a few seconds each. Prints one line "N passed, N failed".
"""
import datetime
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1] if len(sys.argv) > 1 else "./target/release/vitrine"
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "6"))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_ready(port, proc, limit=30.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def main():
    work = tempfile.mkdtemp(prefix="vitrine-crash-")
    db = os.path.join(work, "crash.db")
    env = dict(os.environ, DATABASE_URL=f"sqlite://{db}", RUST_LOG="warn")
    subprocess.run([BIN, "seed", "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    acknowledged = []
    n = 0
    rng = random.Random(20261201)
    for round_no in range(ROUNDS):
        port = free_port()
        env["LEPTOS_SITE_ADDR"] = f"127.0.0.1:{port}"
        proc = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if not wait_ready(port, proc):
            print(f"round {round_no}: the server did not come up (database unusable?)")
            proc.kill()
            print("0 passed, 1 failed")
            return 1
        kill_at = time.monotonic() + rng.uniform(0.2, 1.5)
        while True:
            if time.monotonic() >= kill_at:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                break
            n += 1
            # Each booking from another loopback address: the per-address limit is 5 a minute.
            src = f"127.0.{(n // 250) % 250 + 1}.{n % 250 + 2}"
            # Noon in Shanghai (04:00 UTC) in three days, a second apart: within the store's
            # opening hours, which the public booking API keeps to.
            day = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3)).date()
            visit = (datetime.datetime.combine(day, datetime.time(4, 0), datetime.timezone.utc)
                     + datetime.timedelta(seconds=n)).isoformat()
            body = json.dumps({"name": f"压测{n}", "phone": f"137{n:08d}", "store": "上海旗舰店",
                               "visit_at": visit, "needs": "", "email": ""})
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5,
                                               source_address=(src, 0))
                c.request("POST", "/api/v1/web-reservations", body,
                          {"Content-Type": "application/json"})
                r = c.getresponse()
                data = r.read()
                if r.status == 201:
                    acknowledged.append(json.loads(data)["number"])
            except (OSError, http.client.HTTPException, ValueError):
                pass  # killed mid-request: not acknowledged
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    present = {row[0] for row in conn.execute("SELECT number FROM reservation")}
    missing = [x for x in acknowledged if x not in present]
    conn.close()
    ok = integrity == "ok" and not missing and len(acknowledged) > 0
    print(f"crash check: {ROUNDS} kills, {len(acknowledged)} acknowledged bookings, "
          f"{len(missing)} missing, integrity_check: {integrity}")
    if missing:
        print("missing:", missing[:10])
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
