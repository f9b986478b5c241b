#!/usr/bin/env python3
"""Multi-connection client: multiconn_client.py HOST PORT NUM_CONNECTIONS.

Opens NUM_CONNECTIONS non-blocking connections (ids 1..N); each sends
`Message 1 from client.` and `Message 2 from client.` (44 bytes), counts the
bytes echoed back and closes when all 44 came back or the peer closed.
Exits 0 if every connection got its 44 bytes back, 1 otherwise.
"""

import selectors
import socket
import sys
import types

sys.stdout.reconfigure(line_buffering=True)

sel = selectors.DefaultSelector()
messages = [b"Message 1 from client.", b"Message 2 from client."]
failed = 0


def start_connections(host, port, num_conns):
    server_addr = (host, port)
    for i in range(0, num_conns):
        connid = i + 1
        print("starting connection", connid, "to", server_addr)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(server_addr)
        events = selectors.EVENT_READ | selectors.EVENT_WRITE
        data = types.SimpleNamespace(
            connid=connid,
            msg_total=sum(len(m) for m in messages),
            recv_total=0,
            messages=messages.copy(),
            outb=b"",
        )
        sel.register(sock, events, data=data)


def close_connection(sock, data):
    global failed
    print("closing connection", data.connid)
    if data.recv_total != data.msg_total:
        failed += 1
    sel.unregister(sock)
    sock.close()


def service_connection(key, mask):
    sock = key.fileobj
    data = key.data
    if mask & selectors.EVENT_READ:
        recv_data = sock.recv(1024)  # Should be ready to read
        if recv_data:
            print("received", repr(recv_data), "from connection", data.connid)
            data.recv_total += len(recv_data)
        if not recv_data or data.recv_total == data.msg_total:
            close_connection(sock, data)
            return
    if mask & selectors.EVENT_WRITE:
        if not data.outb and data.messages:
            data.outb = data.messages.pop(0)
        if data.outb:
            print("sending", repr(data.outb), "to connection", data.connid)
            sent = sock.send(data.outb)  # Should be ready to write
            data.outb = data.outb[sent:]
        if not data.outb and not data.messages:
            # Everything sent: only wait for the echo now.
            sel.modify(sock, selectors.EVENT_READ, data=data)


def main(argv):
    if len(argv) != 4:
        print(f"usage: {argv[0]} <host> <port> <num_connections>", file=sys.stderr)
        return 2

    host, port, num_conns = argv[1], int(argv[2]), int(argv[3])
    start_connections(host, port, num_conns)

    try:
        while True:
            events = sel.select(timeout=1)
            for key, mask in events:
                try:
                    service_connection(key, mask)
                except OSError as e:
                    print(f"main: error: exception for connection {key.data.connid}: {e!r}")
                    close_connection(key.fileobj, key.data)
            # Check for a socket being monitored to continue.
            if not sel.get_map():
                break
    except KeyboardInterrupt:
        print("caught keyboard interrupt, exiting")
    finally:
        sel.close()
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
