/**
 * Test support: a tiny DNS server on loopback UDP that answers PTR, A and AAAA questions from a
 * table, so the crawler checks run through node:dns' real resolver without touching the real
 * DNS. Wire format per RFC 1035 §4.1 (header, question, resource records; AAAA is RFC 3596).
 * It counts every question, answers NXDOMAIN for names it does not know, and never answers the
 * names listed as silent (a resolver timeout).
 */
import dgram from 'node:dgram';
import { isIP } from 'node:net';

export interface FakeDnsRecords {
  /** Address → PTR names. */
  ptr?: Record<string, string[]>;
  /** Name → IPv4 addresses. */
  a?: Record<string, string[]>;
  /** Name → IPv6 addresses. */
  aaaa?: Record<string, string[]>;
  /** Names and addresses (for their PTR question) never answered. */
  silent?: string[];
}

export interface FakeDnsServer {
  /** For `Resolver.setServers`: "127.0.0.1:PORT". */
  server: string;
  /** Every question received, answered or not: "PTR 1.66.249.66.in-addr.arpa", "A crawl-….googlebot.com". */
  queries: string[];
  setRecords(records: FakeDnsRecords): void;
  close(): Promise<void>;
}

const TYPES: Record<number, 'A' | 'PTR' | 'AAAA'> = { 1: 'A', 12: 'PTR', 28: 'AAAA' };

/** "66.249.66.1" → "1.66.249.66.in-addr.arpa"; IPv6 → its 32 nibbles reversed under ip6.arpa (RFC 3596 §2.5). */
export function reverseName(ip: string): string {
  if (isIP(ip) === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const hex = [...ipv6Bytes(ip)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${[...hex].reverse().join('.')}.ip6.arpa`;
}

function ipv6Bytes(ip: string): Buffer {
  const [head = '', tail] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => {
    out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  });
  return out;
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
}

function decodeQuestion(msg: Buffer): { name: string; type: number; end: number } | null {
  let at = 12;
  const labels: string[] = [];
  while (at < msg.length) {
    const len = msg[at] as number;
    at += 1;
    if (len === 0) break;
    labels.push(msg.subarray(at, at + len).toString('ascii'));
    at += len;
  }
  if (at + 4 > msg.length) return null;
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(at), end: at + 4 };
}

function answer(query: Buffer, q: { end: number }, rcode: number, rdatas: Buffer[], type: number): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  // QR=1, opcode 0, AA=1, RD copied from the query, RA=1, the rcode.
  header.writeUInt16BE(0x8000 | 0x0400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const question = query.subarray(12, q.end);
  const records = rdatas.map((rdata) => {
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // a pointer to the question's name
    rr.writeUInt16BE(type, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(300, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, question, ...records]);
}

export async function startFakeDnsServer(initial: FakeDnsRecords = {}): Promise<FakeDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  let table = new Map<string, { A: Buffer[]; AAAA: Buffer[]; PTR: Buffer[] }>();
  let silent = new Set<string>();

  function setRecords(records: FakeDnsRecords): void {
    table = new Map();
    const entry = (name: string) => {
      const key = name.toLowerCase();
      let e = table.get(key);
      if (!e) {
        e = { A: [], AAAA: [], PTR: [] };
        table.set(key, e);
      }
      return e;
    };
    for (const [ip, names] of Object.entries(records.ptr ?? {})) entry(reverseName(ip)).PTR.push(...names.map(encodeName));
    for (const [name, ips] of Object.entries(records.a ?? {}))
      entry(name).A.push(...ips.map((ip) => Buffer.from(ip.split('.').map(Number))));
    for (const [name, ips] of Object.entries(records.aaaa ?? {})) entry(name).AAAA.push(...ips.map(ipv6Bytes));
    silent = new Set((records.silent ?? []).map((s) => (isIP(s) === 0 ? s.toLowerCase() : reverseName(s))));
  }
  setRecords(initial);

  socket.on('message', (msg, rinfo) => {
    const q = msg.length >= 12 ? decodeQuestion(msg) : null;
    if (!q) return;
    const typeName = TYPES[q.type] ?? String(q.type);
    queries.push(`${typeName} ${q.name}`);
    if (silent.has(q.name)) return;
    const e = table.get(q.name);
    const rdatas = e && (typeName === 'A' || typeName === 'AAAA' || typeName === 'PTR') ? e[typeName] : [];
    socket.send(answer(msg, q, e ? 0 : 3, rdatas, q.type), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    queries,
    setRecords,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
