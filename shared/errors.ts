// The one error vocabulary of the product. Domain code throws these; each boundary maps them once
// (HTTP: shared/http, CLI: cli/) by `instanceof`, never by name strings.
import type { Language } from './domain/values.ts';
import type { FieldProblem } from './validation.ts';

export abstract class DomainError extends Error {
  /** The HTTP status this failure means at the API edge. */
  abstract readonly status: number;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that does not match its schema; nothing was written. */
export class ValidationError extends DomainError {
  readonly status = 400;
  constructor(
    readonly problems: FieldProblem[],
    message = 'invalid input',
  ) {
    super(message);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
}

/** Signed in, but not allowed to see or do this (a viewer's change, another region, a wrong CSRF token). */
export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** A signed link whose signature does not verify, or that names nothing we know, or was revoked. */
export class LinkInvalidError extends DomainError {
  readonly status = 403;
}

/** A signed link that was valid once: expired, or its survey window has closed. */
export class LinkGoneError extends DomainError {
  readonly status = 410;
}

export class NotFoundError extends DomainError {
  readonly status = 404;
}

export class MethodNotAllowedError extends DomainError {
  readonly status = 405;
  constructor(
    readonly allowed: string[],
    message = 'method not allowed',
  ) {
    super(message);
  }
}

/** A write that must happen once, or an edit against a stale version. */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/**
 * What was asked does not fit the month's state (it has not begun, or its evidence is still being collected):
 * a conflict with the state, not bad input. The message is one line that says when the state changes.
 */
export class MonthStateError extends ConflictError {
  constructor(
    readonly month: string,
    readonly state: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A write to a month that is final: nothing changes it until an admin reopens it. Names the month and since when
 * it is final (the organisation's local time).
 */
export class MonthFinalError extends MonthStateError {
  constructor(
    month: string,
    /** When it became final (ISO). */
    readonly finalSince: string,
    /** The same instant in the organisation's local time, with its zone. */
    readonly finalSinceLocal: string,
  ) {
    super(month, 'final', `${month} is final since ${finalSinceLocal}; an admin must reopen it to change it`);
  }
}

/**
 * A form of a final month (a survey link whose invitation's month is final, the daily report of a day in one):
 * gone like an expired link (410). Its page names the month and since when, in `lang` when the form knows whom
 * it speaks to, else in both languages.
 */
export class MonthFinalFormError extends LinkGoneError {
  constructor(
    readonly month: string,
    readonly finalSince: string,
    readonly finalSinceLocal: string,
    readonly lang?: Language,
  ) {
    super(`${month} is final since ${finalSinceLocal}; its forms take no more answers`);
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
}

/**
 * A service we depend on (e.g. SES throttling us, or not reachable) failed for now; the same call may succeed
 * later, so the caller retries or re-queues instead of parking the work.
 */
export class RetryableError extends DomainError {
  readonly status = 503;
}

/**
 * One line saying why an error stopped a piece of work (a run's "failed" or "parked" list; no stack). Here, with
 * the errors, so the functions that only report failures need not bundle the code that raised them.
 */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 300);
}
