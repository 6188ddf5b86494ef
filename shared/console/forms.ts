// The console's form fields, shared by every page with a form (setup, the engineer-month page's changes): each
// field is drawn from one model, so a refused form comes back the same way everywhere — filled as it was sent,
// each problem beside its field (aria-describedby, aria-invalid) and listed at the top of the form with a link to
// the field; a problem about no field of the form is listed at the top only.
import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { FieldProblem } from '../validation.ts';

/** The heading of a refused form's list of problems. */
export const PROBLEMS_TITLE: Record<Language, string> = {
  'zh-CN': '请修改以下内容，尚未保存任何数据：',
  en: 'Please correct the following; nothing has been saved:',
};

/** One form field: its name is the input's field path, so a problem's path finds its place. */
export interface Field {
  name: string;
  label: string;
  // Dates and times are text fields with their format as a hint: Chromium draws no visible focus on the parts
  // of a native date or time input, and the format is what the schema's message names.
  type: 'text' | 'email' | 'number' | 'select' | 'checkbox' | 'textarea';
  options?: ReadonlyArray<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  /** A format shown inside the empty field (where a hint beside it would not fit, e.g. in a table's row). */
  placeholder?: string;
  min?: number;
  max?: number;
  step?: number;
  /** The on-screen keyboard; a number field defaults to digits only. */
  inputmode?: 'numeric' | 'decimal';
  pattern?: string;
  wide?: boolean;
  readonly?: boolean;
  autocomplete?: string;
}

/** The form field a problem belongs beside: `leave[2]` → `leave`, `schedule.scoring.day` stays as it is. */
export function fieldOf(problem: FieldProblem): string {
  return problem.path.replace(/\[\d+\].*$/, '');
}

/** A form's fields as sent, to show it again beside its problems (never its CSRF token: the page has its own). */
export function sentValues(form: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form) if (name !== 'csrf') values[name] = value;
  return values;
}

/** Where a form is on the page, so two forms' fields get distinct ids. */
export function fieldId(form: string, name: string): string {
  return `${form}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function fieldHtml(
  form: string,
  field: Field,
  values: Record<string, string>,
  problems: ReadonlyMap<string, string[]>,
): SafeHtml {
  const id = fieldId(form, field.name);
  const mine = problems.get(field.name) ?? [];
  const described = [
    ...(field.hint ? [`${id}-hint`] : []),
    ...(mine.length > 0 ? [`${id}-problem`] : []),
  ].join(' ');
  const common = html` id="${id}" name="${field.name}"${field.required ? html` required` : ''}${
    described ? html` aria-describedby="${described}"` : ''
  }${mine.length > 0 ? html` aria-invalid="true"` : ''}${field.readonly ? html` readonly` : ''}${
    field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''
  }`;
  const value = values[field.name] ?? '';
  const inputmode = field.inputmode ?? (field.type === 'number' ? 'numeric' : undefined);
  const control =
    field.type === 'select'
      ? html`<select${common}>${(field.options ?? []).map(
          (o) =>
            html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${o.label}</option>`,
        )}</select>`
      : field.type === 'textarea'
        ? html`<textarea${common} rows="4">${value}</textarea>`
        : field.type === 'checkbox'
          ? html`<input type="checkbox"${common}${value === 'on' ? html` checked` : ''}>`
          : html`<input type="${field.type}"${common} value="${value}"${
              field.min !== undefined ? html` min="${field.min}"` : ''
            }${field.max !== undefined ? html` max="${field.max}"` : ''}${
              field.step !== undefined ? html` step="${field.step}"` : ''
            }${field.pattern ? html` pattern="${field.pattern}"` : ''}${
              field.placeholder ? html` placeholder="${field.placeholder}"` : ''
            }${inputmode ? html` inputmode="${inputmode}"` : ''}>`;
  const after = html`${field.hint ? html`<span class="muted" id="${id}-hint">${field.hint}</span>` : ''}${
    mine.length > 0 ? html`<span class="problem" id="${id}-problem">${mine.join('; ')}</span>` : ''
  }`;
  if (field.type === 'checkbox') {
    return html`<div class="field"><label class="check" for="${id}">${control} ${field.label}</label>${after}</div>`;
  }
  return html`<div class="field${field.wide ? ' wide' : ''}"><label for="${id}">${field.label}</label>${control}${after}</div>`;
}

/**
 * The field of the form a problem is shown beside: its own, else the first field of the group it names (a rule
 * about `surveyWindow.closes` sits beside its day); undefined when it is about none of them.
 */
function placeOf(problem: FieldProblem, fields: readonly Field[]): Field | undefined {
  const name = fieldOf(problem);
  return fields.find((f) => f.name === name) ?? fields.find((f) => f.name.startsWith(`${name}.`));
}

/** Problems by field name (those of no field are listed at the top only). */
export function problemsByField(
  problems: readonly FieldProblem[],
  fields: readonly Field[],
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of problems) {
    const name = placeOf(p, fields)?.name;
    if (name) map.set(name, [...(map.get(name) ?? []), p.message]);
  }
  return map;
}

/** The list of a refused form's problems, each linking to its field (the control itself takes the focus). */
export function problemSummary(
  title: string,
  form: string,
  fields: readonly Field[],
  problems: readonly FieldProblem[],
): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="error" role="alert"><p>${title}</p><ul>${problems.map((p) => {
    const field = placeOf(p, fields);
    return field
      ? html`<li><a href="#${fieldId(form, field.name)}">${field.label}</a>: ${p.message}</li>`
      : html`<li>${p.path ? html`${p.path}: ` : ''}${p.message}</li>`;
  })}</ul></div>`;
}
