#!/usr/bin/env python3
"""Application-protocol client: app_client.py HOST PORT ACTION VALUE.

Sends one request, prints `Got result: RESULT` (text/json reply) or
`Got response: b'...'` (binary reply), and exits 0; exits 1 if no response was
processed (refused, reset, peer closed early, bad reply).
"""

import selectors
import socket
import sys
import traceback

import libclient

sys.stdout.reconfigure(line_buffering=True)

sel = selectors.DefaultSelector()


def create_request(action, value):
    if action == "search":
        return dict(
            type="text/json",
            encoding="utf-8",
            content=dict(action=action, value=value),
        )
    else:
        return dict(
            type="binary/custom-client-binary-type",
            encoding="binary",
            content=bytes(action + value, encoding="utf-8"),
        )


def start_connection(host, port, request):
    addr = (host, port)
    print("starting connection to", addr)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.connect_ex(addr)
    events = selectors.EVENT_READ | selectors.EVENT_WRITE
    message = libclient.Message(sel, sock, addr, request)
    sel.register(sock, events, data=message)
    return message


def main(argv):
    if len(argv) != 5:
        print(f"usage: {argv[0]} <host> <port> <action> <value>", file=sys.stderr)
        return 2

    host, port = argv[1], int(argv[2])
    action, value = argv[3], argv[4]
    request = create_request(action, value)
    message = start_connection(host, port, request)

    try:
        while True:
            events = sel.select(timeout=1)
            for key, mask in events:
                message = key.data
                try:
                    message.process_events(mask)
                except Exception as e:
                    print(f"main: error: exception for {message.addr}: {e!r}")
                    traceback.print_exc(file=sys.stderr)
                    if message.sock is not None:
                        message.close()
            # Check for a socket being monitored to continue.
            if not sel.get_map():
                break
    except KeyboardInterrupt:
        print("caught keyboard interrupt, exiting")
    finally:
        sel.close()
    return 0 if message.response is not None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
