/**
 * The mail bench's yardstick: a bare pooled nodemailer loop, in a process of its own, sending the
 * edition's message (the same subject, HTML, text and List-Unsubscribe headers, composed per
 * message as our sender composes it) to the same recipients through the same number of
 * connections, each connection's worker sending one message after another. Nothing else: no
 * database, no ledger, no audience. Prints `{ sent, failed, ms }` as JSON.
 *   node --import tsx bench/mail-bare.ts <message.json> <port> <recipients> <connections>
 */
import fs from 'node:fs';
import { createTransport } from 'nodemailer';

const [file, port, recipients, connections] = process.argv.slice(2);
const message = JSON.parse(fs.readFileSync(String(file), 'utf8')) as {
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};
const n = Number(recipients);
const conns = Number(connections);
const transport = createTransport({
  pool: true,
  host: '127.0.0.1',
  port: Number(port),
  secure: false,
  ignoreTLS: true,
  maxConnections: conns,
  maxMessages: 1000,
});

let next = 0;
let sent = 0;
let failed = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: conns }, async () => {
    for (let i = next++; i < n; i = next++) {
      try {
        await transport.sendMail({ ...message, to: `reader${i}@bench.test` });
        sent++;
      } catch {
        failed++;
      }
    }
  }),
);
const ms = performance.now() - started;
transport.close();
process.stdout.write(`${JSON.stringify({ sent, failed, ms })}\n`);
