#!/usr/bin/env python3
# How long a writer waits while an index is built: one client inserts single rows into a table
# while CREATE INDEX, then CREATE INDEX CONCURRENTLY, runs on it; prints each build's time, the
# inserts that went through during it and their worst, p99 and median latency. A benchmark,
# not a test. Needs psycopg (./scripts/test.sh installs it in .venv).
#
#   heliosdb serve --data-dir /tmp/bench --port 55610 &
#   .venv/bin/python scripts/online-index-bench.py 55610 500000
import psycopg, threading, time, sys, statistics
port = int(sys.argv[1]); rows = int(sys.argv[2])
def conn(): return psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True)
c = conn()
c.execute("ALTER SYSTEM SET helios.autopilot = 'off'")
c.execute("DROP TABLE IF EXISTS big")
c.execute("CREATE TABLE big (id int PRIMARY KEY, k int, v text)")
c.execute(f"INSERT INTO big SELECT g, g % 1000, 'row ' || g FROM generate_series(1, {rows}) g")
next_id = [rows + 1]
def run(statement):
    stop = threading.Event(); lat = []; window = [None, None]
    def writer():
        w = conn()
        while not stop.is_set():
            i = next_id[0]; next_id[0] += 1
            t = time.perf_counter(); w.execute("INSERT INTO big VALUES (%s, %s, 'x')", (i, i % 1000)); lat.append((t, time.perf_counter() - t))
    th = threading.Thread(target=writer); th.start(); time.sleep(1.0)
    window[0] = time.perf_counter(); c.execute(statement); window[1] = time.perf_counter()
    time.sleep(0.5); stop.set(); th.join()
    during = [l for (t, l) in lat if window[0] <= t <= window[1]]
    worst = max(((l, t - window[0]) for (t, l) in lat if window[0] <= t <= window[1]), default=(0, 0))
    print(f"  worst insert started {worst[1]*1000:.0f} ms into the build, took {worst[0]*1000:.0f} ms")
    during.sort()
    p99 = during[int(len(during) * 0.99) - 1] if during else float('nan')
    print(f"{statement[:40]:40s} build {window[1]-window[0]:6.2f} s, inserts during build {len(during):6d}, "
          f"max {max(during)*1000 if during else float('nan'):8.1f} ms, p99 {p99*1000:7.1f} ms, median {statistics.median(during)*1000 if during else float('nan'):6.2f} ms")
for rnd in range(2):
    run("CREATE INDEX big_k ON big (k)"); c.execute("DROP INDEX big_k")
    run("CREATE INDEX CONCURRENTLY big_k ON big (k)"); c.execute("DROP INDEX big_k")
