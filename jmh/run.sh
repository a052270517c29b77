#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them: `jmh/run.sh short` (default: 1 M rows, few iterations,
# a smoke check of every benchmark) or `jmh/run.sh full` (10 M rows, the figures in docs/benchmarks.md) or `jmh/run.sh scaling`
# (Q1/Q4 at 1 M, 10 M, 50 M rows with 1 and 2 threads) or `jmh/run.sh pairs [q1|q2|q4] [rows] [rounds]`
# (thread scaling of Nabla and the hand loop measured back to back in rounds: PairedScaling) or
# `jmh/run.sh cpu [rows] [reps]` (median thread-CPU time per query, one thread: CpuTimeQueries) or
# `jmh/run.sh first [rows] [reps] [q1,q2,...]` (first runs, one fresh JVM each, CPU time: FirstRun) or
# `jmh/run.sh single` (first runs in JMH's single-shot mode, one fork per run: FirstRunBenchmark).
# Extra arguments go to JMH, e.g. `jmh/run.sh full -p threads=1,2 ExpressionBenchmark.q1`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
nabla_find_jdk || exit 2
profile="${1:-short}"; [ $# -gt 0 ] && shift
cd "$root"
JAVA_HOME="$NABLA_JAVA_HOME" ./mvnw -B -q -ntp -Dfast -DskipTests -pl jmh -am package
jvm_args="--add-modules=jdk.incubator.vector -Xms8g -Xmx8g -XX:+UseParallelGC"
case "$profile" in
  short) args=(-f 1 -wi 2 -w 1s -i 3 -r 1s -p rows=1000000 -p steps=50) ;;
  full)  args=(-f 1 -wi 3 -w 2s -i 5 -r 2s -p rows=10000000 -p threads=1,2 -prof gc) ;;
  # rows and threads scaling of the single-pass queries (50 M rows needs the 8 GB heap)
  scaling) args=(-f 1 -wi 3 -w 2s -i 5 -r 2s -p rows=1000000,10000000,50000000 -p threads=1,2 'ExpressionBenchmark.q[14]') ;;
  pairs)
    exec "$NABLA_JAVA_HOME/bin/java" $jvm_args -cp "$root/jmh/target/benchmarks.jar" dev.nabla.jmh.PairedScaling "$@" ;;
  # median thread-CPU ms per query, one thread: before/after comparisons on a loaded machine
  cpu)
    exec "$NABLA_JAVA_HOME/bin/java" $jvm_args -cp "$root/jmh/target/benchmarks.jar" dev.nabla.jmh.CpuTimeQueries "$@" ;;
  # first runs, a fresh JVM per query and engine, CPU time (the shared machine's wall clock is the neighbours')
  # (every child inherits these options: 4 GB, not 8, so the driver and a child fit beside other work)
  first)
    exec "$NABLA_JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector -Xms4g -Xmx4g -XX:+UseParallelGC \
      -cp "$root/jmh/target/benchmarks.jar" dev.nabla.jmh.FirstRun "$@" ;;
  single) args=(-p rows=10000000 'FirstRunBenchmark') ;;
  *) echo "usage: jmh/run.sh [short|full|scaling|pairs|cpu|first|single] [args...]" >&2; exit 2 ;;
esac
mkdir -p "$root/jmh/target"
exec "$NABLA_JAVA_HOME/bin/java" -jar "$root/jmh/target/benchmarks.jar" "${args[@]}" -jvmArgs "$jvm_args" \
  -rf json -rff "$root/jmh/target/jmh-$profile.json" "$@"
