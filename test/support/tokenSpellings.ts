// Other spellings of a link token: the changes a lenient base64url decoder (Node's) forgives, at every position,
// and random edits. Each of them is a different string from the token, so only the token itself may open a form.
import fc from 'fast-check';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Characters Node's base64url decoder skips or maps onto the alphabet (issue 8: each was accepted). */
export const FORGIVEN = ['=', '!', '~', '*', '(', ';', ')', '$', ' ', '\n', '+', '/', '.', '%'] as const;

export interface Spelling {
  what: string;
  token: string;
}

/** Same bytes, other characters: the unused low bits of a segment's last character set in every way. */
function lowBitSpellings(segment: string): string[] {
  const unusedBits = { 2: 4, 3: 2 }[(segment.length % 4) as 2 | 3];
  if (!unusedBits) return [];
  const last = ALPHABET.indexOf(segment.at(-1)!);
  const spellings: string[] = [];
  for (let bits = 1; bits < 1 << unusedBits; bits++) {
    spellings.push(segment.slice(0, -1) + ALPHABET[last ^ bits]!);
  }
  return spellings;
}

/** Every listed spelling change at every position of `token` (`payload.signature`). */
export function tokenSpellings(token: string): Spelling[] {
  const spellings: Spelling[] = [];
  for (let i = 0; i <= token.length; i++) {
    for (const c of FORGIVEN) {
      spellings.push({
        what: `${JSON.stringify(c)} inserted at ${i}`,
        token: token.slice(0, i) + c + token.slice(i),
      });
    }
  }
  for (let i = 0; i < token.length; i++) {
    const c = token[i]!;
    const swapped = { '-': '+', _: '/' }[c];
    if (swapped)
      spellings.push({
        what: `${swapped} for ${c} at ${i}`,
        token: token.slice(0, i) + swapped + token.slice(i + 1),
      });
    if (c !== '.') {
      spellings.push({ what: `character ${i} removed`, token: token.slice(0, i) + token.slice(i + 1) });
      const flipped = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
      if (flipped !== c)
        spellings.push({
          what: `case of ${i} changed`,
          token: token.slice(0, i) + flipped + token.slice(i + 1),
        });
    }
  }
  const [payload, signature] = token.split('.') as [string, string];
  for (const s of lowBitSpellings(payload))
    spellings.push({ what: 'payload low bits', token: `${s}.${signature}` });
  for (const s of lowBitSpellings(signature))
    spellings.push({ what: 'signature low bits', token: `${payload}.${s}` });
  spellings.push({ what: 'padded', token: `${token}==` });
  spellings.push({ what: 'payload padded', token: `${payload}=.${signature}` });
  spellings.push({ what: 'third segment', token: `${token}.` });
  return spellings.filter((s) => s.token !== token);
}

/** A random edit of `token`: a character (any, or a forgiven one) inserted, replaced or removed somewhere. */
export function mutatedToken(token: string): fc.Arbitrary<string> {
  const char = fc.oneof(
    fc.constantFrom(...FORGIVEN),
    fc.constantFrom(...ALPHABET),
    fc.string({ minLength: 1, maxLength: 3, unit: 'grapheme' }),
  );
  const at = fc.integer({ min: 0, max: token.length });
  return fc
    .oneof(
      fc.tuple(at, char).map(([i, c]) => token.slice(0, i) + c + token.slice(i)),
      fc.tuple(at, char).map(([i, c]) => token.slice(0, i) + c + token.slice(i + 1)),
      at.map((i) => token.slice(0, i) + token.slice(i + 1)),
    )
    .filter((t) => t !== token && t.length > 0);
}
