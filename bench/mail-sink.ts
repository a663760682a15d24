/**
 * The mail bench's SMTP sink, in a process of its own (its CPU is not the sender's): an
 * smtp-server on 127.0.0.1 that accepts everything and counts what it accepted — the figure the
 * bench reports, not the sender's own. Talks to the bench over IPC:
 *   → { type: 'ready', port }                       once listening
 *   ← { type: 'stats' } → { type: 'stats', accepted, firstAt, lastAt }   since the last reset
 *   ← { type: 'reset' } → { type: 'reset' }
 * The first message accepted after a reset is written whole to the file named by argv[2].
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const sampleFile = process.argv[2];
let accepted = 0;
let firstAt = 0;
let lastAt = 0;
let sampled = false;

const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  // Without it each connection waits on a reverse DNS lookup of 127.0.0.1 (docs: stack.md).
  disableReverseLookup: true,
  logger: false,
  maxClients: 1000,
  onData(stream, session, cb) {
    const chunks: Buffer[] | undefined = sampled ? undefined : [];
    stream.on('data', (c: Buffer) => chunks?.push(c));
    stream.on('end', () => {
      const now = performance.now();
      if (accepted === 0) firstAt = now;
      lastAt = now;
      accepted += session.envelope.rcptTo.length;
      if (chunks && !sampled && sampleFile) {
        sampled = true;
        fs.writeFileSync(sampleFile, Buffer.concat(chunks));
      }
      cb();
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.server.address() as AddressInfo).port });
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') process.send?.({ type: 'stats', accepted, firstAt, lastAt });
  if (m.type === 'reset') {
    accepted = 0;
    firstAt = 0;
    lastAt = 0;
    sampled = false;
    process.send?.({ type: 'reset' });
  }
});
process.on('disconnect', () => server.close(() => process.exit(0)));
