#!/usr/bin/env bash
# Footprint of personvern: size of a fresh virtual environment with personvern installed
# (MB and package count), cold start of `personvern serve` until /health answers, idle memory.
# Usage: bench/footprint.sh [RUNS]   (default 5 cold starts; prints the median)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work="$(mktemp -d /tmp/personvern-footprint.XXXXXX)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(python3 --version)"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet . 2>/dev/null
size_mb=$(du -sm "$work/venv" | cut -f1)
packages=$("$work/venv/bin/pip" list --format=freeze 2>/dev/null | grep -v -i -E '^(pip|setuptools|wheel)==' | wc -l)
echo "install: ${size_mb} MB, ${packages} packages (without pip/setuptools)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
starts=()
for i in $(seq 1 "$runs"); do
  data="$work/data$i"; mkdir -p "$data"
  sync; start=$(date +%s.%N)
  PERSONVERN__DATA_DIR="$data" "$work/venv/bin/personvern" serve --port "$port" >"$work/log$i" 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log$i"; exit 1; }
    sleep 0.02
  done
  end=$(date +%s.%N)
  starts+=("$(python3 -c "print(f'{$end-$start:.2f}')")")
  if [ "$i" = "$runs" ]; then
    sleep 10
    rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')
    children=$( (pgrep -P "$pid" || true) | xargs -r ps -o rss= -p 2>/dev/null | awk '{s+=$1} END {print s+0}')
    echo "idle memory after 10 s: $(( (rss_kb + children) / 1024 )) MB RSS"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
median=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "cold start until /health answers: median ${median} s of ${runs} (${starts[*]})"
