// Scoring throughput on one core: scores generated, realistic engineer-months (22 workdays of reports,
// 8 projects with weekly visits, 20 support requests, 6 survey responses) and prints engineer-months per
// second and microseconds per engineer-month (median of several rounds, after a warm-up). Rounds are timed
// by this process's CPU time, so other work on a shared machine does not count against the engine (its
// wall-clock figure is printed too); the process's CPU time includes V8's helper threads, which errs low.
// Run: npm run bench:scoring [-- --months 2000 --rounds 7]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { defaultRubric } from '#shared/rubric/default.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { type ScoringInput, scoringInputSchema } from '#shared/scoring/input.ts';

const { values } = parseArgs({
  options: {
    months: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '1' },
  },
});
const distinctMonths = Number(values.months);
const rounds = Number(values.rounds);
const secondsPerRound = Number(values.seconds);

// A small deterministic generator so every run scores the same data.
let seed = 42;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const ZONE = 'Asia/Shanghai';
const MONTH = DateTime.fromISO('2026-10-01', { zone: ZONE });
const CUSTOMERS = [
  'Acme',
  'Beta',
  'Cosco',
  'Delta',
  'Evergreen',
  'Fortune',
  'Galaxy',
  'Harbour',
  'Ion',
  'Jade',
];

function engineerMonth(n: number): ScoringInput {
  const days = Array.from({ length: MONTH.daysInMonth! }, (_, i) => MONTH.plus({ days: i }));
  const workdays = days.filter((d) => d.weekday <= 5);
  const ts = (d: DateTime, hour: number) => d.set({ hour, minute: Math.floor(random() * 60) }).toISO()!;
  const projects = Array.from({ length: 8 }, (_, i) => ({
    id: `p-${n}-${i}`,
    start: '2026-01-01',
    end: null,
  }));
  // Weekly visits, including the days of the weeks that reach into September and November.
  const followUps = projects.flatMap((p) =>
    ['2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-10-27']
      .filter(() => random() > 0.03)
      .map((date) => ({ projectId: p.id, date })),
  );
  const supportRequests = Array.from({ length: 20 }, () => {
    const due = pick(workdays).set({ hour: 18 });
    const resolvedLate = random() < 0.1;
    return {
      customer: pick(CUSTOMERS),
      dueAt: due.toISO()!,
      resolvedAt: random() < 0.05 ? null : due.plus({ hours: resolvedLate ? 2 : -3 }).toISO()!,
      independent: random() > 0.05,
    };
  });
  return scoringInputSchema.parse({
    month: '2026-10',
    timezone: ZONE,
    engineer: { id: `e-${n}`, startDate: '2024-01-01', leave: random() < 0.3 ? ['2026-10-14'] : [] },
    supportRequests,
    surveyResponses: Array.from({ length: 6 }, () => ({ score: 60 + Math.floor(random() * 41) })),
    projects,
    followUps,
    complaints:
      random() < 0.2 ? [{ date: '2026-10-09', status: pick(['confirmed', 'pending', 'dismissed']) }] : [],
    trainingScore: 70 + Math.floor(random() * 31),
    successStories: Array.from({ length: Math.floor(random() * 3) }, () => ({ date: '2026-10-15' })),
    dailyReports: workdays
      .filter(() => random() > 0.05)
      .map((d) => ({ date: d.toISODate()!, submittedAt: ts(d, random() < 0.05 ? 35 : 19) })),
    dailyReportVerdict: pick(['insightful', 'standard', 'perfunctory', null]),
  });
}

const inputs = Array.from({ length: distinctMonths }, (_, i) => engineerMonth(i));
// The same months as JSON text, for the second figure: what the monthly job or `kpi score` pays per month.
const texts = inputs.map((input) => JSON.stringify(input));
let sink = 0;
function scoreAll(): number {
  for (const input of inputs) sink += scoreEngineerMonth(input, defaultRubric).total;
  return inputs.length;
}
function parseAndScoreAll(): number {
  for (const text of texts)
    sink += scoreEngineerMonth(scoringInputSchema.parse(JSON.parse(text)), defaultRubric).total;
  return texts.length;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

/** Engineer-months per CPU-second and per wall-clock second, round by round, after a warm-up. */
function measure(run: () => number, roundCount: number): { cpu: number[]; wall: number[] } {
  // Warm-up: let the JIT settle and the calendar frame be memoized.
  const warmUntil = performance.now() + 1000;
  while (performance.now() < warmUntil) run();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < roundCount; r++) {
    let scored = 0;
    const wallStart = performance.now();
    const cpuStart = cpuMs();
    let spent = 0;
    while (spent < secondsPerRound * 1000) {
      scored += run();
      spent = cpuMs() - cpuStart;
    }
    cpu.push((scored / spent) * 1000);
    wall.push((scored / (performance.now() - wallStart)) * 1000);
  }
  return { cpu, wall };
}

const engine = measure(scoreAll, rounds);
const cpuMedian = median(engine.cpu);
console.log(
  `scoring: ${fmt(cpuMedian)} engineer-months/s on one core, ${(1e6 / cpuMedian).toFixed(1)} µs per engineer-month`,
);
console.log(
  `  median of ${rounds} rounds of ${secondsPerRound} CPU-second(s) (min ${fmt(Math.min(...engine.cpu))}, ` +
    `max ${fmt(Math.max(...engine.cpu))}); wall clock ${fmt(median(engine.wall))}/s; ` +
    `${distinctMonths} distinct engineer-months; node ${process.version}`,
);
const withParsing = median(measure(parseAndScoreAll, 3).cpu);
console.log(
  `  with JSON.parse + zod validation of each month: ${fmt(withParsing)}/s, ${(1e6 / withParsing).toFixed(1)} µs each`,
);
if (sink === 0) console.log('(no points scored)');
