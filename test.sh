#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: "tests: N passed, M failed".
# PostgreSQL tests read CB_TEST_POSTGRES (start a throwaway server with: eval "$(bash .ci/postgres.sh)");
# without it they skip with that hint, except under CI=true where they fail.
set -uo pipefail
cd "$(dirname "$0")"

results="$PWD/TestResults/run"
rm -rf "$results"
mkdir -p "$results"

# JavaScript peers (graphql-js, graphql-ws, json-logic-js, ...) used as oracles by some tests.
while IFS= read -r pkg; do
  dir=$(dirname "$pkg")
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    echo "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $dir"; exit 1; }
    touch "$dir/node_modules"
  fi
done < <(find tests -name package.json -not -path '*/node_modules/*' | sort)

dotnet build CircuitBreaker.Orleans.sln -c Release -nologo -v quiet
build_rc=$?
if [ $build_rc -ne 0 ]; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

dotnet test CircuitBreaker.Orleans.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
test_rc=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
# A crashed test host writes no failures of its own: count it so the line never reads green.
if [ $test_rc -ne 0 ] && [ $failed -eq 0 ]; then
  echo "dotnet test exited with $test_rc although no test reported a failure (a test host crashed or a project did not run)"
  failed=1
fi
echo "tests: $passed passed, $failed failed"
[ $test_rc -eq 0 ] && [ $failed -eq 0 ]
