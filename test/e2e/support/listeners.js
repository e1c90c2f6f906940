// The addresses this machine's TCP sockets listen on for a port, read from /proc/net
// (Linux, as on CI), so a test can show a server is reachable from this machine only.
'use strict';

const fs = require('fs');

const LISTEN_STATE = '0A';
// /proc/net/tcp6 writes an address as four little-endian 32-bit words.
const IPV6_LOOPBACK = '00000000000000000000000001000000';
const IPV4_MAPPED_PREFIX = '0000000000000000FFFF0000';

/** 127.0.0.1 from /proc's little-endian "0100007F". */
function decodeIpv4(hex) {
	return hex
		.match(/../g)
		.reverse()
		.map((byte) => parseInt(byte, 16))
		.join('.');
}

function describeAddress(hex) {
	if (hex.length === 8) return decodeIpv4(hex);
	if (hex.startsWith(IPV4_MAPPED_PREFIX)) return `::ffff:${decodeIpv4(hex.slice(IPV4_MAPPED_PREFIX.length))}`;
	return hex === IPV6_LOOPBACK ? '::1' : `ipv6:${hex}`;
}

function isLoopback(address) {
	return address.startsWith('127.') || address.startsWith('::ffff:127.') || address === '::1';
}

/** [{ address, loopback }] for every socket listening on TCP `port` (IPv4 and IPv6). */
function listenersOn(port) {
	const found = [];
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		if (!fs.existsSync(file)) continue;
		for (const line of fs.readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
			const [, local, , state] = line.trim().split(/\s+/);
			const [addressHex, portHex] = local.split(':');
			if (state !== LISTEN_STATE || parseInt(portHex, 16) !== port) continue;
			const address = describeAddress(addressHex);
			found.push({ address, loopback: isLoopback(address) });
		}
	}
	return found;
}

module.exports = { listenersOn };
