#!/usr/bin/env python3
"""Send one large binary request to an app-protocol server and time it.

  big_request.py HOST PORT [MIB] [--repeat N]      (default 64 MiB, 1 run)

Builds a framed request (binary/custom-client-binary-type, content = MIB MiB),
sends it with sendall, reads the reply to EOF, checks it is byte-for-byte the
reply the Python app server sends (`First 10 bytes of request: ` + 10 bytes)
and prints one line per run: `MIB MiB in S s: X MB/s` (MB = 10^6 bytes,
timed from connect to the reply's EOF). Exit 1 on a wrong reply.
"""

import argparse
import json
import socket
import struct
import sys
import time


def frame(content, content_type, content_encoding):
    header = {
        "byteorder": sys.byteorder,
        "content-type": content_type,
        "content-encoding": content_encoding,
        "content-length": len(content),
    }
    hb = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return struct.pack(">H", len(hb)) + hb


def main(argv):
    ap = argparse.ArgumentParser(prog="big_request.py")
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("mib", type=float, nargs="?", default=64)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv[1:])

    size = int(args.mib * 1024 * 1024)
    pattern = b"binary\xf0\x9f\x98\x83" + bytes(range(256))
    content = (pattern * (size // len(pattern) + 1))[:size]
    head = frame(content, "binary/custom-client-binary-type", "binary")
    reply_content = b"First 10 bytes of request: " + content[:10]
    expected = frame(reply_content, "binary/custom-server-binary-type", "binary") + reply_content

    ok = True
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with socket.create_connection((args.host, args.port)) as s:
            s.sendall(head)
            s.sendall(memoryview(content))
            reply = bytearray()
            while True:
                data = s.recv(65536)
                if not data:
                    break
                reply += data
        dt = time.perf_counter() - t0
        total = len(head) + len(content)
        status = "" if reply == expected else f"  WRONG REPLY: {bytes(reply[:120])!r}"
        ok = ok and not status
        print(f"{args.mib:g} MiB in {dt:.3f} s: {total / dt / 1e6:.1f} MB/s{status}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
