#!/usr/bin/env bash
# `medskapa export --json` beside `sqlite3 -json` dumping the same tables of the same file.
#
#   bash benches/json-export-vs-sqlite3.sh BIN FILE [RUNS]
#
# BIN is a built medskapa binary (release for figures worth quoting), FILE a project (e.g.
# from `medskapa generate`). Prints the best of RUNS wall-clock times of each and the ratio.
set -euo pipefail

bin="${1:?usage: $0 BIN FILE [RUNS]}"
file="${2:?usage: $0 BIN FILE [RUNS]}"
runs="${3:-5}"
command -v sqlite3 >/dev/null || { echo "$0: sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 2; }

out="$(mktemp -d "${TMPDIR:-/tmp}/medskapa-json.XXXXXX")"
trap 'rm -rf "$out"' EXIT

# Every table the interchange JSON carries (the full-text index is derived, not exported).
sql=""
for t in meta effect_goal segment tag decision key_question key_question_goal activity \
  activity_question participation need need_segment need_tag insight insight_need \
  insight_question insight_goal; do
  sql+="SELECT * FROM $t;"
done

best() {
  local best_ms="" t0 t1 ms
  for _ in $(seq 1 "$runs"); do
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; fi
  done
  echo "$best_ms"
}

# A generated project holds planted personal data (a phone number in a dialogue's notes).
ours=$(best "$bin" export "$file" --json "$out/ours.json" --allow-personal-data)
plain=$(best sh -c 'sqlite3 -json "$1" "$2" > "$3"' sh "$file" "$sql" "$out/plain.json")
echo "medskapa export --json: ${ours} ms ($(du -k "$out/ours.json" | cut -f1) kB)"
echo "sqlite3 -json:          ${plain} ms ($(du -k "$out/plain.json" | cut -f1) kB)"
awk -v a="$ours" -v b="$plain" 'BEGIN { printf "ratio ours/sqlite3:     %.2f\n", a / b }'
