#!/usr/bin/env bash
# The unprivileged half of the DR posture PR check (.github/workflows/dr-posture.yml). Synthesizes base and head
# (a synth that fails on a DR gap still writes its posture), diffs them with the replacement gate, and writes the
# artifact the privileged half posts: comment.md, exit-code, pr-number.
#
# exit-code (and this script's exit status): 0 nothing to review, 3 an acceptance was added or widened (a reviewer
# decides; the workflow stays green and part 2 labels the pull request), 1 a regression or a head synth that failed
# (a gap not accepted, an expired acceptance: whatever the diff says), 2 the diff could not run.
# Usage: posture-diff.sh BASE_DIR HEAD_DIR OUT_DIR PR_NUMBER   (REPORT_URL: where the full diff is, optional)
set -uo pipefail
base=$1 head=$2 out=$3 pr=$4
mkdir -p "$out"
echo "$pr" > "$out/pr-number"
synth() { (cd "$1" && node scripts/build.mjs && node dist/bin/app.js); }

synth "$base" > "$out/base-synth.log" 2>&1 || echo "synth of the base exited $? (its posture is still compared)"
synth "$head" > "$out/head-synth.log" 2>&1
head_code=$?
cat "$out/head-synth.log"
if [ ! -f "$base/dist/dr-posture.json" ] || [ ! -f "$head/dist/dr-posture.json" ]; then
  echo "no posture to compare: synth of the head exited $head_code (see above)"
  echo 2 > "$out/exit-code"
  exit 2
fi

node "$head/dist/bin/dr.js" diff "$base/dist/dr-posture.json" "$head/dist/dr-posture.json" --format md \
  --base-cdk-out "$base/cdk.out" --head-cdk-out "$head/cdk.out" \
  --base-k8s "$base/dist/k8s" --head-k8s "$head/dist/k8s" \
  --max-length 48000 ${REPORT_URL:+--report-url "$REPORT_URL"} > "$out/diff.md"
code=$?

if [ "$head_code" -ne 0 ] && [ "$code" -ne 2 ]; then
  # The posture may not show why (an expired acceptance, an unreadable setting): the synth's findings lead.
  {
    head -n 1 "$out/diff.md"
    echo "## ❌ Synth of the head failed (exit $head_code)"
    echo
    echo '<details><summary>The end of its output</summary>'
    echo
    echo '```text'
    tail -n 40 "$out/head-synth.log" | cut -c1-200 | sed 's/```/` ` `/g'
    echo '```'
    echo
    echo '</details>'
    echo
    tail -n +2 "$out/diff.md"
  } > "$out/comment.md"
  code=1
else
  cp "$out/diff.md" "$out/comment.md"
fi
echo "$code" > "$out/exit-code"
cat "$out/comment.md"
exit "$code"
