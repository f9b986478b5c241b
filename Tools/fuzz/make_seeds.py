#!/usr/bin/env python3
"""Writes the fuzz seed corpus: valid requests and replies, and every malformed class.

Each seed is 2 control bytes (limits selector, split seed; see FuzzDecoder.swift) + a stream.
Usage: make_seeds.py DIR
"""
import hashlib
import json
import os
import sys


def frame(header, content=b""):
    if isinstance(header, dict):
        header = json.dumps(header, ensure_ascii=False).encode()
    elif isinstance(header, str):
        header = header.encode()
    return len(header).to_bytes(2, "big") + header + content


def hdr(ctype, enc, length, order="little", **extra):
    h = {"byteorder": order, "content-type": ctype, "content-encoding": enc, "content-length": length}
    h.update(extra)
    return h


def search(value):
    c = json.dumps({"action": "search", "value": value}, ensure_ascii=False).encode()
    return frame(hdr("text/json", "utf-8", len(c)), c)


def main(out):
    os.makedirs(out, exist_ok=True)
    binary = "binary😃".encode()
    reply = json.dumps({"result": "Follow the white rabbit. 🐰"}, ensure_ascii=False).encode()
    streams = {
        "search-morpheus": search("morpheus"),
        "search-dog": search("🐶"),
        "search-none": search("nothing"),
        "binary": frame(hdr("binary/custom-client-binary-type", "binary", len(binary)), binary),
        "reply-json": frame(hdr("text/json", "utf-8", len(reply)), reply),
        "reply-binary": frame(hdr("binary/custom-server-binary-type", "binary", 37),
                              b"First 10 bytes of request: binary\xf0\x9f\x98\x83"),
        "two-messages": search("ring") + search("morpheus"),
        "bad-action": frame(hdr("text/json", "utf-8", 20), b'{"action": "x", "v":1}'[:20]),
        "escapes": frame('{"byteorder":"big","content-type":"text\\/json","content-encoding":"utf\\u002d8",'
                         '"content-length":2, "x": [1, 2.5e3, true, null, {"a": "\\ud83d\\ude00"}]}', b"{}"),
        "empty-header": b"\x00\x00",
        "garbage-65535": b"\xff\xff" + bytes((i * 37 + 11) % 256 for i in range(65535)),
        "header-not-object": frame("[1, 2, 3]"),
        "header-not-utf8": frame(b"{\"a\": \"\xc3\x28\"}"),
        "missing-key": frame({"byteorder": "big", "content-type": "x", "content-encoding": "y"}),
        "cl-string": frame(hdr("text/json", "utf-8", "41")),
        "cl-float": frame(hdr("text/json", "utf-8", 41.0)),
        "cl-negative": frame(hdr("text/json", "utf-8", -1)),
        "cl-null": frame(hdr("text/json", "utf-8", None)),
        "cl-huge": frame('{"byteorder": "big", "content-type": "text/json", "content-encoding": "utf-8", '
                         '"content-length": 99999999999999999999999999}'),
        "cl-over-16MiB": frame(hdr("text/json", "utf-8", 16 * 1024 * 1024 + 1)),
        "bad-byteorder": frame(hdr("text/json", "utf-8", 2, order="middle"), b"{}"),
        "unknown-encoding": frame(hdr("text/json", "utf-9", 2), b"{}"),
        "latin1": frame(hdr("text/json", "latin-1", 4), b'"\xe9"\x20'),
        "content-not-json": frame(hdr("text/json", "utf-8", 3), b"{x}"),
        "content-not-object": frame(hdr("text/json", "utf-8", 3), b"[1]"),
        "content-not-utf8": frame(hdr("text/json", "utf-8", 4), b'"\xff"}'),
        "deep-nesting": frame("[" * 200 + "]" * 200),
        "truncated": search("morpheus")[:40],
        # Declared far beyond what is sent (and beyond Int64 arithmetic): nothing may be reserved
        # from it; with limits selector 6 (maxContentLength = Int.max) the decoder waits in the content.
        "cl-999999999999999999": frame(hdr("binary", "binary", 999999999999999999), b"\x1b]0;title\x07" * 40),
        "cl-int64-max": frame(hdr("binary", "binary", 9223372036854775807), b"x" * 10),
        "long-then-short": frame(hdr("binary", "binary", 300), bytes(range(256)) + b"A" * 44) + search("ring"),
    }
    for name, stream in streams.items():
        for control in (0, 1, 6, 0x2B):
            data = bytes([control, len(name)]) + stream
            digest = hashlib.sha1(data).hexdigest()[:12]
            with open(os.path.join(out, f"{name}-{control:02x}-{digest}"), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "seeds")
