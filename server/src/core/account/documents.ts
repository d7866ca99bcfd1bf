/** A policy document decoded to JSON text, or why it could not be. */
export type DecodedDocument = { text: string; value: Record<string, unknown>; error?: undefined } | { text?: undefined; value?: undefined; error: string };

const ENTITY = /&(#\d+|#x[0-9a-f]+|quot|amp|lt|gt|apos);/i;
const NAMED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

/**
 * Decodes a policy document from an authorization-details export, whatever the SDK made of it. The IAM API returns
 * documents "URL-encoded compliant with RFC 3986"; botocore (and so the AWS CLI) decodes them to JSON objects, the
 * Go, Java and JS SDKs leave URL-encoded text, and JS SDK v3 output has been seen with HTML entities (`&#34;`).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
export function decodePolicyDocument(value: unknown): DecodedDocument {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return lazyText(value as Record<string, unknown>);
  if (typeof value !== 'string') return { error: `a policy document must be a JSON object or a string, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
  const text = value.trim();
  if (text === '') return { error: 'the policy document is empty' };
  if (text.startsWith('{')) {
    const plain = jsonObject(text);
    if (plain) return { text, value: plain };
    if (ENTITY.test(text)) {
      const decoded = decodeEntities(text);
      const parsed = jsonObject(decoded);
      if (parsed) return { text: decoded, value: parsed };
    }
    return { error: 'the policy document is not valid JSON' };
  }
  if (text.startsWith('%')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return { error: 'the policy document looks URL-encoded but has a malformed % escape' };
    }
    // Form encoding writes spaces as "+"; RFC 3986 encoding (what IAM uses) never leaves a bare "+" unescaped.
    const parsed = jsonObject(decoded.trim());
    if (parsed) return { text: decoded.trim(), value: parsed };
    try {
      const plus = decodeURIComponent(text.replace(/\+/g, '%20')).trim();
      const spaced = jsonObject(plus);
      if (spaced) return { text: plus, value: spaced };
    } catch {
      // Fall through to the message below.
    }
    return { error: 'the URL-decoded policy document is not valid JSON' };
  }
  return { error: 'the policy document is neither JSON nor URL-encoded JSON (it should start with "{" or "%7B")' };
}

/** A decoded document whose text is written only when someone asks for it (most are only ever scanned). */
function lazyText(value: Record<string, unknown>): DecodedDocument {
  return new LazyText(value);
}

// The getter is on the prototype: an accessor in an object literal gives every object its own hidden class.
class LazyText {
  #text?: string;

  constructor(readonly value: Record<string, unknown>) {}

  get text(): string {
    this.#text ??= JSON.stringify(this.value);
    return this.#text;
  }
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|quot|amp|lt|gt|apos);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
