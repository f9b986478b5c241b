#!/usr/bin/env python3
"""The TUI under a flood of big replies: memory, CPU and key-to-screen latency.

  Benchmarks/tui_load.py [--binary .build/release/socketlab] [--replies 10] [--mib 16] [--rounds 5]

Starts a server that answers every request with one framed MIB-MiB binary reply, opens the
TUI attached to it in a 200x60 tmux pane, sends `:burst REPLIES binary x`, and while the
replies arrive:
  - samples the TUI's resident memory (VmRSS; VmHWM = peak) and CPU time from /proc,
  - types a character into the composer, polls `tmux capture-pane` every 5 ms until it shows
    (the key-to-screen latency) and types the next 20 ms later; keys typed while the server was
    still sending are reported apart from those typed after. The flood lasts about a second, so
    the burst is sent `--rounds` times.
Prints the figures; issue 8's targets: RSS <= 150 MB after 10 x 16 MiB, latency <= 100 ms.
`--replies 0` measures the latency without load: the machine's (and tmux's) own noise floor.
Everything runs on 127.0.0.1 and is torn down at the end (bounded: about 10 s a round).
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time


def big_reply(size):
    content = bytes(i % 251 for i in range(251)) * (size // 251) + b"\0" * (size % 251)
    header = json.dumps({"byteorder": "little", "content-type": "binary/custom-server-binary-type",
                         "content-encoding": "binary", "content-length": len(content)},
                        ensure_ascii=False).encode()
    return len(header).to_bytes(2, "big") + header + content


def serve(listener, reply, served):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=answer, args=(conn, reply, served), daemon=True).start()


def answer(conn, reply, served):
    with conn:
        buf = b""
        conn.settimeout(5)
        try:
            while True:  # read one framed request
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
                if len(buf) >= 2:
                    hl = int.from_bytes(buf[:2], "big")
                    if len(buf) >= 2 + hl:
                        cl = json.loads(buf[2:2 + hl])["content-length"]
                        if len(buf) >= 2 + hl + cl:
                            break
            conn.sendall(reply)
            served.append(time.monotonic())
        except OSError:
            pass


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def rows_of(session):
    return tmux("capture-pane", "-p", "-t", session).splitlines()


def proc_stats(pid):
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build/release/socketlab")
    ap.add_argument("--replies", type=int, default=10)
    ap.add_argument("--mib", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=5, help="bursts in a row, keys typed during each")
    args = ap.parse_args()
    reply = big_reply(args.mib << 20)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    served = []
    threading.Thread(target=serve, args=(listener, reply, served), daemon=True).start()

    session = f"tui-load-{os.getpid()}"
    tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "60", "-e", "LANG=C.UTF-8",
         f"exec {os.path.abspath(args.binary)} tui 127.0.0.1 {port}")
    try:
        pid = int(tmux("display", "-p", "-t", session, "#{pane_pid}").strip())
        deadline = time.monotonic() + 10
        while "app>" not in tmux("capture-pane", "-p", "-t", session):
            if time.monotonic() > deadline:
                sys.exit("the TUI did not start")
            time.sleep(0.05)
        rss0, _, cpu0 = proc_stats(pid)
        start = time.monotonic()
        under_load = []  # keys typed while replies were still being sent
        after_load = []
        samples = []
        # The flood lasts about a second (bytes past the UI queue's 1 MiB become counted gaps),
        # so the burst is repeated `--rounds` times and keys are typed back to back meanwhile.
        for _ in range(args.rounds):
            tmux("send-keys", "-t", session, "C-u")  # the line of typed keys from the last round
            cleared = time.monotonic() + 5
            while "k" in "".join(rows_of(session)[-2:-1]) and time.monotonic() < cleared:
                time.sleep(0.005)
            first = len(served)
            if args.replies > 0:  # 0: the same measurement without load, for the machine's noise floor
                tmux("send-keys", "-t", session, "-l", f":burst {args.replies} binary x")
                tmux("send-keys", "-t", session, "Enter")
            round_start = time.monotonic()
            typed = 0
            while time.monotonic() - round_start < 10:
                samples.append((time.monotonic() - start,) + proc_stats(pid))
                # One key, then wait for it on the composer line (the second-to-last row).
                typed += 1
                sent = time.monotonic()
                tmux("send-keys", "-t", session, "-l", "k")
                while time.monotonic() - sent < 5:
                    rows = rows_of(session)
                    if len(rows) >= 2 and rows[-2].count("k") >= typed:
                        break
                    time.sleep(0.005)
                latency = (time.monotonic() - sent) * 1000
                done = len(served) - first >= args.replies
                (under_load if not done or (served and served[-1] >= sent) else after_load).append(latency)
                if done and time.monotonic() - (served[-1] if served and args.replies else round_start) > 1:
                    break
                time.sleep(0.02)
        rss1, hwm, cpu1 = proc_stats(pid)
        elapsed = time.monotonic() - start
        total = args.replies * args.mib
        print(f"TUI attached to a server answering {args.rounds} x {args.replies} x {args.mib} MiB "
              f"({args.rounds * total} MiB), 200x60, {elapsed:.1f} s observed, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"  replies sent by the server  {len(served)}")
        print(f"  RSS before / after / peak   {rss0:.0f} / {rss1:.0f} / {hwm:.0f} MB   (target after <= 150 MB)")
        print(f"  CPU used while observed     {cpu1 - cpu0:.2f} s  ({(cpu1 - cpu0) / elapsed * 100:.0f} % of one core on average)")
        busiest = max((b[3] - a[3]) / (b[0] - a[0]) for a, b in zip(samples, samples[1:])) if len(samples) > 1 else 0
        print(f"  busiest sample interval     {busiest * 100:.0f} % of one core")
        quiet = "after them" if args.replies else "without load"
        for name, values in (("during the replies", under_load), (quiet, after_load)):
            if values:
                ordered = sorted(values)
                p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
                print(f"  key-to-screen latency {name:18} median {statistics.median(values):.0f} ms, p90 {p90:.0f} ms, "
                      f"max {max(values):.0f} ms over {len(values)} keys   (target <= 100 ms)")
                print("    ms: " + " ".join(f"{l:.0f}" for l in values))
    finally:
        tmux("kill-session", "-t", session)
        listener.close()


if __name__ == "__main__":
    main()
