#!/usr/bin/env bash
# Whole-server load figure: the server (Release, loopback only), ffmpeg publishing 720p30 H.264 at 2.5 Mbit/s over
# RTMP, and the load generator opening VIEWERS WHEP viewers; the load generator reports the server's CPU from /proc.
# usage: [SERVER_ARGS="--Sfu:WebRtc:SendBatching=false"] bench/load-run.sh VIEWERS [HOLD_SECONDS] [RAMP_PER_SECOND] [--audio]
# SERVER_CPUS / CLIENT_CPUS (taskset lists, e.g. 0 and 1) pin the server and the publisher + load generator apart.
set -euo pipefail
cd "$(dirname "$0")/.."
viewers="${1:-100}"; hold="${2:-20}"; ramp="${3:-100}"; audio="${4:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/ControlPlane -c Release -v q -nologo >/dev/null
dotnet build bench/LoadGen -c Release -v q -nologo >/dev/null
data="$(mktemp -d)"
server_pin=(); client_pin=()
[ -n "${SERVER_CPUS:-}" ] && server_pin=(taskset -c "$SERVER_CPUS")
[ -n "${CLIENT_CPUS:-}" ] && client_pin=(taskset -c "$CLIENT_CPUS")
"${server_pin[@]}" dotnet src/ControlPlane/bin/Release/net10.0/ControlPlane.dll \
  --Sfu:DataDirectory="$data" --Sfu:HttpListenAddress=127.0.0.1 --Sfu:HttpPort=28080 \
  --Sfu:Admin:GrpcListenAddress=127.0.0.1 --Sfu:Admin:GrpcPort=28051 \
  --Sfu:Rtmp:ListenAddress=127.0.0.1 --Sfu:Rtmp:Port=21935 \
  --Sfu:WebRtc:ListenAddress=127.0.0.1 --Sfu:WebRtc:Port=28000 \
  --Sfu:Drain:ShutdownTimeout=00:00:00 --Logging:LogLevel:Default=Warning ${SERVER_ARGS:-} >"$data/server.log" 2>&1 &
server=$!
audio_args=(-an)
[ "$audio" = "--audio" ] && audio_args=(-f lavfi -i sine=frequency=440:sample_rate=48000 -c:a aac -ar 48000 -ac 2)
trap 'kill $server ${ffmpeg:-} 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 3
"${client_pin[@]}" ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=1280x720:rate=30 "${audio_args[@]}" \
  -c:v libx264 -preset veryfast -tune zerolatency -bf 0 -g 60 -b:v 2500k -maxrate 2500k -bufsize 5000k -pix_fmt yuv420p \
  -t $((hold + viewers / ramp + 30)) -f flv rtmp://127.0.0.1:21935/live/bench &
ffmpeg=$!
sleep 4
"${client_pin[@]}" dotnet bench/LoadGen/bin/Release/net10.0/LoadGen.dll --url http://127.0.0.1:28080/whep/bench \
  --viewers "$viewers" --ramp "$ramp" --hold "$hold" --server-pid "$server"
