// A link token has exactly one spelling: the one signLink wrote. Node's base64url decoder forgives padding,
// stray characters, `+`/`/` and set low bits, so without a canonical check each of those spellings opened a form.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkGoneError, LinkInvalidError } from '#shared/errors.ts';
import {
  canonicalBase64url,
  LINK_KINDS,
  type LinkClaims,
  signLink,
  verifyLink,
} from '#shared/links/token.ts';
import { mutatedToken, tokenSpellings } from '../../support/tokenSpellings.ts';

const key = randomBytes(32);
const now = new Date('2026-11-20T10:00:00Z');
const nowSeconds = now.getTime() / 1000;

const claims: fc.Arbitrary<LinkClaims> = fc.record({
  kind: fc.constantFrom(...LINK_KINDS),
  id: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }),
  version: fc.nat({ max: 1000 }),
  expiresAt: fc.integer({ min: nowSeconds + 1, max: nowSeconds + 400 * 86_400 }),
});

function refusal(token: string, kind: LinkClaims['kind']): unknown {
  try {
    verifyLink(key, token, kind, now);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('link token spelling', () => {
  it('decodes base64url only as it encodes: decode(encode(x)) is x, and any text it accepts is encode(decode(text))', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(canonicalBase64url(text)).toEqual(Buffer.from(bytes));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const bytes = canonicalBase64url(text);
        if (bytes) expect(bytes.toString('base64url')).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('verifies every signed token, and refuses every other spelling of it (403)', () => {
    fc.assert(
      fc.property(claims, (c) => {
        const token = signLink(key, c);
        expect(verifyLink(key, token, c.kind, now)).toEqual(c);
        for (const spelling of tokenSpellings(token)) {
          const error = refusal(spelling.token, c.kind);
          expect(error, spelling.what).toBeInstanceOf(LinkInvalidError);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('refuses random edits of a token (403), never opening it or calling it expired', () => {
    fc.assert(
      fc.property(
        claims.chain((c) => fc.tuple(fc.constant(c), mutatedToken(signLink(key, c)))),
        ([c, mutated]) => {
          expect(refusal(mutated, c.kind)).toBeInstanceOf(LinkInvalidError);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('names the spellings issue 8 found accepted', () => {
    const token = signLink(key, { kind: 'survey', id: 'inv-1', version: 1, expiresAt: nowSeconds + 60 });
    const [payload, signature] = token.split('.') as [string, string];
    const spelled = [
      ...['=', '!', '~', '*', '(', ';'].map((c) => `${token}${c}`),
      `${payload}.${signature.slice(0, 10)}!${signature.slice(10)}`,
      `${payload}.${signature.slice(0, 10)}~${signature.slice(10)}`,
    ];
    const withDash = signLink(key, { kind: 'survey', id: '>>>?', version: 1, expiresAt: nowSeconds + 60 });
    expect(withDash).toMatch(/[-_]/);
    spelled.push(withDash.replace('-', '+').replace('_', '/'));
    for (const t of spelled) expect(refusal(t, 'survey'), t).toBeInstanceOf(LinkInvalidError);
    // The genuine token past its expiry is the one that is gone (410), not a spelling of it.
    expect(refusal(token, 'survey')).toBeUndefined();
    expect(verifyLink.bind(null, key, token, 'survey', new Date(now.getTime() + 61_000))).toThrow(
      LinkGoneError,
    );
  });
});
