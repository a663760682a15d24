/**
 * DKIM signatures (RFC 6376) for messages composed by mime-compose.ts: rsa-sha256,
 * relaxed/relaxed canonicalisation (§3.4.2 headers, §3.4.4 body), over the header fields named in
 * `signedHeaders` that the message has (RFC 8058 §4 wants `List-Unsubscribe` and
 * `List-Unsubscribe-Post` among them for one-click unsubscribe).
 *
 * Why not nodemailer's signer: it re-parses the PEM key for every message and canonicalises the
 * body in a JavaScript loop over a stream of the message it has just composed, all on the main
 * thread. Here the key is parsed once (a KeyObject), the body is canonicalised by two regular
 * expressions over a string we wrote ourselves (quoted-printable lines, no trailing white space),
 * and the RSA signature — most of the cost, ~1 ms of CPU for a 2048-bit key — is made by
 * `crypto.sign` with a callback, which runs it on libuv's thread pool: the main thread goes on
 * with the ledger and the SMTP connections while the machine's other cores sign.
 */
import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';
import type { ComposedMessage, HeaderField } from './mime-compose.js';

export interface DkimKey {
  domain: string;
  selector: string;
  /** PEM (PKCS#1 or PKCS#8). */
  privateKey: string;
}

export interface DkimSigner {
  /** The DKIM-Signature field for the message, to go before its other header fields. */
  sign(message: ComposedMessage): Promise<HeaderField>;
}

/** §3.4.2: lower-case name, unfolded value, runs of white space as one space, none at either end. */
export function relaxedHeader(name: string, value: string): string {
  return `${name.toLowerCase().trim()}:${value
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim()}\r\n`;
}

/** §3.4.4: runs of white space as one space, none at the end of a line, no empty lines at the end, one CRLF last. */
export function relaxedBody(body: string): string {
  const lines = body
    .replace(/[ \t]+/g, ' ')
    .replace(/ \r\n/g, '\r\n')
    .replace(/(\r\n)+$/, '');
  return lines === '' ? '' : `${lines.replace(/ $/, '')}\r\n`;
}

/** `h=`'s names joined by colons, folded after a colon before a line passes 76 characters (§3.5 allows it). */
function foldNames(names: readonly string[]): string {
  let out = '';
  let line = 3;
  for (const [i, name] of names.entries()) {
    const piece = i === 0 ? name : `:${name}`;
    if (i > 0 && line + piece.length > 74) {
      out += ':\r\n ';
      line = 1;
      out += name;
      line += name.length;
    } else {
      out += piece;
      line += piece.length;
    }
  }
  return out;
}

/** The base64 signature folded into lines of 72 characters (folding white space is ignored by verifiers). */
const fold = (b64: string) => b64.replace(/.{72}(?=.)/g, '$&\r\n ');

export function createDkimSigner(key: DkimKey, signedHeaders: readonly string[]): DkimSigner {
  const privateKey: KeyObject = createPrivateKey(key.privateKey);
  const wanted = new Set(signedHeaders.map((h) => h.toLowerCase()));
  return {
    async sign(message) {
      // One instance of each named field (our messages have no duplicates), in the message's order.
      const fields = message.headers.filter((f) => wanted.has(f.name.toLowerCase()));
      const bh = createHash('sha256').update(relaxedBody(message.body), 'utf8').digest('base64');
      const value =
        `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${key.domain}; s=${key.selector};\r\n` +
        ` h=${foldNames(fields.map((f) => f.name))};\r\n` +
        ` bh=${bh};\r\n` +
        ' b=';
      let data = '';
      for (const f of fields) data += relaxedHeader(f.name, f.value);
      // §3.7: the signature field itself last, with an empty b= and no CRLF.
      data += relaxedHeader('DKIM-Signature', value).slice(0, -2);
      const signature = await new Promise<Buffer>((resolve, reject) =>
        sign('sha256', Buffer.from(data, 'utf8'), privateKey, (err, sig) => (err ? reject(err) : resolve(sig))),
      );
      return { name: 'DKIM-Signature', value: `${value}${fold(signature.toString('base64'))}` };
    },
  };
}
