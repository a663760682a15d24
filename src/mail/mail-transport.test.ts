import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../test-support/must.js';
import { readEml, readOutbox } from './eml-reader.js';
import { createMailer, linksIn } from './mail-transport.js';
import { signInLinkEmail } from './views/account-emails.js';

const LINK = 'https://paper.test/signin/link?token=abcDEF_123-xyz&return=%2Faccount';
const content = signInLinkEmail({ siteName: 'The Ellery Ledger — “ünïcode”', link: LINK });

describe('mail through SMTP', () => {
  const received: { from: string; to: string[]; raw: Buffer; user: string | undefined }[] = [];
  let server: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      // Plain SMTP on loopback: no STARTTLS to negotiate, AUTH allowed without TLS.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'paper' && auth.password === 's3cret') cb(null, { user: auth.username });
        else cb(new Error('bad credentials'));
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(resolve));
  });

  it('delivers a multipart message with text and HTML to a real SMTP server', async () => {
    const mailer = createMailer(
      {
        smtpUrl: `smtp://paper:s3cret@127.0.0.1:${port}`,
        mailFrom: 'The Ledger <newsroom@paper.test>',
        dataDir: '/nonexistent',
        nodeEnv: 'test',
      },
      pino({ level: 'silent' }),
    );
    try {
      await mailer.send({ to: 'reader@example.com', ...content });
    } finally {
      await mailer.close();
    }
    expect(received).toHaveLength(1);
    const got = must(received[0]);
    expect(got.user).toBe('paper');
    expect(got.from).toBe('newsroom@paper.test');
    expect(got.to).toEqual(['reader@example.com']);
    const msg = readEml(got.raw);
    expect(msg.subject).toBe(content.subject);
    expect(msg.from).toContain('newsroom@paper.test');
    expect(msg.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    expect(linksIn(msg.text)).toEqual([LINK]);
    expect(msg.html).toContain(`href="${LINK.replace(/&/g, '&amp;')}"`);
  });

  it('reports a refused delivery to the caller', async () => {
    const mailer = createMailer(
      { smtpUrl: `smtp://paper:wrong@127.0.0.1:${port}`, mailFrom: 'newsroom@paper.test', dataDir: '/nonexistent', nodeEnv: 'test' },
      pino({ level: 'silent' }),
    );
    try {
      await expect(mailer.send({ to: 'reader@example.com', ...content })).rejects.toThrow();
    } finally {
      await mailer.close();
    }
  });
});

describe('mail to the outbox folder', () => {
  it('writes a parseable .eml file and logs its links', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-mail-'));
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    try {
      const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'newsroom@paper.test', dataDir, nodeEnv: 'development' }, log);
      await mailer.send({ to: 'reader@example.com', ...content });
      await mailer.send({ to: 'second@example.com', ...content });
      const dir = path.join(dataDir, 'outbox');
      const files = fs.readdirSync(dir);
      expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
      expect(files.some((f) => f.endsWith('.partial'))).toBe(false);
      const raw = fs.readFileSync(path.join(dir, must(files.sort()[0])));
      // RFC 5322: header lines end in CRLF, and a Date and Message-ID are present.
      expect(raw.toString()).toMatch(/^[\s\S]*\r\n\r\n/);
      const messages = readOutbox(dir);
      expect(messages.map((m) => m.to)).toEqual(['reader@example.com', 'second@example.com']);
      const first = must(messages[0]);
      expect(first.headers.has('date')).toBe(true);
      expect(first.headers.has('message-id')).toBe(true);
      expect(first.subject).toBe(content.subject);
      expect(first.text).toContain(LINK);
      expect(first.html).toContain('<!doctype html>');
      expect(lines.join('\n')).toContain(LINK);
      if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, must(files[0]))).mode & 0o077).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('in production, logs that a message was written but never its links', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-mail-'));
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    try {
      const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'newsroom@paper.test', dataDir, nodeEnv: 'production' }, log);
      await mailer.send({ to: 'reader@example.com', ...content });
      expect(readOutbox(path.join(dataDir, 'outbox'))[0]?.text).toContain(LINK);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
        to: 'reader@example.com',
        msg: expect.stringContaining('written to the outbox'),
      });
      expect(lines.join('')).not.toContain('abcDEF_123');
      expect(lines.join('')).not.toContain('https://paper.test');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
