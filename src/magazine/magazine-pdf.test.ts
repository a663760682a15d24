/** What asking for an edition's PDF does, and its names: pure, table-driven. */
import { describe, expect, it } from 'vitest';
import {
  decidePdfRequest,
  decideStalled,
  PDF_AUTO_RETRIES,
  PDF_SILENT_AFTER_MS,
  PDF_STALLED_AFTER_MS,
  type PdfStatus,
  pdfAt,
  pdfFileName,
  pdfStorageKey,
  type StoredPdf,
  sizeInWords,
} from './magazine-pdf.js';

describe('asking for an edition’s PDF', () => {
  const cases: [string, 'draft' | 'frozen', PdfStatus | undefined, string][] = [
    ['a draft, never asked', 'draft', undefined, 'refuse'],
    ['a draft with an old request (unfrozen by hand)', 'draft', 'ready', 'refuse'],
    ['frozen, never asked', 'frozen', undefined, 'make'],
    ['frozen, being made', 'frozen', 'pending', 'show'],
    ['frozen, made', 'frozen', 'ready', 'show'],
    ['frozen, failed', 'frozen', 'failed', 'retry'],
  ];
  it.each(cases)('%s → %s', (_name, status, pdf, want) => {
    expect(decidePdfRequest({ status }, pdf ? { status: pdf } : undefined).kind).toBe(want);
  });

  const more: [string, 'draft' | 'frozen', { status: PdfStatus; stalled: boolean }, { fileGone?: boolean }, string][] = [
    ['frozen, being made, not stalled', 'frozen', { status: 'pending', stalled: false }, {}, 'show'],
    ['frozen, pending past the limit (its job lost)', 'frozen', { status: 'pending', stalled: true }, {}, 'unstall'],
    ['a draft, pending past the limit', 'draft', { status: 'pending', stalled: true }, {}, 'refuse'],
    ['frozen, made, its file there', 'frozen', { status: 'ready', stalled: false }, { fileGone: false }, 'show'],
    ['frozen, made, its file gone from storage', 'frozen', { status: 'ready', stalled: false }, { fileGone: true }, 'remake'],
    ['frozen, failed (its file gone is no matter)', 'frozen', { status: 'failed', stalled: false }, { fileGone: true }, 'retry'],
  ];
  it.each(more)('%s → %s', (_name, status, pdf, o, want) => {
    expect(decidePdfRequest({ status }, pdf, o).kind).toBe(want);
  });

  it('calls a request stalled once it has been pending for PDF_STALLED_AFTER_MS', () => {
    const requestedAt = new Date('2026-12-07T10:00:00Z');
    const row: StoredPdf = {
      editionId: 'e1',
      trim: 'a4',
      status: 'pending',
      storageKey: null,
      bytes: null,
      error: null,
      warnings: [],
      requestedAt,
      requestedBy: 'staff:1',
      madeAt: null,
      buildSeenAt: null,
      autoRetries: 0,
    };
    const later = (ms: number) => new Date(requestedAt.getTime() + ms);
    expect(PDF_STALLED_AFTER_MS).toBe(15 * 60_000);
    expect(pdfAt(row, later(PDF_STALLED_AFTER_MS - 1)).stalled).toBe(false);
    expect(pdfAt(row, later(PDF_STALLED_AFTER_MS)).stalled).toBe(true);
    // Only a pending request stalls: a made or failed one is what it is, however old.
    expect(pdfAt({ ...row, status: 'ready' }, later(10 * PDF_STALLED_AFTER_MS)).stalled).toBe(false);
    expect(pdfAt({ ...row, status: 'failed' }, later(10 * PDF_STALLED_AFTER_MS)).stalled).toBe(false);
  });

  it('leaves a slow build that still says it is running alone; one silent for PDF_SILENT_AFTER_MS has stalled', () => {
    const requestedAt = new Date('2026-12-07T10:00:00Z');
    const now = new Date(requestedAt.getTime() + 40 * 60_000);
    const row: StoredPdf = {
      editionId: 'e1',
      trim: 'a4',
      status: 'pending',
      storageKey: null,
      bytes: null,
      error: null,
      warnings: [],
      requestedAt,
      requestedBy: 'staff:1',
      madeAt: null,
      buildSeenAt: new Date(now.getTime() - 30_000),
      autoRetries: 0,
    };
    expect(pdfAt(row, now).stalled).toBe(false);
    expect(pdfAt({ ...row, buildSeenAt: new Date(now.getTime() - PDF_SILENT_AFTER_MS + 1) }, now).stalled).toBe(false);
    expect(pdfAt({ ...row, buildSeenAt: new Date(now.getTime() - PDF_SILENT_AFTER_MS) }, now).stalled).toBe(true);
    // Heard from lately but asked for only now: not stalled either way.
    expect(pdfAt({ ...row, requestedAt: new Date(now.getTime() - 60_000), buildSeenAt: null }, now).stalled).toBe(false);
  });

  it('asks again for a stalled request by itself, and gives up after PDF_AUTO_RETRIES builds that began and died', () => {
    const began = new Date('2026-12-07T10:01:00Z');
    expect(decideStalled({ buildSeenAt: null, autoRetries: 0 })).toBe('retry');
    expect(decideStalled({ buildSeenAt: began, autoRetries: 0 })).toBe('retry');
    expect(decideStalled({ buildSeenAt: began, autoRetries: PDF_AUTO_RETRIES - 1 })).toBe('retry');
    expect(decideStalled({ buildSeenAt: began, autoRetries: PDF_AUTO_RETRIES })).toBe('give-up');
    // Never begun since it was last asked for (its job lost, or waiting behind others): put back, whatever the count.
    expect(decideStalled({ buildSeenAt: null, autoRetries: PDF_AUTO_RETRIES })).toBe('retry');
  });

  it('keeps each trim of each edition under its own key, and names the download after the paper', () => {
    expect(pdfStorageKey({ id: '0190aaaa-0000-7000-8000-000000000001' }, 'letter')).toBe(
      'magazine/0190aaaa-0000-7000-8000-000000000001/edition-letter.pdf',
    );
    expect(pdfFileName('The Harbour Ledger', { number: 12 }, 'a4')).toBe('the-harbour-ledger-weekly-no-12-a4.pdf');
    expect(pdfFileName('Le Café "Zeitung"', { number: 3 }, 'letter')).toBe('le-cafe-zeitung-weekly-no-3-letter.pdf');
    expect(pdfFileName('Müller & Söhne', { number: 4 }, 'a4')).toBe('muller-sohne-weekly-no-4-a4.pdf');
    expect(pdfFileName('"";', { number: 1 }, 'a4')).toBe('magazine-weekly-no-1-a4.pdf');
    expect(pdfFileName('Καθημερινή', { number: 1 }, 'a4')).toBe('magazine-weekly-no-1-a4.pdf');
  });

  it('says sizes as people read them', () => {
    expect(sizeInWords(200)).toBe('1 KB');
    expect(sizeInWords(830_400)).toBe('830 KB');
    expect(sizeInWords(1_449_000)).toBe('1.4 MB');
  });
});
