#!/usr/bin/env bash
# Runs every test project (unit, property, robustness and end-to-end with real ffmpeg/GStreamer peers)
# and ends with one summary line over all of them: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test || exit 1
export PATH="$HOME/.dotnet:$PATH" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results=TestResults
rm -rf "$results"
dotnet build Sfu.sln -c Release --no-restore --verbosity quiet || { echo "0 passed, 1 failed"; exit 1; }
# One test project at a time, end-to-end last: real encoders, Chromium and the server share two cores, and the
# playback assertions (frames per second, no freezes) must not compete with the codec tests running beside them.
status=0
projects=()
for dir in tests/*/; do
  [ "$dir" = "tests/EndToEnd/" ] || projects+=("${dir%/}")
done
projects+=(tests/EndToEnd)
for project in "${projects[@]}"; do
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build --results-directory "$results" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    -- RunConfiguration.TreatNoTestsAsError=false || status=1
done

passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { local v; v=$(echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + p))
  failed=$((failed + f + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + t - e))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # a test host crashed or a project failed without reporting a failed test
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
