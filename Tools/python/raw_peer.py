#!/usr/bin/env python3
"""Raw byte peer for tests.

  raw_peer.py send HOST PORT HEX [--half-close] [--timeout SECONDS]
                                 [--chunk N] [--delay SECONDS]

Connects to HOST:PORT, sends the bytes given as HEX ('-' reads hex from stdin;
'' sends nothing), optionally half-closes (shutdown(SHUT_WR)), then reads until
EOF, reset or timeout (default 5 s total, counted from after the send) and prints:

  line 1: every byte received, as lowercase hex (empty line if none)
  line 2: EOF | RESET | TIMEOUT

--chunk N sends the bytes N at a time, sleeping --delay seconds (default 0.01)
between chunks, to exercise receivers that must reassemble partial messages.
If the connection is refused, prints an empty line and REFUSED. If sending
fails (the peer reset the connection mid-send), reading still proceeds.
Exit status 0 unless usage is wrong (2) or the connection was refused (3).

  raw_peer.py serve HOST PORT HEX [--count N]

A hostile server: listens (port 0 = any; prints `listening on ('HOST', PORT)`), and for
each of N connections (default 1) reads the request (until a pause of 0.2 s), sends the
bytes given as HEX whatever was asked, half-closes, drains until EOF and closes. Used to
feed clients replies with control characters, huge declared lengths and the like.
"""

import argparse
import socket
import sys
import time


def main(argv):
    ap = argparse.ArgumentParser(prog="raw_peer.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("send", help="send hex bytes, print the reply as hex")
    sp.add_argument("host")
    sp.add_argument("port", type=int)
    sp.add_argument("hex", help="bytes to send, as hex; '-' reads hex from stdin")
    sp.add_argument("--half-close", action="store_true",
                    help="shutdown(SHUT_WR) after sending")
    sp.add_argument("--timeout", type=float, default=5.0,
                    help="seconds to wait for EOF after sending (default 5)")
    sp.add_argument("--chunk", type=int, default=0,
                    help="send N bytes at a time (default: all at once)")
    sp.add_argument("--delay", type=float, default=0.01,
                    help="pause between chunks, seconds (default 0.01)")
    sv = sub.add_parser("serve", help="answer every connection with the hex bytes")
    sv.add_argument("host")
    sv.add_argument("port", type=int)
    sv.add_argument("hex", help="bytes to answer with, as hex")
    sv.add_argument("--count", type=int, default=1, help="connections to serve (default 1)")
    args = ap.parse_args(argv[1:])
    if args.cmd == "serve":
        return serve(args)

    text = sys.stdin.read() if args.hex == "-" else args.hex
    try:
        payload = bytes.fromhex("".join(text.split()))
    except ValueError as e:
        print(f"raw_peer.py: bad hex: {e}", file=sys.stderr)
        return 2

    try:
        sock = socket.create_connection((args.host, args.port), timeout=args.timeout)
    except ConnectionRefusedError:
        print("", flush=True)
        print("REFUSED", flush=True)
        return 3

    received = bytearray()
    outcome = "EOF"
    with sock:
        try:
            if args.chunk > 0:
                for i in range(0, len(payload), args.chunk):
                    sock.sendall(payload[i:i + args.chunk])
                    if i + args.chunk < len(payload):
                        time.sleep(args.delay)
            elif payload:
                sock.sendall(payload)
            if args.half_close:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the peer gave up on us; report what it sent before that
        except socket.timeout:
            pass

        deadline = time.monotonic() + args.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                outcome = "TIMEOUT"
                break
            sock.settimeout(remaining)
            try:
                data = sock.recv(65536)
            except socket.timeout:
                outcome = "TIMEOUT"
                break
            except ConnectionResetError:
                outcome = "RESET"
                break
            if not data:
                outcome = "EOF"
                break
            received += data

    sys.stdout.write(received.hex() + "\n" + outcome + "\n")
    sys.stdout.flush()
    return 0


def serve(args):
    try:
        reply = bytes.fromhex("".join(args.hex.split()))
    except ValueError as e:
        print(f"raw_peer.py: bad hex: {e}", file=sys.stderr)
        return 2
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((args.host, args.port))
        listener.listen(16)
        host, port = listener.getsockname()[:2]
        print(f"listening on ('{host}', {port})", flush=True)
        listener.settimeout(30)
        for _ in range(args.count):
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                return 0
            with conn:
                conn.settimeout(0.2)
                try:
                    while conn.recv(65536):
                        pass
                except (socket.timeout, ConnectionResetError):
                    pass
                try:
                    conn.sendall(reply)
                    conn.shutdown(socket.SHUT_WR)
                    conn.settimeout(5)
                    while conn.recv(65536):
                        pass
                except (OSError, socket.timeout):
                    pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
