// Peer for bench/deadline_bench.cpp: the same deadline job done with the npm package
// date-holidays (country VN), timed in the same run as motcua (bench/run_deadline_bench.sh).
//
// Job: a dossier received at a civil instant in Vietnam is due at 17:00 on the N-th working day
// after the reception day; a paper dossier received at or after 15:00, or on a day off, counts
// from the next working day. Working days are Monday–Friday minus the days date-holidays marks
// `public` for VN. Those are fewer than the official calendar: no swapped or compensatory days,
// no second National Day, Tết as five fixed days from New Year's Eve.
//
// Inputs and motcua's answers come from `motcua_bench_deadline --write_sample=PATH` (TSV:
// received, channel, working_days, due). For every (mode, channel, N) it prints one line:
//   peer date-holidays mode=cached channel=online working_days=30 calls_per_s=123456 agree=4000 of=4096
// Modes: `isholiday` asks hd.isHoliday() for each day walked, the package's documented use;
// `cached` looks days up in a Set filled once from hd.getHolidays(year) before timing (as
// motcua's calendar is built once), the fastest fair use of the package.
//
// calls_per_s counts calls per CPU-second of the process, medians of the repetitions.
//
// Usage: node date_holidays_due.mjs --sample=PATH [--min-time=1] [--repetitions=3]
//        [--modes=cached,isholiday]
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';

const kDayMs = 86400000;
const kCloseOfOffice = 'T17:00';
const kPaperCutoffMinute = 15 * 60;
const kVietnamOffsetMs = 7 * 3600000;

function parseArgs(argv) {
  const args = { sample: '', minTime: 1, repetitions: 3, modes: ['cached', 'isholiday'] };
  for (const arg of argv) {
    const [key, value] = arg.split('=', 2);
    if (key === '--sample') args.sample = value;
    else if (key === '--min-time') args.minTime = Number(value);
    else if (key === '--repetitions') args.repetitions = Number(value);
    else if (key === '--modes') args.modes = value.split(',');
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!args.sample) throw new Error('--sample=PATH is required (see bench/run_deadline_bench.sh)');
  return args;
}

// "2026-02-13T14:20" → { day: days since 1970-01-01, minute: minute of the day }.
function parseDateTime(text) {
  const day = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / kDayMs;
  return { day, minute: +text.slice(11, 13) * 60 + +text.slice(14, 16) };
}

function formatDay(day) {
  return new Date(day * kDayMs).toISOString().slice(0, 10);
}

function isWeekend(day) {
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday === 0 || weekday === 6;
}

// Working-day predicates over day numbers, one per mode.
function makeIsWorking(mode, hd, firstYear, lastYear) {
  if (mode === 'isholiday') {
    return (day) => {
      if (isWeekend(day)) return false;
      // Noon in Vietnam on that day, as an instant.
      const holidays = hd.isHoliday(new Date(day * kDayMs - kVietnamOffsetMs + kDayMs / 2));
      return !(holidays && holidays.some((h) => h.type === 'public'));
    };
  }
  if (mode === 'cached') {
    const off = new Set();
    for (let year = firstYear; year <= lastYear; ++year) {
      for (const h of hd.getHolidays(year)) {
        if (h.type !== 'public') continue;
        const first = parseDateTime(h.date.replace(' ', 'T')).day;
        const length = Math.round((h.end - h.start) / kDayMs);
        for (let d = first; d < first + length; ++d) off.add(d);
      }
    }
    return (day) => !isWeekend(day) && !off.has(day);
  }
  throw new Error(`unknown mode ${mode}`);
}

// Day number of the deadline (due at 17:00 that day).
function dueDay(isWorking, received, paper, n) {
  let count = n;
  if (paper && (received.minute >= kPaperCutoffMinute || !isWorking(received.day))) {
    count += 1;
  }
  let day = received.day;
  while (count > 0) {
    day += 1;
    if (isWorking(day)) count -= 1;
  }
  return day;
}

// Calls per CPU-second of dueDay cycling over `receptions` (CPU time of the process, as Google
// Benchmark reports CPU time on the C++ side, so a busy neighbour on the machine skews neither
// side much): the median of `repetitions` runs of at least `minTime` CPU-seconds each. Calls go
// in batches that double until one takes 5 ms, so the clock is read rarely for fast modes and a
// slow mode does not have to finish a whole pass.
function measure(isWorking, receptions, paper, n, minTime, repetitions) {
  let sink = 0;
  let next = 0;
  const cpuSeconds = (since) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
  };
  const run = (seconds) => {
    let calls = 0;
    let batch = 1;
    const start = process.cpuUsage();
    for (;;) {
      const batchStart = process.hrtime.bigint();
      for (let k = 0; k < batch; ++k) {
        sink += dueDay(isWorking, receptions[next], paper, n);
        next = next + 1 === receptions.length ? 0 : next + 1;
      }
      calls += batch;
      const used = cpuSeconds(start);
      if (used >= seconds) return calls / used;
      if (Number(process.hrtime.bigint() - batchStart) < 5e6) batch *= 2;
    }
  };
  run(Math.min(minTime, 0.2)); // warm-up: let the JIT compile the loop
  const rates = [];
  for (let rep = 0; rep < repetitions; ++rep) rates.push(run(minTime));
  rates.sort((a, b) => a - b);
  return { rate: rates[Math.floor(rates.length / 2)], sink };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const lines = readFileSync(args.sample, 'utf8').trim().split('\n').slice(1);
  // groups: "channel/N" → rows, in file order.
  const groups = new Map();
  let firstYear = Infinity;
  let lastYear = -Infinity;
  for (const line of lines) {
    const [received, channel, n, due] = line.split('\t');
    const key = `${channel}/${n}`;
    if (!groups.has(key)) groups.set(key, { channel, n: +n, rows: [] });
    const r = parseDateTime(received);
    groups.get(key).rows.push({ received: r, due });
    firstYear = Math.min(firstYear, +received.slice(0, 4));
    lastYear = Math.max(lastYear, +due.slice(0, 4));
  }
  const hd = new Holidays('VN');
  const cached = makeIsWorking('cached', hd, firstYear, lastYear);
  // Agreement with motcua, from the cached predicate (every mode gives the same answers: the
  // other modes are checked against it on the first kCrossCheckRows rows of each group).
  const kCrossCheckRows = 32;
  let agreeTotal = 0;
  let total = 0;
  for (const group of groups.values()) {
    const paper = group.channel === 'paper';
    group.answers = group.rows.map((row) => dueDay(cached, row.received, paper, group.n));
    group.agree = group.rows.filter(
      (row, i) => formatDay(group.answers[i]) + kCloseOfOffice === row.due,
    ).length;
    agreeTotal += group.agree;
    total += group.rows.length;
  }
  for (const mode of args.modes) {
    const isWorking = mode === 'cached' ? cached : makeIsWorking(mode, hd, firstYear, lastYear);
    for (const [key, { channel, n, rows, answers, agree }] of groups) {
      const paper = channel === 'paper';
      rows.slice(0, kCrossCheckRows).forEach((row, i) => {
        if (dueDay(isWorking, row.received, paper, n) !== answers[i]) {
          throw new Error(`mode ${mode} disagrees with mode cached on ${key} row ${i}`);
        }
      });
      const receptions = rows.map((row) => row.received);
      const { rate, sink } = measure(isWorking, receptions, paper, n, args.minTime, args.repetitions);
      if (sink === 0) throw new Error('no work done');
      console.log(
        `peer date-holidays mode=${mode} channel=${channel} working_days=${n} ` +
          `calls_per_s=${Math.round(rate)} agree=${agree} of=${rows.length}`,
      );
    }
  }
  console.log(`peer date-holidays agree_total=${agreeTotal} of=${total}`);
}

main();
