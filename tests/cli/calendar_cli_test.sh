#!/usr/bin/env bash
# CTest `cli_calendar`: the `motcua calendar …` output formats and exit codes are a contract other
# tools read (issue "Foundation and the Vietnamese working-day calendar"). Golden outputs live in
# tests/golden/; MOTCUA_UPDATE_GOLDEN=1 rewrites them.
set -uo pipefail
motcua=${1:?usage: calendar_cli_test.sh MOTCUA_BINARY}
golden_dir=$(cd "$(dirname "$0")/../golden" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_out NAME EXPECTED_STDOUT ARGS...: exit 0 and exactly this stdout.
expect_out() {
    local name=$1 expected=$2
    shift 2
    local out
    out=$("$motcua" "$@" 2>"$tmp/err")
    local rc=$?
    if [[ $rc -ne 0 ]]; then
        fail "$name: exit $rc: $(cat "$tmp/err")"
    elif [[ "$out" != "$expected" ]]; then
        fail "$name: got"$'\n'"$out"$'\n'"expected"$'\n'"$expected"
    else
        ok
    fi
}

# expect_usage_error NAME ARGS...: exit 2, nothing on stdout, exactly one line on stderr.
expect_usage_error() {
    local name=$1
    shift
    "$motcua" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    local lines
    lines=$(wc -l <"$tmp/err")
    if [[ $rc -ne 2 ]]; then
        fail "$name: exit $rc (want 2)"
    elif [[ -s $tmp/out ]]; then
        fail "$name: wrote to stdout: $(head -c 200 "$tmp/out")"
    elif [[ $lines -ne 1 ]]; then
        fail "$name: stderr has $lines lines: $(cat "$tmp/err")"
    else
        ok
    fi
}

# expect_golden NAME FILE ARGS...: exit 0 and stdout equal to tests/golden/FILE.
expect_golden() {
    local name=$1 file=$2
    shift 2
    if ! "$motcua" "$@" >"$tmp/out" 2>"$tmp/err"; then
        fail "$name: exit non-zero: $(cat "$tmp/err")"
        return
    fi
    if [[ ${MOTCUA_UPDATE_GOLDEN:-0} == 1 ]]; then
        cp "$tmp/out" "$golden_dir/$file"
    fi
    if diff -u "$golden_dir/$file" "$tmp/out"; then
        ok
    else
        fail "$name: differs from tests/golden/$file"
    fi
}

T=$'\t'
expect_out lunar_tet_2026 "2026-02-16${T}29${T}12${T}2025${T}0
2026-02-17${T}1${T}1${T}2026${T}0" calendar lunar 2026-02-16 2026-02-17
expect_out lunar_leap_month_2023 "2023-03-22${T}1${T}2${T}2023${T}1" calendar lunar 2023-03-22 2023-03-22
expect_out lunar_tet_1968_north "1968-01-29${T}1${T}1${T}1968${T}0" calendar lunar 1968-01-29 1968-01-29
expect_out lunar_tet_1985_vietnam "1985-01-21${T}1${T}1${T}1985${T}0" calendar lunar 1985-01-21 1985-01-21

# The whole range prints one line per day, in order.
"$motcua" calendar lunar 1900-01-31 2199-12-31 >"$tmp/all" 2>"$tmp/err"
rc=$?
count=$(wc -l <"$tmp/all")
if [[ $rc -eq 0 && $count -eq 109543 && $(head -1 "$tmp/all") == "1900-01-31${T}1${T}1${T}1900${T}0" ]]; then
    ok
else
    fail "lunar_whole_range: exit $rc, $count lines, first '$(head -1 "$tmp/all")'"
fi

expect_out days_tet_2026 "2026-02-13${T}work${T}ngày làm việc
2026-02-14${T}off${T}nghỉ cuối tuần
2026-02-15${T}off${T}nghỉ cuối tuần
2026-02-16${T}off${T}Tết Nguyên đán" calendar days 2026-02-13 2026-02-16
expect_out days_makeup_saturday "2026-01-10${T}work${T}Làm bù cho thứ Sáu 02/01/2026" calendar days 2026-01-10 2026-01-10
expect_out days_agency_override "2026-12-04${T}off${T}Nghỉ tổ chức bầu cử bổ sung (làm bù thứ Bảy 12/12/2026) (lịch riêng của cơ quan)" \
    calendar days 2026-12-04 2026-12-04 --agency 000.00.21.H99
expect_out days_national_same_day "2026-12-04${T}work${T}ngày làm việc" calendar days 2026-12-04 2026-12-04

expect_golden holidays_2026 calendar_holidays_2026.tsv calendar holidays 2026
expect_golden holidays_2027_statutory calendar_holidays_2027.tsv calendar holidays 2027
if "$motcua" calendar holidays 2027 2>&1 >/dev/null | grep -q "no announced schedule for 2027"; then
    ok
else
    fail "holidays_2027_note: no fallback note on stderr"
fi

expect_golden due_tet_2026 calendar_due_tet_2026.txt \
    calendar due --received 2026-02-13T14:20 --working-days 3
expect_golden due_paper_30_4 calendar_due_paper_30_4.txt \
    calendar due --received 2026-04-29T16:00 --working-days 5 --channel paper
expect_golden due_pause_across_tet calendar_due_pause_tet.txt \
    calendar due --received 2026-02-09T10:00 --working-days 5 --pause 2026-02-11T09:00/2026-02-24T09:00
expect_golden due_hours calendar_due_hours.txt \
    calendar due --received 2026-03-02T09:00 --working-hours 8
expect_golden due_calendar_days calendar_due_calendar_days.txt \
    calendar due --received 2026-02-10T10:00 --calendar-days 7
expect_golden due_makeup_saturday calendar_due_makeup_saturday.txt \
    calendar due --received 2024-04-26T10:00 --working-days 3

expect_usage_error lunar_before_range calendar lunar 1900-01-30 1900-02-01
expect_usage_error lunar_after_range calendar lunar 2199-12-31 2200-01-01
expect_usage_error lunar_bad_date calendar lunar 2026-02-30 2026-03-01
expect_usage_error lunar_reversed calendar lunar 2026-03-01 2026-02-01
expect_usage_error days_unknown_agency calendar days 2026-01-01 2026-01-02 --agency NOPE
expect_usage_error days_out_of_range calendar days 2010-01-01 2010-01-02
expect_usage_error holidays_bad_year calendar holidays 20x6
expect_usage_error holidays_out_of_range calendar holidays 1999
expect_usage_error due_bad_date calendar due --received 2026-02-30T10:00 --working-days 3
expect_usage_error due_negative calendar due --received 2026-02-03T10:00 --working-days=-3
expect_usage_error due_two_units calendar due --received 2026-02-03T10:00 --working-days 3 --calendar-days 2
expect_usage_error due_no_unit calendar due --received 2026-02-03T10:00
expect_usage_error due_bad_channel calendar due --received 2026-02-03T10:00 --working-days 3 --channel fax
expect_usage_error due_bad_pause calendar due --received 2026-02-03T10:00 --working-days 3 --pause 2026-02-04T10:00
expect_usage_error due_reversed_pause calendar due --received 2026-02-03T10:00 --working-days 3 --pause 2026-02-05T10:00/2026-02-04T10:00
expect_usage_error due_out_of_range calendar due --received 2300-01-01T10:00 --working-days 3
expect_usage_error unknown_subcommand calendar moon
expect_usage_error missing_argument calendar lunar 2026-01-01

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
