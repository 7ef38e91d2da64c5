#!/usr/bin/env bash
# Installs what building, running ("run") or testing ("test", the default) needs, only when it is missing:
# the .NET 10 SDK, Debian packages (FFmpeg; for tests also the real peers), and NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# Running needs FFmpeg's libraries (the codec bridge); testing also needs the real peers and the headers the
# FFmpeg struct-layout test compiles against.
mode="${1:-test}"
packages=(ffmpeg ca-certificates curl)
if [ "$mode" = "test" ]; then
  packages+=(chromium python3-aiortc libavcodec-dev libavutil-dev libswresample-dev gcc
             gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
             gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice
             python3-gi gir1.2-gst-plugins-bad-1.0 redis-server)
fi
need_packages=()
for pkg in "${packages[@]}"; do
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
