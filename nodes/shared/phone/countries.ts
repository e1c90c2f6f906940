import type { INodePropertyOptions } from 'n8n-workflow';
import type { CountryCode } from '../vendor/libphonenumber';
import { getCountries, getCountryCallingCode } from '../vendor/libphonenumber';

const SUPPORTED_COUNTRIES: ReadonlySet<string> = new Set(getCountries());

export function isCountryCode(value: string): value is CountryCode {
	return SUPPORTED_COUNTRIES.has(value);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Every country libphonenumber knows, as "Kenya (+254)", sorted by name, for a dropdown. */
export const COUNTRY_OPTIONS: INodePropertyOptions[] = getCountries()
	.map((code) => ({
		name: `${regionNames.of(code) ?? code} (+${getCountryCallingCode(code)})`,
		value: code,
	}))
	.sort((a, b) => a.name.localeCompare(b.name, 'en'));
