#!/bin/bash
# shipgate run: a real Ctrl-C. shipgate runs in the background on a step
# that sleeps; SIGINT cancels the run: the step's whole process group is
# gone, an always() step still runs, the report says cancelled, exit 1.
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  slow:
    runs-on: ubuntu-latest
    steps:
      - run: |
          sleep 300 &
          echo "child=$!" > ../pids
          echo "shell=$$" >> ../pids
          echo step-started
          wait
      - run: echo not-after-cancel
      - if: always()
        run: echo always-ran
  later:
    needs: slow
    runs-on: ubuntu-latest
    steps:
      - run: echo later-should-not-run
YML
(cd r && git add -A && git commit -qm wf)

# alive PID: the process exists and is not a zombie waiting for its reaper.
alive() {
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    case $st in Z*) return 1 ;; esac
}
# group_alive PGID: some member of the process group is still running.
group_alive() {
    ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

test_expect_success 'SIGINT cancels the run, kills the step group, runs always() steps' '
    (cd r && exec "$SHIPGATE" run --json ../rep.json >../out 2>&1) &
    sg=$!
    for i in $(seq 1 100); do grep -q step-started out 2>/dev/null && break; sleep 0.1; done &&
    grep -q step-started out &&
    . ./pids &&
    alive "$child" &&
    kill -INT "$sg" &&
    { wait "$sg"; rc=$?; } ; test "$rc" = 1 &&
    ! alive "$child" && ! alive "$shell" && ! group_alive "$shell" &&
    grep -q "| always-ran" out &&
    ! grep -q "| not-after-cancel" out &&
    ! grep -q later-should-not-run out &&
    test "$(jq -r .conclusion rep.json)" = cancelled &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"slow\") | .conclusion" rep.json)" = cancelled &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"later\") | .conclusion" rep.json)" = skipped
'

test_done
