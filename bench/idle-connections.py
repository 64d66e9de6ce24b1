#!/usr/bin/env python3
"""Opens N idle TCP connections to 127.0.0.1:PORT, holds them SECONDS, closes them.
Usage: idle-connections.py PORT N SECONDS"""
import resource
import socket
import sys
import time

port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
held = []
try:
    for _ in range(count):
        held.append(socket.create_connection(("127.0.0.1", port)))
    time.sleep(seconds)
finally:
    for s in held:
        s.close()
print(f"held {len(held)} idle connections for {seconds}s", file=sys.stderr)
