#!/usr/bin/env bash
# Installs what building, running and testing need, only when it is missing:
# the .NET 10 SDK, Debian packages for the real peers (ffmpeg, GStreamer), and NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
for pkg in ffmpeg chromium python3-aiortc libavcodec-dev libavutil-dev libswresample-dev gcc gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
           gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav ca-certificates curl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_packages+=("$pkg")
done
if [ ${#need_packages[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bootstrap: installing ${need_packages[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "bootstrap: installing the .NET 10 SDK into ~/.dotnet" >&2
  curl -sSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
  bash /tmp/dotnet-install.sh --channel 10.0 --install-dir "$HOME/.dotnet" >/dev/null
  export PATH="$HOME/.dotnet:$PATH"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Sfu.sln --verbosity quiet
