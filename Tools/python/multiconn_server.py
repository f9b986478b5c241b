#!/usr/bin/env python3
"""Multi-connection echo server: multiconn_server.py [HOST PORT]  (default 127.0.0.1 65432).

Selector-based; each accepted socket is watched for READ|WRITE with its own
outgoing buffer. PORT may be 0; first stdout line is
`listening on ('127.0.0.1', PORT)`. Stops cleanly on SIGTERM or Ctrl-C.
"""

import selectors
import signal
import socket
import sys
import types

sys.stdout.reconfigure(line_buffering=True)

sel = selectors.DefaultSelector()


def _on_sigterm(signum, frame):
    raise SystemExit(0)


def accept_wrapper(sock):
    conn, addr = sock.accept()  # Should be ready to read
    print("accepted connection from", addr)
    conn.setblocking(False)
    data = types.SimpleNamespace(addr=addr, inb=b"", outb=b"")
    events = selectors.EVENT_READ | selectors.EVENT_WRITE
    sel.register(conn, events, data=data)


def service_connection(key, mask):
    sock = key.fileobj
    data = key.data
    if mask & selectors.EVENT_READ:
        try:
            recv_data = sock.recv(1024)  # Should be ready to read
        except ConnectionError:
            recv_data = b""
        if recv_data:
            data.outb += recv_data
        else:
            print("closing connection to", data.addr)
            sel.unregister(sock)
            sock.close()
            return
    if mask & selectors.EVENT_WRITE:
        if data.outb:
            print("echoing", repr(data.outb), "to", data.addr)
            sent = sock.send(data.outb)  # Should be ready to write
            data.outb = data.outb[sent:]


def main(argv):
    if len(argv) == 1:
        host, port = "127.0.0.1", 65432
    elif len(argv) == 3:
        host, port = argv[1], int(argv[2])
    else:
        print(f"usage: {argv[0]} [<host> <port>]", file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, _on_sigterm)

    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((host, port))
    lsock.listen()
    print("listening on", lsock.getsockname(), flush=True)
    lsock.setblocking(False)
    sel.register(lsock, selectors.EVENT_READ, data=None)

    try:
        while True:
            events = sel.select(timeout=None)
            for key, mask in events:
                if key.data is None:
                    accept_wrapper(key.fileobj)
                else:
                    try:
                        service_connection(key, mask)
                    except OSError as e:
                        print(f"main: error: exception for {key.data.addr}: {e!r}")
                        try:
                            sel.unregister(key.fileobj)
                        except (KeyError, ValueError):
                            pass
                        key.fileobj.close()
    except KeyboardInterrupt:
        print("caught keyboard interrupt, exiting")
    except SystemExit:
        print("caught SIGTERM, exiting")
    finally:
        sel.close()
        lsock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
