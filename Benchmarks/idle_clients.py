#!/usr/bin/env python3
"""Hold N idle connections to a server: idle_clients.py HOST PORT N [--timeout S]

Opens N non-blocking connections (nothing is sent), prints `connected N` on stdout once every
connect has completed (or `connected K of N` after --timeout seconds), then keeps them open
until stdin closes or SIGTERM. Used by compare.sh to measure a server's RSS per idle connection.
"""

import argparse
import errno
import resource
import selectors
import signal
import socket
import sys
import time


def main(argv):
    ap = argparse.ArgumentParser(prog="idle_clients.py")
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args(argv[1:])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    sel = selectors.DefaultSelector()
    socks = []
    pending = 0
    deadline = time.monotonic() + args.timeout
    for _ in range(args.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        err = s.connect_ex((args.host, args.port))
        if err not in (0, errno.EINPROGRESS):
            s.close()
            continue
        socks.append(s)
        sel.register(s, selectors.EVENT_WRITE)
        pending += 1
        # Don't let the SYN backlog of a slow server grow without bound.
        while pending > 512 and time.monotonic() < deadline:
            pending -= drain(sel, 0.05)
    while pending > 0 and time.monotonic() < deadline:
        pending -= drain(sel, 0.1)
    connected = sum(1 for s in socks if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0) - pending
    print(f"connected {connected}" + ("" if connected == args.count else f" of {args.count}"), flush=True)
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    return 0


def drain(sel, timeout):
    done = 0
    for key, _ in sel.select(timeout):
        sel.unregister(key.fileobj)
        done += 1
    return done


if __name__ == "__main__":
    sys.exit(main(sys.argv))
