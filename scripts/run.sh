#!/usr/bin/env bash
# Runs the server with its embedded defaults: RTMP on 1935, HTTP on 8080.
# Extra arguments are configuration, e.g. --Sfu:Rtmp:Port=1936.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh run
export PATH="$HOME/.dotnet:$PATH" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/ControlPlane -c Release --no-restore -- "$@"
