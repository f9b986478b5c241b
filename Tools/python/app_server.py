#!/usr/bin/env python3
"""Application-protocol server: app_server.py [HOST PORT]  (default 127.0.0.1 65432).

PORT may be 0; the first stdout line is `listening on ('127.0.0.1', PORT)` with the
real port. Stops cleanly on SIGTERM or Ctrl-C.
"""

import selectors
import signal
import socket
import sys
import traceback

import libserver

sys.stdout.reconfigure(line_buffering=True)

sel = selectors.DefaultSelector()


def _on_sigterm(signum, frame):
    raise SystemExit(0)


def accept_wrapper(sock):
    conn, addr = sock.accept()  # Should be ready to read
    print("accepted connection from", addr)
    conn.setblocking(False)
    message = libserver.Message(sel, conn, addr)
    sel.register(conn, selectors.EVENT_READ, data=message)


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
    # Avoid bind() exception: OSError: [Errno 48] Address already in use
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
                    message = key.data
                    try:
                        message.process_events(mask)
                    except Exception as e:
                        print(f"main: error: exception for {message.addr}: {e!r}")
                        traceback.print_exc(file=sys.stderr)
                        if message.sock is not None:
                            message.close()
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
