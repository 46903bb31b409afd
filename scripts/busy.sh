#!/usr/bin/env bash
# `npm run test:busy`: runs a command (default: the README's `npm test`) with CPU-bound processes beside it, as on a
# busy laptop or a shared CI runner. SDRS_BUSY_PROCESSES sets how many (default 2); SDRS_BUSY_RUNS how many runs in a
# row (default 1). Exits with the first failing run's code; prints each run's time.
set -u
cd "$(dirname "$0")/.."
n=${SDRS_BUSY_PROCESSES:-2}
runs=${SDRS_BUSY_RUNS:-1}
[ $# -gt 0 ] || set -- npm test
pids=()
stop_load() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null; pids=(); }
trap stop_load EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$n"); do
  node -e 'for (;;) Math.sqrt(Math.random());' &
  pids+=("$!")
done
echo "[busy] $n CPU-bound processes started (${pids[*]}); running: $* ($runs run(s))"
status=0
for run in $(seq "$runs"); do
  started=$(date +%s)
  "$@"
  code=$?
  echo "[busy] run $run/$runs: exit code $code in $(( $(date +%s) - started )) s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  [ $code -eq 0 ] || { status=$code; break; }
done
stop_load
echo "[busy] load stopped"
exit $status
