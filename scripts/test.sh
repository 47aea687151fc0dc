#!/usr/bin/env bash
# Runs every test in the solution and ends with one line: "tests: N passed, N failed[, N skipped]".
# Exits non-zero when any test failed or the build broke. Installs what the tests need first
# (scripts/setup.sh: Node packages of the test FHIR server, PostgreSQL's server binaries).
set -uo pipefail
cd "$(dirname "$0")/.."

if ! scripts/setup.sh; then
  echo "scripts/setup.sh failed: the real parts the tests need are missing" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet test AllianceFhir.sln --configuration Release \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed without a failing test to show for it: count it as a failure.
  failed=1
  echo "dotnet test exited with $status (build error or crashed test host)" >&2
fi
if [ "$files" -eq 0 ]; then failed=$((failed + 1)); echo "no test results were written" >&2; fi

line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
