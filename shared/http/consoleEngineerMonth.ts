// The engineer-month page of the console (console.md "What it shows and does" 2): the page, the preview of a
// change (the new card, nothing written) and its save, each through the admin use cases with the signed-in user
// as actor. A viewer sees the engineers of their region(s) only and changes nothing (403). A change refused for
// its fields is the page again (400) with that form filled as it was sent and each problem beside its field.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { previewChange, saveChange } from '../admin/engineerMonth.ts';
import { engineerMonthFor, submitChange } from '../console/engineerMonth.ts';
import {
  backToEngineerMonth,
  changePreviewPage,
  engineerMonthPage,
  engineerMonthPath,
} from '../console/engineerMonthViews.ts';
import { sentValues } from '../console/forms.ts';
import { assertAdmin } from '../console/roles.ts';
import type { Session } from '../console/session.ts';
import { consoleHref } from '../console/views.ts';
import type { Language } from '../domain/values.ts';
import { storage } from '../storage/fromConfig.ts';
import type { FieldProblem } from '../validation.ts';
import { queryParam } from './body.ts';
import { action, adminContext, consoleLanguage, page, redirect } from './consolePage.ts';
import { htmlResponse } from './responses.ts';
import type { Route } from './router.ts';

const PATH = '/console/engineers/{engineerId}/months/{month}';

function target(event: APIGatewayProxyEventV2): {
  engineerId: string | undefined;
  month: string | undefined;
} {
  return { engineerId: event.pathParameters?.engineerId, month: event.pathParameters?.month };
}

/** The change a form proposes: its kind and its own fields (an empty field is one not given). */
function proposed(event: APIGatewayProxyEventV2, form: URLSearchParams) {
  const fields: Record<string, string> = {};
  for (const [name, value] of form)
    if (name !== 'csrf' && name !== 'kind' && value !== '') fields[name] = value;
  return { ...target(event), kind: form.get('kind') ?? undefined, fields };
}

const show = page(async (event, session, now) => {
  const view = await engineerMonthFor(storage(), session, target(event), now);
  const notice = queryParam(event, 'saved') ? 'saved' : undefined;
  return htmlResponse(200, engineerMonthPage(view, session, consoleLanguage(event), notice));
});

/** The page again, with the refused form filled as it was sent and its problems beside its fields. */
async function refused(
  event: APIGatewayProxyEventV2,
  session: Session,
  form: URLSearchParams,
  now: Date,
  problems: readonly FieldProblem[],
) {
  const view = await engineerMonthFor(storage(), session, target(event), now);
  const sent = { kind: form.get('kind') ?? '', values: sentValues(form), problems };
  return htmlResponse(400, engineerMonthPage(view, session, consoleLanguage(event), undefined, sent));
}

const preview = action(async (event, session, form, now) => {
  assertAdmin(session);
  const change = proposed(event, form);
  const outcome = await submitChange(change.kind, () => previewChange(adminContext(session, now), change));
  if (!outcome.ok) return refused(event, session, form, now, outcome.problems);
  return htmlResponse(200, changePreviewPage(outcome.value, session, consoleLanguage(event)));
});

const save = action(async (event, session, form, now) => {
  assertAdmin(session);
  const change = proposed(event, form);
  const outcome = await submitChange(change.kind, () => saveChange(adminContext(session, now), change));
  if (!outcome.ok) return refused(event, session, form, now, outcome.problems);
  return redirect(
    consoleHref(engineerMonthPath(change.engineerId!, change.month!), consoleLanguage(event), { saved: '1' }),
  );
});

export const engineerMonthRoutes: Route[] = [
  { method: 'GET', path: PATH, handler: show },
  { method: 'POST', path: `${PATH}/preview`, handler: preview },
  { method: 'POST', path: `${PATH}/changes`, handler: save },
];

/** A refused change of an engineer-month (a bad field, a final month) leads back to its page, not the overview. */
export function engineerMonthBack(path: string, lang: Language): { href: string; label: string } | undefined {
  const match = /^\/console\/engineers\/([^/]+)\/months\/(\d{4}-\d{2})\/(preview|changes)$/.exec(path);
  if (!match) return undefined;
  return backToEngineerMonth(decodeURIComponent(match[1]!), match[2]!, lang);
}
