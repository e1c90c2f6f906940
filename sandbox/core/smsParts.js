'use strict';

/** SMS part counting the GSM 03.38 way (billing of the SMS gateway). */

const GSM7_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡' +
		'ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');
const GSM7_SINGLE_PART = 160;
const GSM7_MULTI_PART = 153;
const UCS2_SINGLE_PART = 70;
const UCS2_MULTI_PART = 67;

/** Number of SMS parts a text is billed as. */
function smsParts(text) {
	let septets = 0;
	for (const char of text) {
		if (GSM7_BASIC.has(char)) septets += 1;
		else if (GSM7_EXTENSION.has(char)) septets += 2;
		else return ucs2Parts(text.length); // one non-GSM character turns the whole text into UCS-2
	}
	return septets <= GSM7_SINGLE_PART ? 1 : Math.ceil(septets / GSM7_MULTI_PART);
}

function ucs2Parts(units) {
	return units <= UCS2_SINGLE_PART ? 1 : Math.ceil(units / UCS2_MULTI_PART);
}

module.exports = { smsParts };
