// The console's Appeals page over HTTP (console.md "What it shows" 4): GET /console/appeals?month= for everyone
// signed in (a viewer: their region's appeals, and no form), POST /console/appeals/{id}/resolve for an admin
// only (a viewer: 403 before anything is read), with the CSRF token, through the same use case as
// `kpi appeals resolve` with the signed-in user as actor. Resolved → back to the page saying so (303); refused →
// the page again (400/409) with the problems beside that appeal's fields; a final month → the error page (409).
// console.ts spreads these routes into consoleRoutes; this module takes page()/action() from it (see consoleSetup.ts).
import type { AdminContext } from '../admin/context.ts';
import { appealsOfMonth, resolveAppealFromForm } from '../console/appeals.ts';
import { appealsPage } from '../console/appealsViews.ts';
import { assertAdmin } from '../console/roles.ts';
import type { Session } from '../console/session.ts';
import { consoleHref } from '../console/views.ts';
import { storage } from '../storage/fromConfig.ts';
import { queryParam } from './body.ts';
import { action, consoleLanguage, page, redirect } from './consolePage.ts';
import { htmlResponse } from './responses.ts';
import type { Route } from './router.ts';

function adminContext(session: Session, now: Date): AdminContext {
  return { storage: storage(), now: () => now, actor: session.actor };
}

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
