import { appealsOfMonth, resolveAppealFromForm } from '../console/appeals.ts';
import { appealsPage } from '../console/appealsViews.ts';
import { assertAdmin } from '../console/roles.ts';
import { consoleHref } from '../console/views.ts';
import { queryParam } from './body.ts';
import { action, adminContext, consoleLanguage, page, redirect } from './consolePage.ts';
import { htmlResponse } from './responses.ts';
import type { Route } from './router.ts';

const appeals = page(async (event, session, now) => {
  const view = await appealsOfMonth(
    adminContext(session, now),
    session,
    queryParam(event, 'month') || undefined,
  );
  const resolved = queryParam(event, 'resolved');
  return htmlResponse(
    200,
    appealsPage({ view, session, lang: consoleLanguage(event), ...(resolved ? { resolved } : {}) }),
  );
});

const resolve = action(async (event, session, form, now) => {
  assertAdmin(session);
  const ctx = adminContext(session, now);
  const lang = consoleLanguage(event);
  const id = event.pathParameters?.id ?? '';
  const { values, outcome } = await resolveAppealFromForm(ctx, id, form);
  if (outcome.ok) {
    return redirect(
      consoleHref('/console/appeals', lang, { month: outcome.value.month, resolved: outcome.value.id }),
    );
  }
  const view = await appealsOfMonth(ctx, session, form.get('month') || undefined);
  return htmlResponse(
    outcome.status,
    appealsPage({ view, session, lang, attempt: { appealId: id, values, problems: outcome.problems } }),
  );
});

export const consoleAppealRoutes: Route[] = [
  { method: 'GET', path: '/console/appeals', handler: appeals },
  { method: 'POST', path: '/console/appeals/{id}/resolve', handler: resolve },
];
