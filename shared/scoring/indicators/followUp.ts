// Indicator 3 · followUp: each project must be visited at least once in every week of the month (ISO weeks,
// owned by the month of their Thursday) in which it is active on at least one of the engineer's workdays,
// the week's days in the neighbouring month included. n = distinct projects that missed a required week.

import { countEn } from '../../plural.ts';
import { bandPoints } from '../../rubric/bands.ts';
import { dayIndexOf } from '../calendar.ts';
import { type IndicatorScorer, nameList, pointsOf } from '../context.ts';
import type { FollowUpProjectGrid, FollowUpWeek } from '../scoreCard.ts';

export const scoreFollowUp: IndicatorScorer<'followUp'> = (ctx, rule) => {
  const { frame, workday, input } = ctx;
  const weekCount = frame.weeks.length;

  // The engineer's workdays in each week (as frame day indices), once; projects are checked against these.
  const weekWorkdays: number[][] = frame.weeks.map((w) => {
    const days: number[] = [];
    for (let i = w.firstDay; i < w.firstDay + 7; i++) if (workday[i]) days.push(i);
    return days;
  });

  // Visits per project id, as a bit per week of the month.
  const visitedWeeks = new Map<string, number[]>();
  for (const f of input.followUps) {
    const day = frame.indexOf.get(f.date);
    if (day === undefined) continue;
    const week = frame.weekOfDay[day]!;
    if (week < 0) continue;
    let marks = visitedWeeks.get(f.projectId);
    if (marks === undefined) {
      marks = new Array<number>(weekCount).fill(0);
      visitedWeeks.set(f.projectId, marks);
    }
    marks[week] = 1;
  }

  const projects: FollowUpProjectGrid[] = [];
  // Keyed by id (the unit is distinct projects), shown by name.
  const missedProjects = new Map<string, string>();
  for (const p of projectsById(ctx)) {
    const marks = visitedWeeks.get(p.id);
    const cells: FollowUpProjectGrid['cells'] = new Array(weekCount);
    const missedWeeks: string[] = [];
    for (let w = 0; w < weekCount; w++) {
      if (marks !== undefined && marks[w] === 1) {
        cells[w] = 'visited';
        continue;
      }
      let required = false;
      for (const d of weekWorkdays[w]!) {
        if (p.active.some(([first, last]) => d >= first && d <= last)) {
          required = true;
          break;
        }
      }
      if (required) {
        cells[w] = 'missed';
        missedWeeks.push(frame.weeks[w]!.id);
      } else cells[w] = 'not-required';
    }
    if (missedWeeks.length > 0) missedProjects.set(p.id, p.name ?? p.id);
    projects.push(
      p.name === undefined
        ? { projectId: p.id, cells, missedWeeks }
        : { projectId: p.id, name: p.name, cells, missedWeeks },
    );
  }

  const weeks: FollowUpWeek[] = frame.weeks.map((w, i) => ({
    week: w.id,
    start: w.start,
    end: w.end,
    workdays: weekWorkdays[i]!.length,
  }));
  const names = [...missedProjects.values()].sort();
  const n = names.length;
  const points = bandPoints(rule.bands, n);
  const of = pointsOf(points, rule.maxPoints);
  const explanation =
    n === 0
      ? {
          en:
            projects.length === 0
              ? `No project to follow up this month → ${of.en}`
              : `${projects.length === 1 ? 'The' : 'All'} ${countEn(projects.length, 'project', 'projects')} followed up every required week → ${of.en}`,
          'zh-CN':
            projects.length === 0
              ? `本月没有需要跟踪回访的项目 → ${of['zh-CN']}`
              : `${projects.length} 个项目每周均已跟踪回访 → ${of['zh-CN']}`,
        }
      : {
          en: `${countEn(n, 'project', 'projects')} missed a weekly follow-up: ${nameList(names, ', ')} → ${of.en}`,
          'zh-CN': `${n} 个项目有周未跟踪回访：${nameList(names, '、')} → ${of['zh-CN']}`,
        };
  return { points, measured: { unvisitedProjects: n, weeks, projects }, flags: [], explanation };
};

interface MergedProject {
  id: string;
  name: string | undefined;
  /** Frame day ranges (inclusive) in which the project is active, one per listing. */
  active: Array<[number, number]>;
}

/**
 * The projects by id (kpi-sheet.md, Identity): a project listed twice is one project, active on every day
 * either listing covers, shown by the first name given.
 */
function projectsById(ctx: Parameters<IndicatorScorer<'followUp'>>[0]): MergedProject[] {
  const byId = new Map<string, MergedProject>();
  for (const p of ctx.input.projects) {
    const range: [number, number] = [
      dayIndexOf(ctx.frame, p.start),
      p.end == null ? Number.POSITIVE_INFINITY : dayIndexOf(ctx.frame, p.end),
    ];
    const known = byId.get(p.id);
    if (known === undefined) byId.set(p.id, { id: p.id, name: p.name, active: [range] });
    else {
      known.active.push(range);
      known.name ??= p.name;
    }
  }
  return [...byId.values()];
}
