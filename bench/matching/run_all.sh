#!/usr/bin/env bash
# The matching benchmark at one size: generate the data set if missing, run VSS's matcher
# and splink 5 on the same files, and print one table row per tool.
#
#   bash bench/matching/run_all.sh 10k|100k|1m [vss|splink|both]   (default: both)
#
# Environment: SEED (default 1); PEERS=0 to skip creating the peers' venv.
# The peers' venv (bench/matching/.venv-peers, for splink) is created from
# requirements-peers.txt when missing. Results: bench/matching/out/<tool>/<size>/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
size="${1:?usage: run_all.sh 10k|100k|1m [vss|splink|both]}"
tools="${2:-both}"
seed="${SEED:-1}"

case "$size" in
    10k) persons=10000 ;;
    100k) persons=100000 ;;
    1m | 1M) size=1m; persons=1000000 ;;
    *[0-9]) persons="$size" ;;
    *) echo "unknown size: $size" >&2; exit 2 ;;
esac

project_python="$root/.venv/bin/python"
[ -x "$project_python" ] || project_python="$(command -v python3)"
data="$here/data/$size"

if [ ! -s "$data/records.csv" ] || [ ! -s "$data/truth.csv" ]; then
    echo "[data] generating $persons persons (seed $seed) into $data" >&2
    "$project_python" "$here/synth.py" --persons "$persons" --seed "$seed" --out "$data" >&2
fi

if [ ! -x /usr/bin/time ]; then
    echo "[setup] installing Debian's time package (GNU time, for peak memory)" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get install -y --no-install-recommends time >&2 \
        || { $sudo apt-get update >&2 && $sudo apt-get install -y --no-install-recommends time >&2; }
fi

rows=()
if [ "$tools" = both ] || [ "$tools" = vss ]; then
    out="$("$project_python" "$here/run_vss.py" --data "$data" --size "$size")"
    echo "$out" >&2
    rows+=("$(tail -n 1 <<<"$out")")
fi
if [ "$tools" = both ] || [ "$tools" = splink ]; then
    peers="$here/.venv-peers"
    if [ ! -x "$peers/bin/python" ] && [ "${PEERS:-1}" != 0 ]; then
        echo "[setup] creating $peers from requirements-peers.txt" >&2
        python3 -m venv "$peers"
        "$peers/bin/pip" install -q -r "$here/requirements-peers.txt" >&2
    fi
    out="$("$project_python" "$here/run_splink.py" --data "$data" --size "$size")"
    echo "$out" >&2
    rows+=("$(tail -n 1 <<<"$out")")
fi

echo "| size | tool | precision | recall | F1 | wall s | peak MiB |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
