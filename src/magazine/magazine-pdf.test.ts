/** What asking for an edition's PDF does, and its names: pure, table-driven. */
import { describe, expect, it } from 'vitest';
import { decidePdfRequest, type PdfStatus, pdfFileName, pdfStorageKey, sizeInWords } from './magazine-pdf.js';

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
