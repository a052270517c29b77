#!/usr/bin/env bash
# Fails when a checked-in generated source differs from what its generator writes now.
# The generator runs on a copy (it writes next to itself), so the working tree is never touched.
# Today: exec-vector/codegen/gen_kernels.py -> exec-vector/src/main/java/dev/nabla/vector/{Scalar,Panama}Kernels.java.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/nabla-gen.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
pkg=src/main/java/dev/nabla/vector
mkdir -p "$tmp/exec-vector/$pkg"
cp -r "$root/exec-vector/codegen" "$tmp/exec-vector/"
python3 "$tmp/exec-vector/codegen/gen_kernels.py"
status=0
for f in "$tmp/exec-vector/$pkg"/*.java; do
  name="$(basename "$f")"
  if ! diff -u "$root/exec-vector/$pkg/$name" "$f" > "$tmp/$name.diff"; then
    echo "exec-vector/$pkg/$name differs from the output of exec-vector/codegen/gen_kernels.py:" >&2
    head -40 "$tmp/$name.diff" >&2
    status=1
  fi
done
[ $status = 0 ] && echo "generated sources match: $(cd "$tmp/exec-vector/$pkg" && ls | tr '\n' ' ')"
[ $status = 0 ] || echo "regenerate with: python3 exec-vector/codegen/gen_kernels.py (and commit the result)" >&2
exit $status
