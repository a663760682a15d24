/**
 * Countries of postal addresses: the 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166
 * Maintenance Agency's online browsing platform), and a reader's country as written on /account
 * read as one of them. Reserved and user-assigned codes (EU, UK, XK, AA, QM–QZ, ZZ …) are not
 * in it: a postal address needs a country a carrier knows. Pure.
 */
const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';

export const COUNTRY_CODES: ReadonlySet<string> = new Set(CODES.split(' '));

/** `code` uppercased when it is an assigned alpha-2 code, else null. */
export function countryCode(value: string): string | null {
  const code = value.trim().toUpperCase();
  return COUNTRY_CODES.has(code) ? code : null;
}

/** What a form says of a country it cannot read. */
export const COUNTRY_UNKNOWN = 'We do not know this country: write its name in English (United Kingdom) or its two-letter code (GB).';

/** Names people write that are not the English short name ICU gives. */
const ALIASES: Record<string, string> = {
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  usa: 'US',
  'u.s.a.': 'US',
  'u.s.': 'US',
  'united states of america': 'US',
  america: 'US',
  holland: 'NL',
  'republic of ireland': 'IE',
  eire: 'IE',
  deutschland: 'DE',
  'south korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  vietnam: 'VN',
  uae: 'AE',
};

/** Lower case, accents and "the" dropped, spaces and apostrophes made plain: "The Netherlands" and "netherlands" meet. */
function key(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toLowerCase().replace(/\s+/g, ' ').trim().replace(/^the /, '');
}

let byName: Map<string, string> | undefined;

function names(): Map<string, string> {
  if (byName) return byName;
  const map = new Map<string, string>();
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const code of COUNTRY_CODES) {
    const name = english.of(code);
    if (name) map.set(key(name), code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(key(alias), code);
  byName = map;
  return map;
}

/**
 * A country as a reader writes it ("GB", "gb", "United Kingdom", "the Netherlands", "Côte
 * d’Ivoire") as its alpha-2 code; null when it names no country we know.
 */
export function countryCodeOf(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return countryCode(trimmed) ?? names().get(key(trimmed)) ?? null;
}
