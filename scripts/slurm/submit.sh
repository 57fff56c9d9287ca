#!/bin/bash
# Submits a sharded footprint run: the job array, then the merge once every task succeeded.
#
#   scripts/slurm/submit.sh SCENARIO REPS SHARDS ROOT [RUN OPTIONS...]
#
# SCENARIO "-" is the built-in default. Shards go to ROOT/shard-i, the merged run folder to
# ROOT/merged, the job logs to ROOT/logs. Prints the two job ids. sbatch options (partition,
# account, time limit, ...) come from its input environment variables, e.g.
# SBATCH_PARTITION=long SBATCH_ACCOUNT=proj SBATCH_TIMELIMIT=2:00:00 scripts/slurm/submit.sh ...
# FOOTPRINT_BIN (exported to the jobs) picks the binary.
set -euo pipefail

if [ $# -lt 4 ]; then
    sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
scenario=$1 reps=$2 shards=$3 root=$4
shift 4
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: SHARDS must be a positive integer, got '$shards'" >&2; exit 2; }
mkdir -p "$root/logs"

array=$(sbatch --parsable --array="1-$shards" --output="$root/logs/footprint-%A_%a.out" \
    "$here/footprint-array.sbatch" "$scenario" "$reps" "$shards" "$root" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$root/logs/footprint-merge-%j.out" "$here/footprint-merge.sbatch" "$root" "$shards")
merge=${merge%%;*}
echo "array job $array ($shards tasks), merge job $merge: results in $root/merged, logs in $root/logs"
