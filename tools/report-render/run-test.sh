#!/usr/bin/env bash
# CTest driver: writes the HTML incident report of fixture runs with
# runwarden report, opens each in headless Chromium, and checks that
#   - the file is self-contained (no http:// or https:// anywhere),
#   - the rendered DOM has the report's stable ids, the final status and the
#     plan hash,
#   - printing it gives a non-empty PDF.
#
#   run-test.sh RUNWARDEN SOURCE_DIR WORK_DIR
#
# Exit codes: 0 pass, 1 fail, 77 skipped (chromium missing outside CI).
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 RUNWARDEN SOURCE_DIR WORK_DIR" >&2
  exit 1
fi

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[[ -x $1 ]] || fail "runwarden binary $1 does not exist or is not executable; build it first"
runwarden="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$(cd "$2" && pwd)"
mkdir -p "$3"
work="$(cd "$3" && pwd)"

# chromium is a test-only dependency: a developer without it should not see
# a red test suite, but CI must never skip this check unnoticed.
chromium=""
for c in chromium chromium-browser; do
  if command -v "$c" >/dev/null 2>&1; then
    chromium="$(command -v "$c")"
    break
  fi
done
if [[ -z $chromium ]]; then
  why="chromium not found on PATH (install Debian's chromium package)"
  if [[ ${CI:-} == true ]]; then
    fail "$why; CI=true, so the HTML report must be rendered rather than skipped"
  fi
  echo "SKIP: $why; the HTML report was not rendered"
  exit 77
fi

# A throwaway profile in the build tree, and nothing fetched from anywhere.
run_chromium() {
  local profile
  profile="$(mktemp -d "$work/profile.XXXXXX")"
  local rc=0
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --no-default-browser-check --user-data-dir="$profile" "$@" || rc=$?
  rm -rf "$profile"
  return $rc
}

check_fixture() {
  local log="$1" final_status="$2"
  local name
  name="$(basename "$log" .jsonl)"
  local html="$work/$name.html" dom="$work/$name.dom.html" pdf="$work/$name.pdf"
  rm -f "$html" "$dom" "$pdf"

  (cd "$src" && "$runwarden" report --format html -o "$html" "$log") ||
    fail "runwarden report --format html $log exited $?"
  [[ -s $html ]] || fail "$html is empty"

  # (a) Self-contained: no URL of any scheme a browser would fetch.
  if grep -n -E 'https?://' "$html" >&2; then
    fail "$html refers to an external URL (above); the report must be self-contained"
  fi

  # (b) The DOM Chromium builds from it.
  run_chromium --dump-dom "file://$html" >"$dom" 2>"$work/$name.dom.err" ||
    fail "chromium --dump-dom $html failed (see $work/$name.dom.err)"
  [[ -s $dom ]] || fail "chromium printed no DOM for $html (see $work/$name.dom.err)"
  local plan_hash
  plan_hash="$(sed -n 's/.*"plan_hash":"\([^"]*\)".*/\1/p' "$src/$log" | head -n 1)"
  [[ -n $plan_hash ]] || fail "no plan_hash in $log"
  for needle in 'id="summary"' 'id="timeline"' 'id="changes"' 'id="findings"' \
    'id="decision-tree"' 'id="verification"' 'class="final-status"' \
    "$final_status" "$plan_hash"; do
    grep -q -F -- "$needle" "$dom" || fail "the rendered DOM of $html lacks $needle"
  done
  # The final status is inside the element that says it.
  grep -q -E "class=\"final-status\"><span class=\"badge [a-z]+\">$final_status<" "$dom" ||
    fail "the final-status element of $html does not hold $final_status"
  if grep -q -i '<script' "$dom"; then
    fail "the rendered DOM of $html has a script element"
  fi

  # (c) Printing.
  run_chromium --print-to-pdf="$pdf" --no-pdf-header-footer "file://$html" \
    >/dev/null 2>"$work/$name.pdf.err" ||
    fail "chromium --print-to-pdf $html failed (see $work/$name.pdf.err)"
  [[ -s $pdf ]] || fail "printing $html gave no PDF (see $work/$name.pdf.err)"
  [[ $(head -c 4 "$pdf") == "%PDF" ]] || fail "$pdf does not start with %PDF"
  echo "ok: $log renders ($(wc -c <"$dom") bytes of DOM, $(wc -c <"$pdf") bytes of PDF)"
}

check_fixture testdata/audit/purge-with-plan.audit.jsonl failed_rolled_back
check_fixture testdata/audit/halted.jsonl execution_blocked_for_safety
echo "PASS: the HTML incident reports render and print in $($chromium --version 2>/dev/null | head -n 1)"
