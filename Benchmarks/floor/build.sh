#!/bin/sh
# Builds the loopback-floor server: Benchmarks/floor/floor_server
set -eu
cd "$(dirname "$0")"
${CC:-gcc} -O2 -Wall -Wextra -std=c11 -o floor_server floor_server.c
echo "built $(pwd)/floor_server"
