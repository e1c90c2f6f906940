// The one entry point to libphonenumber-js. The build replaces this module's compiled output
// with an esbuild bundle (see gulpfile.js), so the published package carries the library once,
// inside dist, and installs with no runtime dependencies.
//
// "max" metadata: it validates a number against the real numbering plan and reports its type,
// so a landline or premium-rate number is refused with a reason instead of a bare "invalid".
export {
	getCountries,
	getCountryCallingCode,
	parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
export type { CountryCode, NumberType, PhoneNumber } from 'libphonenumber-js/max';
