// A form of a final month answers 410 with a page that names the month and since when it is final. The month is
// checked when a form opens (one GetItem of the month's record); a submission relies on its write's own guard
// (storage/months.ts monthGuard), whose MonthFinalError becomes the same 410 here.
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { Language } from '../domain/values.ts';
import { MonthFinalError, MonthFinalFormError } from '../errors.ts';
import type { Storage } from '../storage/client.ts';
import { findMonthRecord } from '../storage/months.ts';

/** Throws the form's 410 when `month` is final; `lang` is asked for only then. */
export async function refuseFinalMonth(
  storage: Storage,
  month: string,
  lang: () => Promise<Language | undefined>,
): Promise<void> {
  const record = await findMonthRecord(storage, month);
  if (record?.state !== 'final') return;
  const since = record.finalizedAt ?? new Date(0).toISOString();
  throw new MonthFinalFormError(month, since, localTimeWithZone(since, record.timezone), await lang());
}

/** A write refused because its month is final, as the form's 410 in `lang`; any other error as it is. */
export async function asFormError(
  error: unknown,
  lang: () => Promise<Language | undefined>,
): Promise<unknown> {
  if (!(error instanceof MonthFinalError)) return error;
  return new MonthFinalFormError(error.month, error.finalSince, error.finalSinceLocal, await lang());
}
