// What a hostile body can make us say back: unknown keys are named five at most, an answer lists at most 50
// problems of bounded length, and a form beyond any of ours is refused whole before a handler reads it.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '#shared/errors.ts';
import { FORM_LIMITS, formBody } from '#shared/http/body.ts';
import { boundedProblems, fieldProblems, MAX_PROBLEMS } from '#shared/validation.ts';

const formEvent = (body: string) => ({ body, isBase64Encoded: false }) as APIGatewayProxyEventV2;

function refusal(run: () => unknown): ValidationError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

describe('bounded problems', () => {
  it('names five unknown keys and counts the rest, each name clipped', () => {
    const input = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    input['y'.repeat(10_000)] = 1;
    const parsed = z.strictObject({ name: z.string().optional() }).safeParse(input);
    expect(parsed.success).toBe(false);
    const [problem, ...more] = fieldProblems(parsed.error!);
    expect(more).toEqual([]);
    expect(problem!.message).toBe('unknown fields "k0", "k1", "k2", "k3", "k4" and 99996 more');
    const one = z.strictObject({}).safeParse({ ['z'.repeat(1000)]: 1 });
    expect(fieldProblems(one.error!)[0]!.message).toBe(`unknown field "${'z'.repeat(39)}…"`);
  });

  it('lists at most 50 problems, each path and message clipped to a few hundred characters', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      path: `rows[${i}].${'p'.repeat(1000)}`,
      message: 'm'.repeat(5000),
    }));
    const shown = boundedProblems(many);
    expect(shown).toHaveLength(MAX_PROBLEMS + 1);
    expect(shown.at(-1)).toEqual({ path: '', message: 'and 450 more problems' });
    for (const p of shown) {
      expect(p.path.length).toBeLessThanOrEqual(300);
      expect(p.message.length).toBeLessThanOrEqual(300);
    }
    const few = [{ path: 'name', message: 'expected text' }];
    expect(boundedProblems(few)).toEqual(few);
  });
});

describe('form bodies', () => {
  it(`takes ${FORM_LIMITS.fields} fields of up to ${FORM_LIMITS.fieldChars} characters`, () => {
    const fields = Array.from({ length: FORM_LIMITS.fields }, (_, i) => `f${i}=${i}`);
    expect([...formBody(formEvent(fields.join('&')))]).toHaveLength(FORM_LIMITS.fields);
    expect(formBody(formEvent(`comment=${'x'.repeat(FORM_LIMITS.fieldChars)}`)).get('comment')).toHaveLength(
      FORM_LIMITS.fieldChars,
    );
  });

  it('refuses one field more, or one character more, naming the field', () => {
    const fields = Array.from({ length: FORM_LIMITS.fields + 1 }, () => 'a=');
    expect(refusal(() => formBody(formEvent(fields.join('&'))))?.problems).toEqual([
      { path: '', message: `a form has at most ${FORM_LIMITS.fields} fields` },
    ]);
    expect(
      refusal(() => formBody(formEvent(`comment=${'x'.repeat(FORM_LIMITS.fieldChars + 1)}`)))?.problems,
    ).toEqual([
      { path: 'comment', message: `a form field has at most ${FORM_LIMITS.fieldChars} characters` },
    ]);
  });
});
