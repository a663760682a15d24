/**
 * Readers and the pure rules about them: how an address is compared, what counts as a postal
 * address, where a sign-in may send the browser afterwards, and how a closed account looks.
 */

export interface PostalAddress {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postcode: string;
  country: string;
}

export interface EmailPreferences {
  /** The daily email: the day's top stories each morning. */
  dailyEmail: boolean;
  /** Offers and news from the paper. */
  offers: boolean;
}

export const DEFAULT_EMAIL_PREFERENCES: EmailPreferences = { dailyEmail: false, offers: false };

export interface Reader {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
  hasPassword: boolean;
  name: string;
  /** Null until the reader gives one (the printed magazine needs it). */
  address: PostalAddress | null;
  emailPreferences: EmailPreferences;
  /** Beside the postal address; null: none given (only a list import sets it so far). */
  company?: string | null;
  /** When `masthead readers import` created the account; null: the reader signed up here. */
  importedAt?: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Who a session belongs to. Readers and staff are separate kinds, never mixed. */
export interface Principal {
  kind: 'reader' | 'staff';
  id: string;
}

/** Addresses are compared and stored lowercased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const EMAIL_PATTERN = '^[^\\s@<>()\\[\\],;:"]+@[^\\s@<>()\\[\\],;:"]+\\.[^\\s@<>()\\[\\],;:".]{2,}$';
const EMAIL_RE = new RegExp(EMAIL_PATTERN);

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_RE.test(value);
}

/** A closed account keeps its row with this in place of the address: unique, undeliverable (RFC 2606 `.invalid`). */
export function closedEmailFor(readerId: string): string {
  return `closed-${readerId}@closed.invalid`;
}

export function hasPostalAddress(reader: Pick<Reader, 'address'>): boolean {
  const a = reader.address;
  return a !== null && a.line1 !== '' && a.city !== '' && a.postcode !== '' && a.country !== '';
}

/** An address whose every field is empty is no address. */
export function addressOrNull(a: PostalAddress): PostalAddress | null {
  return Object.values(a).every((v) => v === '') ? null : a;
}

/**
 * Where to send the browser after signing in: a path on this site, or the fallback. Refuses
 * anything a browser could read as another origin: `//host`, `/\host`, schemes, control
 * characters (the open-redirect cases of OWASP's Unvalidated Redirects cheat sheet).
 */
export function safeReturnPath(value: unknown, fallback = '/account'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  const base = 'https://return.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Dot segments are resolved by the parse: "/..//evil" becomes "//evil", which a browser reads
  // as another host (a scheme-relative reference, RFC 3986 §4.2). Check the result again.
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return fallback;
  // Never back to the sign-in pages or the emailed-link pages themselves.
  if (NOT_A_DESTINATION.test(path)) return fallback;
  return path;
}

const NOT_A_DESTINATION = /^\/(signin|signup|signout|verify|reset)(\/|$|\?|#)/;

/**
 * `path` with `?return=` (or `&return=`) added, unless the return is the default (/account),
 * so every link between the sign-in pages, and every emailed link, keeps where the reader was.
 */
export function withReturn(path: string, returnTo: string): string {
  if (returnTo === '/account' || returnTo === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}return=${encodeURIComponent(returnTo)}`;
}
