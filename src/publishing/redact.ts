/**
 * The one redaction every message passes through before it is stored
 * (`publish_jobs.last_error`), logged, sent to the renderer or printed. A
 * server may echo a request back in its error, so a secret can come back in
 * any form it was sent in: as typed, without its spaces (WordPress
 * Application Passwords), as either half of `id:secret` (Ghost), URL- or
 * JSON-escaped, or inside base64 (HTTP Basic). Tokens and signatures made
 * from a secret (JWTs, `sha256=` HMACs, `Authorization` values) are removed
 * by their shape, since they change with every request.
 */

export const REDACTED = '[secret]';

/** Shorter fragments would blank ordinary words; a secret this short is redacted whole, but not its pieces. */
const MIN_PART = 8;
const MIN_WHOLE = 4;

const SHAPES: ReadonlyArray<[RegExp, string]> = [
  // A JWT (Ghost's Admin API token): header and payload are base64url JSON objects.
  [/eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]+/g, REDACTED],
  // A webhook signature.
  [/sha256=[0-9a-f]{64}/gi, `sha256=${REDACTED}`],
  // An echoed Authorization header's credentials (base64 with at least one digit, `+`, `/` or padding).
  [/\b(Basic|Bearer|Ghost)(\s+)(?=[A-Za-z0-9+/=._-]*[0-9+/=])[A-Za-z0-9+/._-]{12,}={0,2}/g, `$1$2${REDACTED}`],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The run of base64 characters that encodes `bytes` wherever they sit in a longer text, for each of the three alignments. */
function base64Fragments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    // Characters are stable only for whole 3-byte groups that hold nothing but the secret's bytes.
    const first = Math.ceil(shift / 3) * 4;
    const last = Math.floor(padded.length / 3) * 4;
    for (const encoding of ['base64', 'base64url'] as const) {
      const fragment = padded.toString(encoding).slice(first, last);
      if (fragment.length >= MIN_PART) out.push(fragment);
    }
  }
  return out;
}

/** Every form of one secret worth looking for, longest first. */
export function secretForms(secret: string): string[] {
  const whole = secret.trim();
  if (whole.length < MIN_WHOLE) return whole ? [whole] : [];
  const parts = new Set<string>([whole, whole.replace(/\s+/g, '')]);
  for (const half of whole.split(':')) if (half.trim().length >= MIN_PART) parts.add(half.trim());
  const forms = new Set<string>();
  for (const part of parts) {
    forms.add(part);
    forms.add(encodeURIComponent(part));
    forms.add(encodeURIComponent(part).replace(/%20/g, '+'));
    forms.add(JSON.stringify(part).slice(1, -1));
    for (const fragment of base64Fragments(Buffer.from(part, 'utf8'))) forms.add(fragment);
  }
  return [...forms].filter((f) => f.length >= MIN_WHOLE).sort((a, b) => b.length - a.length);
}

/** `text` with every form of the given secrets, and anything shaped like a token or a signature, replaced by `[secret]`. */
export function redact(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  // Shapes first: a secret's form found inside a token would break the token's shape and leave the rest of it.
  let out = text;
  for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
  const forms = secrets.flatMap((s) => (s ? secretForms(s) : [])).sort((a, b) => b.length - a.length);
  // A secret of a few characters is redacted where it stands alone, not inside every word that contains it.
  const pattern = forms.map((f) =>
    f.length < MIN_WHOLE ? `(?<![\\p{L}\\p{N}])${escapeRegExp(f)}(?![\\p{L}\\p{N}])` : escapeRegExp(f),
  );
  // One pass, longest form first, so a shorter form never matches inside a replacement.
  if (pattern.length > 0) out = out.replace(new RegExp(pattern.join('|'), 'gu'), REDACTED);
  return out;
}
