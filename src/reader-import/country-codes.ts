/**
 * The alpha-2 codes a list import accepts: the accounts feature keeps the list (src/accounts/country.ts),
 * so /account, the import and the magazine's mailing list agree on what a country is.
 */
import { COUNTRY_CODES, countryCode } from '../accounts/index.js';

export { countryCode };

export const COUNTRY_CODE_COUNT = COUNTRY_CODES.size;
