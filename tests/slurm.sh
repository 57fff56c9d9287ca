#!/usr/bin/env bash
# A real Slurm test of scripts/slurm/: starts a one-node Slurm cluster on this machine (munged,
# slurmctld and slurmd, no systemd), runs a scenario with uncertain inputs and a sweep as a job
# array of 4 shards with footprint-array.sbatch, loses two shards and reruns them the two ways
# docs/hpc.md gives (one task alone; the whole array, which skips complete shards), merges with
# footprint-merge.sbatch (an afterok dependency) and checks that every merged CSV file is
# byte-identical to a single-process `footprint run`.
#
#   CI=1 bash tests/slurm.sh
#
# Needs root and Debian (apt-get install slurm-wlm munge). Everything else lives under
# /tmp/footprint-slurm-test (removed at the start of the next run, and at the end of a passing
# one): a private munge key and socket and slurm.conf (used through SLURM_CONF), so it neither
# uses nor disturbs a Slurm or MUNGE set up on the machine. The daemons are stopped on exit.
set -euo pipefail

if [ -z "${CI:-}" ]; then
    echo "slurm test skipped: set CI=1 to run it (it installs slurm-wlm and munge and starts daemons)"
    exit 0
fi

cd "$(dirname "$0")/.."
repo=$(pwd)
base=/tmp/footprint-slurm-test
shards=4
reps=8
job_timeout=120 # seconds for each batch of jobs; a job here takes well under a second
passed=0
started=$SECONDS
job_ids=()
daemons=() # "pid name" of the daemons started here

log() { echo "slurm: [$((SECONDS - started)) s] $*"; }

dump_logs() {
    local f
    for f in "$base"/log/* "$base"/work/logs/*; do
        [ -f "$f" ] || continue
        echo "----- $f (last 40 lines)"
        tail -n 40 "$f"
    done
    echo "-----"
}

fail() {
    echo "slurm: FAILED: $*" >&2
    dump_logs >&2
    exit 1
}

# Stops a process started here (or by an earlier run, from its pid file) if it is still the
# program it was: SIGTERM, then SIGKILL after 10 s.
stop() {
    local pid=$1 name=$2 n
    [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for ((n = 0; n < 100; n++)); do
        [ -e "/proc/$pid" ] || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$? d
    trap - EXIT INT TERM
    set +e
    if [ ${#job_ids[@]} -gt 0 ] && command -v scancel >/dev/null; then
        scancel "${job_ids[@]}" 2>/dev/null
    fi
    # slurmd before slurmctld before munged (each of the last two is needed to stop the previous).
    for ((d = ${#daemons[@]} - 1; d >= 0; d--)); do
        # shellcheck disable=SC2086 # "pid name"
        stop ${daemons[d]}
    done
    rm -f "$base"/pids/*.pid
    if [ "$status" -eq 0 ] && [ "$passed" -eq 1 ]; then
        rm -rf "$base"
        log "took $((SECONDS - started)) s"
        echo "slurm: 1 passed, 0 failed"
        exit 0
    fi
    [ -d "$base" ] && echo "slurm: files kept in $base"
    echo "slurm: 0 passed, 1 failed"
    exit 1
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ---- The binary (first: a build error needs no cluster).
log "building the release binary"
cargo build --release --quiet || fail "cargo build --release failed"
log "built in $((SECONDS - started)) s"
bin=${CARGO_TARGET_DIR:-$repo/target}/release/footprint
[ -x "$bin" ] || fail "no binary at $bin"
bin=$(cd "$(dirname "$bin")" && pwd)/footprint

# ---- Packages.
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null &&
    command -v munged >/dev/null && command -v mungekey >/dev/null; then
    log "slurm-wlm and munge already installed"
else
    log "installing slurm-wlm and munge"
    [ "$(id -u)" -eq 0 ] || fail "needs root to install packages and run slurmd"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
log "$(slurmctld -V), munge $(munged -V 2>&1 | awk '{print $1; exit}')"

# ---- A fresh state folder; daemons left by an interrupted earlier run are stopped first.
if [ -d "$base/pids" ]; then
    for f in "$base"/pids/*.pid; do
        [ -f "$f" ] || continue
        stop "$(cat "$f")" "$(basename "$f" .pid)"
    done
fi
rm -rf "$base"
# munged wants every folder above its socket searchable and none writable by others.
mkdir -m 755 "$base" "$base/munge"
mkdir -p "$base/etc" "$base/state" "$base/spool" "$base/log" "$base/pids" "$base/work/logs"

# ---- MUNGE: a private key and socket.
mungekey --create --keyfile="$base/munge/munge.key"
chmod 400 "$base/munge/munge.key"
munge_socket=$base/munge/munge.socket
munged --foreground --socket="$munge_socket" --key-file="$base/munge/munge.key" \
    --pid-file="$base/munge/munged.pid" --seed-file="$base/munge/munged.seed" \
    >"$base/log/munged.out" 2>&1 &
daemons+=("$! munged")
echo "$!" >"$base/pids/munged.pid"
for ((n = 0; ; n++)); do
    munge --socket="$munge_socket" --no-input 2>/dev/null | unmunge --socket="$munge_socket" >/dev/null 2>&1 && break
    [ "$n" -lt 50 ] || fail "munged did not answer within 10 s"
    sleep 0.2
done
log "munged up"

# ---- Slurm: one node, this machine.
host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/^MemAvailable:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
export SLURM_CONF=$base/etc/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=footprint-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_socket
StateSaveLocation=$base/state
SlurmdSpoolDir=$base/spool
SlurmctldPidFile=$base/pids/slurmctld.pidfile
SlurmdPidFile=$base/pids/slurmd.pidfile
SlurmctldLogFile=$base/log/slurmctld.log
SlurmdLogFile=$base/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
DependencyParameters=kill_invalid_depend
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
cat >"$base/etc/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
IgnoreSystemd=yes
EOF

slurmctld -D -i >"$base/log/slurmctld.out" 2>&1 &
daemons+=("$! slurmctld")
echo "$!" >"$base/pids/slurmctld.pid"
slurmd -D -N "$host" >"$base/log/slurmd.out" 2>&1 &
daemons+=("$! slurmd")
echo "$!" >"$base/pids/slurmd.pid"
for ((n = 0; ; n++)); do
    state=$(sinfo -h -N -n "$host" -o %t 2>/dev/null | head -n 1 || true)
    [ "$state" = idle ] && break
    if [ "$n" -ge 60 ]; then
        sinfo -N -l >&2 || true
        fail "node $host not idle after 60 s (state '${state:-none}')"
    fi
    sleep 1
done
log "cluster up: node $host idle, $cpus CPU(s), ${mem_mb} MB"

# Waits until the jobs left the queue, then checks that every one of them COMPLETED.
wait_jobs() {
    local ids=$1 deadline=$((SECONDS + job_timeout)) queued states line
    while :; do
        queued=$(squeue -h -j "$ids" -o %i) || fail "squeue failed: is slurmctld still running?"
        [ -n "$queued" ] || break
        if [ "$SECONDS" -ge "$deadline" ]; then
            squeue -t all -j "$ids" >&2 || true
            fail "jobs $ids still queued or running after ${job_timeout} s"
        fi
        sleep 1
    done
    states=$(squeue -h -t all -j "$ids" -o '%i %T' | sort) || fail "squeue failed: is slurmctld still running?"
    while read -r line; do echo "slurm:   job $line"; done <<<"$states"
    if echo "$states" | grep -qv ' COMPLETED$'; then
        fail "a job of $ids did not complete"
    fi
}

# ---- A scenario with two uncertain inputs and a 3-point sweep.
work=$base/work
cat >"$work/scenario.toml" <<'EOF'
[simulation]
name = "slurm-test"
start = "2023-06-01T00:00:00Z"
duration_days = 3
seed = 7

[scheduler]
policy = "easy_backfill"

[[sites]]
name = "site-a"
pue = { dist = "uniform", min = 1.1, max = 1.4 }

[sites.grid]
carbon_intensity_g_per_kwh = { sweep = [100, 261, 400] }

[sites.cluster]
nodes = 8
gpus_per_node = 8
accelerator = "H100-SXM5-80GB"
host_idle_power_w = 940
host_busy_power_w = { dist = "uniform", min = 2400, max = 3200 }

[workload.arrivals]
jobs_per_day = 40

[[workload.classes]]
name = "debug"
share = 0.7
gpus = [1]
duration_lognormal_mu = 6.85
duration_lognormal_sigma = 2.18
duration_max_hours = 48
gpu_utilization = 0.5

[[workload.classes]]
name = "finetune"
share = 0.3
gpus = [8]
duration_lognormal_mu = 8.5
duration_lognormal_sigma = 1.5
duration_max_hours = 48
gpu_utilization = 0.8
EOF
"$bin" check "$work/scenario.toml" >/dev/null || fail "the test scenario does not check"

# ---- The job array, configured through the environment (the shard count comes from --array).
root=$work/shards
array=$(FOOTPRINT_BIN=$bin FOOTPRINT_SCENARIO=$work/scenario.toml FOOTPRINT_REPS=$reps FOOTPRINT_ROOT=$root \
    sbatch --parsable --array="1-$shards" --chdir="$work" --output="$work/logs/array-%A_%a.out" \
    scripts/slurm/footprint-array.sbatch)
array=${array%%;*}
job_ids+=("$array")
log "submitted array job $array (tasks 1-$shards)"
wait_jobs "$array"
for ((i = 1; i <= shards; i++)); do
    [ -f "$root/shard-$i/manifest.json" ] || fail "no $root/shard-$i/manifest.json"
    grep -q "\"shard\": \"$i/$shards\"" "$root/shard-$i/manifest.json" || fail "shard-$i is not shard $i/$shards"
done
log "$shards shard folders written"

# ---- Two lost shards, rerun the two ways docs/hpc.md gives: shard 3 alone (arguments this time,
# so the shard count is explicit), then the whole array again (complete shards are skipped), with
# the merge submitted to start once that array succeeded.
mv "$root/shard-2" "$work/shard-2.first"
mv "$root/shard-3" "$work/shard-3.first"
rerun=$(sbatch --parsable --array=3 --chdir="$work" --output="$work/logs/rerun-%A_%a.out" \
    --export="ALL,FOOTPRINT_BIN=$bin" scripts/slurm/footprint-array.sbatch "$work/scenario.toml" "$reps" "$shards" "$root")
rerun=${rerun%%;*}
job_ids+=("$rerun")
log "submitted the rerun of shard 3 (job $rerun)"
wait_jobs "$rerun"
[ ! -d "$root/shard-2" ] || fail "the rerun of shard 3 wrote shard 2"
resume=$(sbatch --parsable --array="1-$shards" --chdir="$work" --output="$work/logs/resume-%A_%a.out" \
    --export="ALL,FOOTPRINT_BIN=$bin" scripts/slurm/footprint-array.sbatch "$work/scenario.toml" "$reps" "" "$root")
resume=${resume%%;*}
job_ids+=("$resume")
merged=$work/merged
merge=$(sbatch --parsable --dependency="afterok:$resume" --kill-on-invalid-dep=yes --chdir="$work" \
    --output="$work/logs/merge-%j.out" --export="ALL,FOOTPRINT_BIN=$bin" \
    scripts/slurm/footprint-merge.sbatch "$root" "$shards" "$merged")
merge=${merge%%;*}
job_ids+=("$merge")
log "submitted the whole array again (job $resume) and the merge (job $merge, afterok:$resume)"
wait_jobs "$resume,$merge"
skipped=$(cat "$work"/logs/resume-*.out | grep -c 'nothing to do' || true)
[ "$skipped" -eq $((shards - 1)) ] || fail "resubmitting the array skipped $skipped complete shard(s), expected $((shards - 1))"
for i in 2 3; do
    diff -r -x manifest.json "$work/shard-$i.first" "$root/shard-$i" >/dev/null || fail "the rerun of shard $i differs from its first run"
done
log "reruns of shards 2 and 3 identical to their first runs"
[ -f "$merged/manifest.json" ] || fail "no merged run folder at $merged"
grep -q '"shard": null' "$merged/manifest.json" || fail "the merged manifest still names a shard"
log "merged: $(tail -n 1 "$work"/logs/merge-*.out)"

# ---- The same run in one process, and the comparison.
single=$("$bin" run "$work/scenario.toml" --reps "$reps" --out "$work/single" -q)
[ "$single" = "$work/single" ] || fail "run -q printed '$single', expected the folder path"
compared=0
for f in replications.csv summary.csv comparisons.csv sensitivity.csv hourly_bands.csv jobs.csv hourly.csv; do
    [ -f "$work/single/$f" ] || fail "the single-process run wrote no $f"
    [ -f "$merged/$f" ] || fail "the merge wrote no $f"
    head -n 1 "$merged/$f" | grep -q ',sweep:sites\[0\]\.grid\.carbon_intensity_g_per_kwh,' ||
        fail "merged $f has no column for the sweep axis"
    cmp "$work/single/$f" "$merged/$f" || fail "merged $f differs from the single-process run"
    compared=$((compared + 1))
done
extra=$(comm -3 <(cd "$work/single" && ls) <(cd "$merged" && ls))
[ -z "$extra" ] || fail "the folders hold different files: $extra"
rows=$(($(wc -l <"$merged/replications.csv") - 1))
log "$compared files identical to the single-process run ($rows replications, $shards shards)"
passed=1
