#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Secret scanning speed: generates a tree of real-looking source text with
# planted FAKE secrets (SECRETS_MB, default 200 MB) in a temp folder, then
# scans it in one run with
#   shipgate scan secrets (all rules, both cores),
#   grep -rEc with a handful of the same provider patterns (one pass),
#   secretlint + preset-recommend from npm, installed in a scratch folder
#   outside the repository, on a SECRETLINT_MB (default 15 MB) subset,
#   its rate extrapolated to the whole tree (said so in the output).
# Prints MB/s, files/s and findings of each, and ratios to shipgate.
# Caches are warm: every tool reads the tree once before it is timed.
# --dry-run: a 4 MB tree and no npm install. Never fails on time.
set -uo pipefail
SHIPGATE=${SHIPGATE:-$(cd "$(dirname "$0")/.." && pwd)/build/release/shipgate}
MB=${SECRETS_MB:-200}
SL_MB=${SECRETLINT_MB:-15}
dry=0
[ "${1:-}" = --dry-run ] && { dry=1; MB=4; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-secrets.XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

echo "== secrets: generating a ${MB} MB tree in $work"
python3 - "$work/tree" "$MB" <<'PY'
import os, random, string, sys
root, mb = sys.argv[1], int(sys.argv[2])
R = random.Random(7)
B62 = string.ascii_letters + string.digits
def r(a, n): return ''.join(R.choice(a) for _ in range(n))
words = [r(string.ascii_lowercase, R.randint(3, 10)) for _ in range(3000)]
def ident(): return '_'.join(R.choice(words) for _ in range(R.randint(1, 3)))
templates = [
    lambda: '    %s = %s(%s, %s)' % (ident(), ident(), ident(), R.randint(0, 999)),
    lambda: 'def %s(%s, %s):' % (ident(), ident(), ident()),
    lambda: '        return self.%s.get("%s", None)' % (ident(), ident()),
    lambda: '    if %s is not None and %s > %d:' % (ident(), ident(), R.randint(0, 99)),
    lambda: '# %s' % ' '.join(R.choice(words) for _ in range(R.randint(4, 12))),
    lambda: 'const %s = require("%s");' % (ident(), ident()),
    lambda: '  %s: %s' % (ident(), R.choice(['true', 'false', str(R.randint(0, 5000)), ident()])),
    lambda: 'func %s(ctx context.Context, %s string) error {' % (ident().title(), ident()),
    lambda: '\tlog.Printf("%s %%s", %s)' % (' '.join(R.choice(words) for _ in range(5)), ident()),
    lambda: '    token_count = len(%s)  # %s' % (ident(), ident()),
    lambda: 'url = "https://%s.example.org/%s/%s"' % (R.choice(words), ident(), ident()),
    lambda: '',
]
plants = [
    lambda: 'GITHUB_TOKEN = "ghp_%s"' % r(B62, 36),
    lambda: 'aws_access_key_id = AKIA%s' % r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
    lambda: 'SLACK_BOT_TOKEN=xoxb-%s-%s-%s' % (r(string.digits, 12), r(string.digits, 13), r(B62, 24)),
    lambda: 'stripe.api_key = "sk_live_%s"' % r(B62, 24),
    lambda: 'DATABASE_URL=postgres://app:%s@db.internal:5432/app' % r(B62, 18),
    lambda: 'npm_token: npm_%s' % r(B62, 36),
    lambda: 'api_key = "%s"' % r(B62, 32),
]
exts = ['py', 'js', 'go', 'yaml', 'md', 'ts', 'rb', 'env']
target, total, n, planted = mb << 20, 0, 0, 0
while total < target:
    d = os.path.join(root, 'pkg%03d' % (n // 200), 'mod%02d' % ((n // 20) % 10))
    os.makedirs(d, exist_ok=True)
    lines = [R.choice(templates)() for _ in range(R.randint(100, 900))]
    if n % 25 == 0:
        lines.insert(R.randrange(len(lines)), R.choice(plants)())
        planted += 1
    data = ('\n'.join(lines) + '\n').encode()
    with open(os.path.join(d, 'f%06d.%s' % (n, R.choice(exts))), 'wb') as f:
        f.write(data)
    total += len(data)
    n += 1
open(os.path.join(os.path.dirname(root), 'planted'), 'w').write('%d %d %d\n' % (planted, n, total))
PY
read -r planted files bytes <"$work/planted"
mbytes=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "   $files files, $mbytes MB, $planted planted secrets"
cat "$work"/tree/*/*/* >/dev/null # warm the cache

# shipgate: the best of three runs
best=999999
for _ in 1 2 3; do
    t0=$(now); "$SHIPGATE" scan secrets "$work/tree" -f json -o "$work/sg.json" 2>/dev/null; t1=$(now)
    best=$(awk -v a="$best" -v b="$(awk -v x="$t0" -v y="$t1" 'BEGIN{print y-x}')" 'BEGIN { print (b < a ? b : a) }')
done
sg_t=$best
sg_n=$(grep -c '"rule":' "$work/sg.json")

# grep: the same provider patterns, one pass, counting matching lines
cat >"$work/patterns" <<'PAT'
ghp_[A-Za-z0-9]{36}
(AKIA|ASIA)[A-Z2-7]{16}
xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}
sk_live_[0-9a-zA-Z]{24,99}
postgres(ql)?://[^:@/ ]+:[^@/ ]+@
npm_[A-Za-z0-9]{36}
-----BEGIN (RSA |EC |DSA |OPENSSH )?PRIVATE KEY-----
PAT
t0=$(now); gr_n=$(LC_ALL=C grep -rEc -f "$work/patterns" "$work/tree" | awk -F: '{ s += $NF } END { print s + 0 }'); t1=$(now)
gr_t=$(awk -v x="$t0" -v y="$t1" 'BEGIN { print y - x }')

printf '%-28s %9s %10s %9s %9s\n' tool seconds "MB/s" "files/s" findings
printf '%-28s %9.2f %10s %9s %9s\n' "shipgate (all rules)" "$sg_t" "$(rate "$mbytes" "$sg_t")" "$(rate "$files" "$sg_t")" "$sg_n"
printf '%-28s %9.2f %10s %9s %9s\n' "grep -rEc (7 patterns)" "$gr_t" "$(rate "$mbytes" "$gr_t")" "$(rate "$files" "$gr_t")" "$gr_n"
echo "   ($planted secrets planted; the generic rule of shipgate also reports the api_key plants)"
echo "   shipgate is $(rate "$gr_t" "$sg_t")x grep's speed"

if [ $dry = 1 ]; then
    echo "   secretlint: skipped (--dry-run)"
    exit 0
fi
sl=$work/secretlint
mkdir -p "$sl" && (cd "$sl" && npm init -y >/dev/null 2>&1 &&
    npm install --no-audit --no-fund secretlint @secretlint/secretlint-rule-preset-recommend >/dev/null 2>&1) || {
    echo "   secretlint: npm install failed (no network?): not measured"; exit 0; }
printf '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}\n' >"$sl/.secretlintrc.json"
# the subset: whole directories up to SECRETLINT_MB
mkdir -p "$work/subset"
sub=0
for d in "$work"/tree/*/*; do
    [ "$sub" -ge $((SL_MB << 20)) ] && break
    rel=${d#"$work/tree/"}; mkdir -p "$work/subset/$rel"; cp "$d"/* "$work/subset/$rel/"
    sub=$((sub + $(cat "$d"/* | wc -c)))
done
sub_files=$(find "$work/subset" -type f | wc -l)
sub_mb=$(awk -v b="$sub" 'BEGIN { printf "%.1f", b / 1048576 }')
t0=$(now)
(cd "$sl" && npx secretlint --secretlintrc .secretlintrc.json --format json "$work/subset/**/*" >"$work/sl.json" 2>/dev/null)
t1=$(now)
sl_t=$(awk -v x="$t0" -v y="$t1" 'BEGIN { print y - x }')
sl_n=$(python3 -c 'import json,sys; print(sum(len(f.get("messages", [])) for f in json.load(open(sys.argv[1]))))' "$work/sl.json" 2>/dev/null || echo "?")
printf '%-28s %9.2f %10s %9s %9s\n' "secretlint (${sub_mb} MB subset)" "$sl_t" "$(rate "$sub_mb" "$sl_t")" "$(rate "$sub_files" "$sl_t")" "$sl_n"
sg_sub=$("$SHIPGATE" scan secrets "$work/subset" -f json 2>/dev/null | grep -c '"rule":')
echo "   on the same subset shipgate reports $sg_sub findings"
echo "   secretlint ran on a $sub_mb MB / $sub_files-file subset; on the whole tree it would take about $(awk -v t="$sl_t" -v a="$mbytes" -v b="$sub_mb" 'BEGIN { printf "%.0f", t * a / b }') s (extrapolated)"
echo "   shipgate is $(awk -v s="$sg_t" -v l="$sl_t" -v a="$mbytes" -v b="$sub_mb" 'BEGIN { printf "%.0f", (l * a / b) / s }')x secretlint's speed"
