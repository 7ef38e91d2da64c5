#!/usr/bin/env bash
# Relay figures: Redis, an origin (A) and an edge (B) in Release on loopback, ffmpeg publishing 720p30 H.264 at
# 2.5 Mbit/s to A, and the load generator playing from B with each viewer count given. Per count: what A sends to B
# (relay Mbit/s), A's CPU, B's CPU, and the relay hop's transit from B's histogram.
# usage: bench/relay-run.sh [HOLD_SECONDS] VIEWERS...        e.g. bench/relay-run.sh 15 1 50 100 200
set -euo pipefail
cd "$(dirname "$0")/.."
hold="${1:-15}"; shift || true
counts=("${@:-1 50 100 200}")
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/ControlPlane -c Release -v q -nologo >/dev/null
dotnet build bench/LoadGen -c Release -v q -nologo >/dev/null
work="$(mktemp -d)"
redis-server --port 26379 --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis=$!
node() { # id http grpc rtmp udp
  mkdir -p "$work/$1"
  dotnet src/ControlPlane/bin/Release/net10.0/ControlPlane.dll --Sfu:DataDirectory="$work/$1" \
    --Sfu:HttpListenAddress=127.0.0.1 --Sfu:HttpPort="$2" --Sfu:Admin:GrpcListenAddress=127.0.0.1 --Sfu:Admin:GrpcPort="$3" \
    --Sfu:Rtmp:ListenAddress=127.0.0.1 --Sfu:Rtmp:Port="$4" --Sfu:WebRtc:ListenAddress=127.0.0.1 --Sfu:WebRtc:Port="$5" \
    --Sfu:Cluster:Redis=127.0.0.1:26379 --Sfu:Cluster:Secret=bench --Sfu:Cluster:NodeId="$1" --Sfu:Cluster:RelayLinger=00:01:00 \
    --Sfu:Drain:ShutdownTimeout=00:00:00 --Logging:LogLevel:Default=Warning >"$work/$1.log" 2>&1 &
  echo $!
}
a=$(node a 29080 29051 29935 29000)
b=$(node b 29180 29151 29936 29100)
trap 'kill $a $b $redis ${ffmpeg:-} 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 4
ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=1280x720:rate=30 -an \
  -c:v libx264 -preset veryfast -tune zerolatency -bf 0 -g 60 -b:v 2500k -maxrate 2500k -bufsize 5000k -pix_fmt yuv420p \
  -t 3600 -f flv rtmp://127.0.0.1:29935/live/bench &
ffmpeg=$!
sleep 4
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 ~ "^"m"({|$)" {s+=$2} END {printf "%.0f", s}'; }
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
printf "%8s %12s %10s %10s %12s %12s %8s\n" viewers "relay Mbit/s" "A cores" "B cores" "hop mean ms" "hop ≤1 ms" "loss"
for n in ${counts[@]}; do
  log="$work/load-$n.json"
  dotnet bench/LoadGen/bin/Release/net10.0/LoadGen.dll --url http://127.0.0.1:29180/whep/bench \
    --viewers "$n" --ramp 100 --hold "$hold" --server-pid "$b" >"$work/load-$n.log" 2>&1 &
  load=$!
  sleep $(( n / 100 + 3 ))
  fed0=$(metric 29080 sfu_relay_fed_bytes_total); ca0=$(cpu "$a"); cb0=$(cpu "$b")
  tc0=$(metric 29180 sfu_relay_transit_seconds_count); ts0=$(curl -s http://127.0.0.1:29180/metrics | awk '$1 ~ /^sfu_relay_transit_seconds_sum/ {s+=$2} END {printf "%.6f", s}')
  t1=$(curl -s http://127.0.0.1:29180/metrics | awk '$1 ~ /^sfu_relay_transit_seconds_bucket/ && $1 ~ /le="0.001"/ {s+=$2} END {printf "%.0f", s}')
  start=$(date +%s.%N)
  sleep $(( hold - 4 ))
  fed1=$(metric 29080 sfu_relay_fed_bytes_total); ca1=$(cpu "$a"); cb1=$(cpu "$b")
  tc1=$(metric 29180 sfu_relay_transit_seconds_count); ts1=$(curl -s http://127.0.0.1:29180/metrics | awk '$1 ~ /^sfu_relay_transit_seconds_sum/ {s+=$2} END {printf "%.6f", s}')
  t2=$(curl -s http://127.0.0.1:29180/metrics | awk '$1 ~ /^sfu_relay_transit_seconds_bucket/ && $1 ~ /le="0.001"/ {s+=$2} END {printf "%.0f", s}')
  end=$(date +%s.%N)
  wait $load || true
  loss=$(tail -1 "$work/load-$n.log" | grep -o '"loss":[0-9.e-]*' | cut -d: -f2)
  awk -v n="$n" -v f0="$fed0" -v f1="$fed1" -v a0="$ca0" -v a1="$ca1" -v b0="$cb0" -v b1="$cb1" -v s="$start" -v e="$end" -v hz="$hz" \
      -v c0="$tc0" -v c1="$tc1" -v s0="$ts0" -v s1="$ts1" -v w0="$t1" -v w1="$t2" -v loss="$loss" 'BEGIN {
    d = e - s; printf "%8d %12.2f %10.3f %10.3f %12.2f %11.1f%% %8s\n", n, (f1 - f0) * 8 / d / 1e6, (a1 - a0) / hz / d, (b1 - b0) / hz / d,
      (c1 > c0 ? 1000 * (s1 - s0) / (c1 - c0) : 0), (c1 > c0 ? 100 * (w1 - w0) / (c1 - c0) : 0), loss }'
  sleep 2
done
