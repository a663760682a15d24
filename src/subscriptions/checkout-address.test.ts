/** The postal address asked inside checkout: what is read from a form, and each problem named. */
import { describe, expect, it } from 'vitest';
import { addressFromForm, addressProblems } from './checkout-address.js';

const good = { line1: '1 Quay St', line2: '', city: 'Ellery', region: '', postcode: 'EL1 1AA', country: 'New Zealand' };

describe('the checkout address', () => {
  it('reads the fields of any body, trimmed, and nothing else', () => {
    expect(addressFromForm({ ...good, line1: '  1 Quay St ', plan: 'x', city: 42 })).toEqual({ ...good, city: '' });
    expect(addressFromForm(null)).toEqual({ line1: '', line2: '', city: '', region: '', postcode: '', country: '' });
  });

  it.each([
    ['a whole address', {}, []],
    ['no street', { line1: '' }, [{ field: 'line1', message: 'Enter the street and number.' }]],
    ['no town', { city: '' }, [{ field: 'city', message: 'Enter the town or city.' }]],
    ['no postcode', { postcode: '' }, [{ field: 'postcode', message: 'Enter the postcode.' }]],
    ['no country', { country: '' }, [{ field: 'country', message: 'Enter the country.' }]],
    ['a postcode too long', { postcode: 'x'.repeat(21) }, [{ field: 'postcode', message: 'Use at most 20 characters.' }]],
    ['a second line too long', { line2: 'x'.repeat(201) }, [{ field: 'line2', message: 'Use at most 200 characters.' }]],
    [
      'a country we do not know',
      { country: 'Narnia' },
      [
        {
          field: 'country',
          message: 'We do not know this country: write its name in English (United Kingdom) or its two-letter code (GB).',
        },
      ],
    ],
    ['a country by its code', { country: 'nz' }, []],
    ['a control character', { city: 'Ell\u0007ery' }, [{ field: 'city', message: 'Use letters, digits and punctuation only.' }]],
    [
      'everything missing',
      { line1: '', city: '', postcode: '', country: '' },
      ['line1', 'city', 'postcode', 'country'].map((field) => ({ field, message: expect.any(String) })),
    ],
  ])('%s', (_name, change, problems) => {
    expect(addressProblems({ ...good, ...change })).toEqual(problems);
  });
});
