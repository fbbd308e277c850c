#!/usr/bin/env bash
# The unprivileged half of the DR posture PR check (.github/workflows/dr-posture.yml). Synthesizes base and head
# (a synth that fails on a DR gap still writes its posture), diffs them with the replacement gate, and writes the
# artifact the privileged half posts: comment.md, exit-code, pr-number.
# Usage: posture-diff.sh BASE_DIR HEAD_DIR OUT_DIR PR_NUMBER
set -uo pipefail
base=$1 head=$2 out=$3 pr=$4
mkdir -p "$out"
for side in "$base" "$head"; do
  (cd "$side" && node scripts/build.mjs && node dist/bin/app.js) || echo "synth of $side exited $? (the posture is written before a DR gap fails synth)"
done
node "$head/dist/bin/dr.js" diff "$base/dist/dr-posture.json" "$head/dist/dr-posture.json" --format md \
  --base-cdk-out "$base/cdk.out" --head-cdk-out "$head/cdk.out" \
  --base-k8s "$base/dist/k8s" --head-k8s "$head/dist/k8s" > "$out/comment.md"
code=$?
echo "$code" > "$out/exit-code"
echo "$pr" > "$out/pr-number"
cat "$out/comment.md"
exit "$code"
