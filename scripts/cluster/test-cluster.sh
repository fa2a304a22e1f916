#!/usr/bin/env bash
# npm run test:cluster: the sweep on a real one-node Slurm cluster on localhost.
#
# Installs Debian's slurm-wlm and munge when missing (apt-get, as root), starts munged, slurmctld
# and slurmd itself (no systemd; private socket, ports, config and state under a temp dir), then:
#   1. the sweep as a 4-task job array plus its merge job (the scripts `--slurm` writes, submitted
#      by their submit.sh) must merge into exactly the unsharded sweep's JSON, and the failure
#      report (afternotok) must be cancelled unrun;
#   2. with shard 2 made to fail (its task runs outside the checkout), the merge (afterok) must be
#      cancelled, the failure report must fail naming shard 2/4, and no result may be written.
# Stops only the daemons it started, by their process ids, also when a step fails.
#
# Environment: CLUSTER_TIMEOUT_S (default 480) bounds everything after the install; KEEP_CLUSTER_DIR=1 keeps
# the temp dir (config, logs, results), which is always kept when the test fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The sweep under test: the real one, small (8 configurations × 2 seeds × 3 steps).
SWEEP=(npm run --silent sweep --)
SWEEP_ARGS=(--layers 2 --seeds 2 --steps 3 --test 20)
SHARDS=4
TIMEOUT_S=${CLUSTER_TIMEOUT_S:-480}
START=$SECONDS

say() { printf '[test:cluster %4ss] %s\n' "$((SECONDS - START))" "$*"; }
fail() {
  say "FAIL: $*" >&2
  exit 1
}

# --- Slurm and munge, installed when missing ------------------------------------------------
need=()
for cmd in munged munge slurmctld slurmd sbatch squeue scontrol; do
  command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd")
done
if ((${#need[@]})); then
  [ "$(id -u)" = 0 ] || fail "missing ${need[*]}: run as root to install slurm-wlm and munge, or install them"
  say "installing Debian's slurm-wlm and munge (missing: ${need[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
[ "$(id -u)" = 0 ] || fail "the one-node cluster runs its daemons as root (SlurmUser=root): run as root"
say "$(slurmctld -V), $(munged -V 2>&1 | head -1)"
DEADLINE=$((SECONDS + TIMEOUT_S))
left() { echo $((DEADLINE > SECONDS ? DEADLINE - SECONDS : 1)); }

# --- A private cluster under a temp dir -------------------------------------------------------
DIR=$(mktemp -d /tmp/resqunn-slurm.XXXXXX)
chmod 755 "$DIR"
mkdir -p "$DIR"/{munge,log,ctld,slurmd}
PIDS=()       # the daemons this script started, stopped in reverse order
JOBS=()       # the jobs it submitted, cancelled if it stops early
OK=0

cleanup() {
  local status=$?
  set +e
  if ((!OK && ${#JOBS[@]})) && [ -n "${SLURM_CONF:-}" ]; then
    scancel "${JOBS[@]}" 2>/dev/null
    for _ in $(seq 20); do
      [ -z "$(squeue -h -j "$(IFS=,; echo "${JOBS[*]}")" 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  ((${#PIDS[@]})) && say "stopped the daemons it started (pids ${PIDS[*]})"
  if ((OK)) && [ "${KEEP_CLUSTER_DIR:-0}" != 1 ]; then
    rm -rf "$DIR"
  else
    for log in "$DIR"/log/*.log; do
      [ -f "$log" ] && { echo "--- tail of $log"; tail -n 15 "$log"; }
    done
    say "kept $DIR (slurm.conf, logs, jobs)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Ports nobody listens on, so a system Slurm (or a second run) is left alone.
read -r CTLD_PORT SLURMD_PORT < <(node -e '
  const net = require("net");
  const free = () => new Promise((r) => { const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
  Promise.all([free(), free()]).then((p) => console.log(p.join(" ")));')

SOCKET=$DIR/munge/munge.socket
head -c 1024 /dev/urandom >"$DIR/munge/munge.key"
chmod 400 "$DIR/munge/munge.key"
munged --foreground --force --key-file="$DIR/munge/munge.key" --socket="$SOCKET" \
  --pid-file="$DIR/munge/munged.pid" --seed-file="$DIR/munge/munged.seed" \
  --log-file="$DIR/log/munged.log" >>"$DIR/log/munged.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 40); do [ -S "$SOCKET" ] && break; sleep 0.25; done
munge -n -S "$SOCKET" | unmunge -S "$SOCKET" >/dev/null || fail "munged does not answer on $SOCKET (see $DIR/log/munged.log)"

HOST=$(uname -n | cut -d. -f1)
CPUS=$(nproc)
# 90% of the memory: slurmd drains a node that has less than its RealMemory.
MEM_MB=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 9 / 10240))
export SLURM_CONF=$DIR/slurm.conf
cat >"$SLURM_CONF" <<EOF
# One node on localhost for npm run test:cluster; no cgroups, no accounting database.
ClusterName=resqunn-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/slurmd
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
MpiDefault=none
ReturnToService=2
# Finished jobs stay visible to scontrol for the checks below.
MinJobAge=3600
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -f "$SLURM_CONF" >"$DIR/log/slurmctld.stdout" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$HOST" >"$DIR/log/slurmd.stdout" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do
  state=$(sinfo -h -N -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "${state:-}" = idle ] || fail "the node did not come up idle within 60 s (sinfo: '${state:-no answer}'; see $DIR/log)"
say "cluster up: node $HOST, $CPUS CPUs, ${MEM_MB} MB, slurmctld :$CTLD_PORT, slurmd :$SLURMD_PORT (pids ${PIDS[*]})"

# --- Helpers ------------------------------------------------------------------------------------
# Waits until none of the given jobs is in the queue, bounded by the test's deadline.
wait_jobs() {
  local ids
  ids=$(IFS=,; echo "$*")
  local shown=0
  while [ -n "$(squeue -h -j "$ids" 2>/dev/null)" ]; do
    if ((!shown)) && [ -n "$(squeue -h -j "$ids" -t RUNNING 2>/dev/null)" ]; then
      squeue -j "$ids" -o '%.12i %.22j %.9T %.10M %.20R'
      shown=1
    fi
    ((SECONDS < DEADLINE)) || {
      squeue -j "$ids"
      fail "jobs $ids still queued after the test's ${TIMEOUT_S} s (raise CLUSTER_TIMEOUT_S, or see $DIR/log)"
    }
    sleep 1
  done
}
# "job name state exit-code run-time" of every job given, array tasks as ARRAY_TASK.
job_states() {
  local id
  for id in "$@"; do scontrol -o show job "$id"; done | awk '{
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = substr($i, length(kv[1]) + 2) }
    id = ("ArrayTaskId" in f) ? f["ArrayJobId"] "_" f["ArrayTaskId"] : f["JobId"]
    printf "%-8s %-22s %-10s exit %-5s %s\n", id, f["JobName"], f["JobState"], f["ExitCode"], f["RunTime"]
    delete f }'
}
state_of() { scontrol -o show job "$1" | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }

# --- 1. Sharded on Slurm = unsharded -------------------------------------------------------------
say "unsharded: ${SWEEP[*]} ${SWEEP_ARGS[*]} --json …/unsharded.json"
timeout -k 10 "$(left)" "${SWEEP[@]}" "${SWEEP_ARGS[@]}" --json "$DIR/unsharded.json" \
  >"$DIR/log/unsharded.out" 2>&1 ||
  fail "the unsharded sweep failed: $(tail -n 5 "$DIR/log/unsharded.out")"

"${SWEEP[@]}" "${SWEEP_ARGS[@]}" --json "$DIR/merged.json" --slurm "$DIR/jobs" --shards "$SHARDS" \
  --cpus-per-task 1 --time 10 --partition test
submitted=$(bash "$DIR/jobs/submit.sh")
echo "$submitted"
read -r ARRAY MERGE FAILED < <(sed -n 's/^shards: job array \([0-9]*\) .*merge: job \([0-9]*\),.*failure report: job \([0-9]*\),.*/\1 \2 \3/p' <<<"$submitted")
[ -n "${FAILED:-}" ] || fail "submit.sh printed no job ids"
JOBS+=("$ARRAY" "$MERGE" "$FAILED")
squeue -j "$ARRAY,$MERGE,$FAILED" -o '%.12i %.22j %.9T %.10M %.20R'
wait_jobs "$ARRAY" "$MERGE" "$FAILED"
say "jobs ended:"
job_states "$ARRAY" "$MERGE" "$FAILED"
[ "$(state_of "$MERGE")" = COMPLETED ] || fail "merge job $MERGE ended $(state_of "$MERGE"): $(cat "$DIR/jobs/logs/merge.out")"
[ "$(state_of "$FAILED")" = CANCELLED ] || fail "with every shard done, the failure report $FAILED ended $(state_of "$FAILED"), not CANCELLED"
for log in "$DIR"/jobs/logs/shard-*.out; do tail -n 1 "$log"; done
[ -f "$DIR/merged.json" ] || fail "the merge job completed but wrote no $DIR/merged.json"
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const { readFileSync } = require("fs");
  const [a, b] = process.argv.slice(1).map((f) => JSON.parse(readFileSync(f, "utf8")));
  require("assert").deepStrictEqual(b, a, "the merged sweep differs from the unsharded one");
  console.log(`merged = unsharded: ${Array.isArray(a) ? a.length + " rows" : "equal"}`);' \
  "$DIR/unsharded.json" "$DIR/merged.json" || fail "merged ≠ unsharded"

# --- 2. A failed shard fails the merge, named, with no result -----------------------------------
"${SWEEP[@]}" "${SWEEP_ARGS[@]}" --json "$DIR/failed.json" --slurm "$DIR/jobs-failed" \
  --shards "$SHARDS" --cpus-per-task 1 --time 10 >/dev/null
# The array is submitted held, so shard 2's task can be sent to a directory without the checkout
# before it runs: it then fails as a crashed or misconfigured task would, exit status ≠ 0. The
# merge and the failure report are queued by submit.sh's own lines for them.
array=$(sbatch --parsable --hold "$DIR/jobs-failed/shards.sbatch")
array=${array%%;*}
JOBS+=("$array")
mkdir -p "$DIR/not-a-checkout"
scontrol update JobId="${array}_1" WorkDir="$DIR/not-a-checkout"
lines=$(grep -E '^(merge|failed)=' "$DIR/jobs-failed/submit.sh")
[ "$(wc -l <<<"$lines")" = 4 ] || fail "submit.sh has no merge=/failed= lines to reuse: $lines"
eval "$lines"
JOBS+=("$merge" "$failed")
scontrol release "$array"
say "failing shard 2/$SHARDS on purpose: array $array, merge $merge, failure report $failed"
wait_jobs "$array" "$merge" "$failed"
job_states "$array" "$merge" "$failed"
[ "$(state_of "${array}_1")" = FAILED ] || fail "shard 2's task ended $(state_of "${array}_1"), not FAILED"
[ "$(state_of "$merge")" = CANCELLED ] || fail "with shard 2 failed, the merge job ended $(state_of "$merge"), not CANCELLED"
[ "$(state_of "$failed")" = FAILED ] || fail "with shard 2 failed, the failure report ended $(state_of "$failed"), not FAILED"
echo "failure report: $(cat "$DIR/jobs-failed/logs/failed.out")"
grep -Eq "\<2 ?(/|of) ?$SHARDS\>" "$DIR/jobs-failed/logs/failed.out" || fail "the failure report does not name shard 2/$SHARDS"
[ ! -e "$DIR/failed.json" ] || fail "a result $DIR/failed.json was written from an incomplete set of shards"
say "failed shard: merge cancelled, failure report FAILED naming shard 2/$SHARDS, no result written"

echo "--- jobcomp (Slurm's job completion log)"
cut -d' ' -f1-8 "$DIR/log/jobcomp.txt"
OK=1
say "PASS"
