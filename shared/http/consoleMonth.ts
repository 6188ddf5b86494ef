// The console's month actions over HTTP (console.md "What it shows" 5): run scoring, finalise, reopen. Each is an
// admin's only (a viewer: 403 before anything is read), confirmed first — GET shows the confirmation page, the
// POST of its form (CSRF token + `confirm=yes`) does it — through the SAME use cases as
// `POST /admin/months/{month}/run|finalize|reopen` with the signed-in user as actor, and answers with what it did.
// Refusals are the use cases' own (409 naming the open appeals, "final since …"), shown on the console's error page.
// console.ts spreads these routes into consoleRoutes; this module takes page()/action() from it (see consoleSetup.ts).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AdminContext } from '../admin/context.ts';
import { finalize, getMonthLifecycle, reopen, reopenInput, runScoring } from '../admin/lifecycle.ts';
import {
  MONTH_ACTIONS,
  type MonthAction,
  type MonthActionResult,
  monthActionConfirmPage,
  monthActionDonePage,
} from '../console/monthActionsViews.ts';
import { assertAdmin } from '../console/roles.ts';
import type { Session } from '../console/session.ts';
import { stateName } from '../console/views.ts';
import { ValidationError } from '../errors.ts';
import { installedMonthRuns, type MonthRuns } from '../pipeline/monthRuns.ts';
import * as z from '../schema.ts';
import { getOrganisationSettings } from '../storage/organisation.ts';
import { fieldProblems } from '../validation.ts';
import { action, adminContext, consoleLanguage, page } from './consolePage.ts';
import { htmlResponse } from './responses.ts';
import type { Route } from './router.ts';

let functionRuns: MonthRuns | undefined;

/**
 * How the Console function starts runs on AWS (its handler passes the scoring queue, as the admin API's does);
 * runs installed for the process (the local stack, the tests: in-process) win, so both functions run alike.
 */
export function useConsoleMonthRuns(runs: MonthRuns): void {
  functionRuns = runs;
}

/** The admin context of a month action: the console's, with where its runs go. */
function monthActionContext(session: Session, now: Date): AdminContext {
  return { ...adminContext(session, now), runs: installedMonthRuns() ?? functionRuns };
}

/** The path's month as the router gives it; the use case parses it (a bad one is a 400 naming `month`). */
const monthOf = (event: APIGatewayProxyEventV2) => event.pathParameters?.month ?? '';

function confirmRoute(act: MonthAction): Route['handler'] {
  return page(async (event, session, now) => {
    assertAdmin(session);
    const lang = consoleLanguage(event);
    const lifecycle = await getMonthLifecycle(monthActionContext(session, now), { month: monthOf(event) });
    return htmlResponse(
      200,
      monthActionConfirmPage({
        session,
        lang,
        month: lifecycle.month,
        action: act,
        stateName: stateName(lifecycle.state, lang),
      }),
    );
  });
}

function doRoute(act: MonthAction): Route['handler'] {
  return action(async (event, session, form, now) => {
    assertAdmin(session);
    const lang = consoleLanguage(event);
    const ctx = monthActionContext(session, now);
    const month = monthOf(event);
    // Only the confirmation page's form does it: a bare POST (a stale link, a crafted form) does nothing.
    if (form.get('confirm') !== 'yes') {
      throw new ValidationError([
        { path: 'confirm', message: 'confirm the action on its confirmation page' },
      ]);
    }
    let result: MonthActionResult;
    if (act === 'reopen') {
      const reason = form.get('reason') ?? '';
      // A missing reason is the confirmation page again with the problem beside the field, the text kept.
      const checked = z.safeParse(reopenInput, { month, reason });
      if (!checked.success) {
        const problems = fieldProblems(checked.error);
        if (problems.every((p) => p.path === 'reason')) {
          const lifecycle = await getMonthLifecycle(ctx, { month });
          return htmlResponse(
            400,
            monthActionConfirmPage({
              session,
              lang,
              month,
              action: act,
              stateName: stateName(lifecycle.state, lang),
              reason,
              problems,
            }),
          );
        }
      }
      result = { action: act, record: await reopen(ctx, { month, reason }) };
    } else if (act === 'finalize') {
      result = { action: act, outcome: await finalize(ctx, { month }) };
    } else {
      result = { action: act, run: await runScoring(ctx, { month }) };
    }
    // Only the zone to write times in: the settings, not the whole month's life read again.
    const { timezone } = await getOrganisationSettings(ctx.storage);
    return htmlResponse(200, monthActionDonePage({ session, lang, month, zone: timezone, result }));
  });
}

export const consoleMonthRoutes: Route[] = MONTH_ACTIONS.flatMap((act): Route[] => [
  { method: 'GET', path: `/console/months/{month}/${act}`, handler: confirmRoute(act) },
  { method: 'POST', path: `/console/months/{month}/${act}`, handler: doRoute(act) },
]);
