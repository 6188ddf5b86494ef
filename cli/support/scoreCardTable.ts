// A score card as a table a manager reads in the terminal (`kpi score --format table`), in zh-CN or en:
// the six indicators with weight, points of max, flags and explanation, the total, and the follow-up grid.
import Table from 'cli-table3';
import type { Language } from '#shared/domain/values.ts';
import type { Rubric } from '#shared/rubric/schema.ts';
import type { IndicatorFlag, ScoreCard } from '#shared/scoring/scoreCard.ts';

const WORDS = {
  'zh-CN': {
    indicator: '指标',
    weight: '权重',
    points: '得分',
    flags: '标记',
    explanation: '说明',
    total: '总分',
    engineer: '工程师',
    month: '月份',
    rubric: '评分标准',
    followUpGrid: '项目跟踪回访（每周）',
    project: '项目',
    legend: '✓ 已回访 · ✗ 未回访 · – 无需回访',
  },
  en: {
    indicator: 'Indicator',
    weight: 'Weight',
    points: 'Points',
    flags: 'Flags',
    explanation: 'Explanation',
    total: 'Total',
    engineer: 'Engineer',
    month: 'Month',
    rubric: 'Rubric',
    followUpGrid: 'Project follow-up by week',
    project: 'Project',
    legend: '✓ visited · ✗ missed · – not required',
  },
} as const;

const FLAG_WORDS: Record<Language, Record<IndicatorFlag, string>> = {
  'zh-CN': { 'no-data': '无数据', overridden: '已调整' },
  en: { 'no-data': 'no data', overridden: 'overridden' },
};

const CELL = { visited: '✓', missed: '✗', 'not-required': '–' } as const;

// No colours: the output is read in terminals, piped to files and pasted into mail alike.
const plain = { head: [], border: [] };
// No rule between body rows: the tables stay short enough to read at a glance.
const compact = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function renderScoreCardTable(card: ScoreCard, rubric: Rubric, lang: Language): string {
  const w = WORDS[lang];
  const header = `${w.engineer} ${card.engineerId} · ${w.month} ${card.month} · ${w.rubric} ${card.rubric}`;

  const table = new Table({ head: [w.indicator, w.weight, w.points, w.flags], style: plain, chars: compact });
  // Explanations go below the table, one line each: table cells would have to wrap (and cut) long CJK text.
  const explanations: string[] = [];
  let weights = 0;
  for (const ind of card.indicators) {
    const name = rubric.indicators.find((r) => r.key === ind.key)?.name[lang] ?? ind.key;
    weights += ind.weight;
    table.push([
      name,
      `${ind.weight}%`,
      `${ind.points} / ${ind.maxPoints}`,
      ind.flags.map((f) => FLAG_WORDS[lang][f]).join(', '),
    ]);
    explanations.push(`  ${name}${lang === 'en' ? ': ' : '：'}${ind.explanation[lang]}`);
  }
  table.push([w.total, `${weights}%`, `${card.total} / ${card.maxTotal}`, '']);

  const parts = [header, table.toString(), `${w.explanation}${lang === 'en' ? ':' : '：'}`, ...explanations];
  const followUp = card.indicators.find((i) => i.key === 'followUp');
  if (followUp && followUp.key === 'followUp' && followUp.measured.projects.length > 0) {
    const grid = new Table({
      head: [
        w.project,
        ...followUp.measured.weeks.map((wk) => `${wk.week}\n${wk.start.slice(5)}–${wk.end.slice(5)}`),
      ],
      style: plain,
      chars: compact,
    });
    for (const p of followUp.measured.projects)
      grid.push([p.name ?? p.projectId, ...p.cells.map((c) => CELL[c])]);
    parts.push(`${w.followUpGrid}  (${w.legend})`, grid.toString());
  }
  return `${parts.join('\n')}\n`;
}
