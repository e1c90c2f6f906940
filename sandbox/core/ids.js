'use strict';

/** Message and key identifiers in the shapes the providers' documents show. */

const crypto = require('crypto');

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GREGORIAN_TO_UNIX_MS = 12219292800000n;
let uuidV1LastMs = 0;
let uuidV1Sequence = 0;

/** Time-based UUID like Betatel's messageIds ("0a62face-6d15-11f0-962f-d89d6729654c"). */
function uuidV1() {
	const nowMs = Date.now();
	uuidV1Sequence = nowMs === uuidV1LastMs ? uuidV1Sequence + 1 : 0;
	uuidV1LastMs = nowMs;
	const ticks = (BigInt(nowMs) + GREGORIAN_TO_UNIX_MS) * 10000n + BigInt(uuidV1Sequence % 10000);
	const hex = (value, width) => value.toString(16).padStart(width, '0');
	const timeLow = hex(ticks & 0xffffffffn, 8);
	const timeMid = hex((ticks >> 32n) & 0xffffn, 4);
	const timeHigh = hex(((ticks >> 48n) & 0x0fffn) | 0x1000n, 4);
	const clockSequence = hex(crypto.randomInt(0x4000) | 0x8000, 4);
	const node = crypto.randomBytes(6);
	node[0] |= 0x01; // multicast bit: a random node id, not a MAC address (RFC 4122 4.5)
	return `${timeLow}-${timeMid}-${timeHigh}-${clockSequence}-${node.toString('hex')}`;
}

/** ULID like Betatel's WhatsApp uuids ("01JV5V54KPYK9GB29265EQRZ2P"): 10 time + 16 random chars. */
function ulid() {
	let time = Date.now();
	let timePart = '';
	for (let i = 0; i < 10; i++) {
		timePart = CROCKFORD_BASE32[time % 32] + timePart;
		time = Math.floor(time / 32);
	}
	let randomPart = '';
	// One call for all 16 characters; 256 is a multiple of 32, so `& 31` keeps them uniform.
	for (const byte of crypto.randomBytes(16)) randomPart += CROCKFORD_BASE32[byte & 31];
	return timePart + randomPart;
}

/** Lowercase hex of `bytes` random bytes (Skycore tracking ids, gateway API keys). */
function randomHex(bytes) {
	return crypto.randomBytes(bytes).toString('hex');
}

function uuidV4() {
	return crypto.randomUUID();
}

module.exports = { uuidV1, ulid, randomHex, uuidV4 };
