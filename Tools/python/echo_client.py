#!/usr/bin/env python3
"""Blocking echo client: echo_client.py [HOST PORT]  (default 127.0.0.1 65432).

Sends b"Hello, world", reads once with recv(1024), prints `Received b'Hello, world'`.
"""

import socket
import sys

sys.stdout.reconfigure(line_buffering=True)


def main(argv):
    if len(argv) == 1:
        host, port = "127.0.0.1", 65432
    elif len(argv) == 3:
        host, port = argv[1], int(argv[2])
    else:
        print(f"usage: {argv[0]} [<host> <port>]", file=sys.stderr)
        return 2

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect((host, port))
        s.sendall(b"Hello, world")
        data = s.recv(1024)

    print(f"Received {data!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
