#!/usr/bin/env bash
# Runs the shell blocks of a markdown file (CONTRIBUTING.md by default) as written, from the repository root:
# every fenced block whose info string is exactly `bash` runs in its own `bash -euo pipefail`; blocks marked
# `bash no-run` (the full test run itself, long benchmarks, commands that rewrite files) are shown, not run.
# A block fails the check when any of its commands fails. ./run-tests runs this as its "docs commands" stage.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
doc="${1:-CONTRIBUTING.md}"
cd "$root"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/nabla-doc.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# split the runnable blocks into block-N.sh, each starting with the line number it came from
awk -v dir="$tmp" '
  /^```/ && !inside { inside = 1; run = ($0 == "```bash"); if (run) { n++; f = dir "/block-" n ".sh"; print "# " FILENAME ":" NR+1 > f } ; next }
  /^```/ && inside { inside = 0; if (run) close(f); run = 0; next }
  inside && run { print > f }
' "$doc"
status=0
count=0
for block in $(ls "$tmp"/block-*.sh 2>/dev/null | sort -V); do
  count=$((count + 1))
  where="$(head -1 "$block" | cut -c3-)"
  if bash -euo pipefail "$block" > "$block.out" 2>&1; then
    echo "ok      $where"
  else
    echo "FAILED  $where"
    sed 's/^/    | /' "$block" >&2
    tail -30 "$block.out" | sed 's/^/    > /' >&2
    status=1
  fi
done
[ "$count" -gt 0 ] || { echo "no runnable \`\`\`bash blocks in $doc" >&2; exit 1; }
exit $status
