#!/usr/bin/env python3
"""Blocking echo server: echo_server.py [HOST PORT]  (default 127.0.0.1 65432).

Accepts ONE client, echoes recv(1024) chunks back with sendall until the peer
closes, then exits. PORT may be 0; first stdout line is
`listening on ('127.0.0.1', PORT)`. Stops cleanly on SIGTERM.
"""

import signal
import socket
import sys

sys.stdout.reconfigure(line_buffering=True)


def _on_sigterm(signum, frame):
    raise SystemExit(0)


def main(argv):
    if len(argv) == 1:
        host, port = "127.0.0.1", 65432
    elif len(argv) == 3:
        host, port = argv[1], int(argv[2])
    else:
        print(f"usage: {argv[0]} [<host> <port>]", file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, _on_sigterm)

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, port))
        s.listen()
        print("listening on", s.getsockname(), flush=True)
        conn, addr = s.accept()
        with conn:
            print("Connected by", addr)
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                conn.sendall(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
