'use strict';

/**
 * Skycore SMS MT postbacks: which ones a message gets (by its `statusOutcomes` outcome) and their
 * bodies in the v2 JSON format or the older v1 XML format (`skycorePostbackFormat`).
 * Codes: N201 handed to the carrier, N202 delivered, E201 submission failed, E202 carrier failure,
 * expiry or not supported. Status texts: v2 "Sent"/"Delivered"/"Failed"/"Rejected"; v1 the
 * longer "Message Sent", "Message Sent/Delivered", ... of Skycore's v1 postback page.
 */

const { nowIso } = require('../core/values');

const POSTBACK = {
	sent: { code: 'N201', status: 'Sent', v1Status: 'Message Sent' },
	delivered: { code: 'N202', status: 'Delivered', v1Status: 'Message Sent/Delivered' },
	submitFailed: { code: 'E201', status: 'Failed', v1Status: 'Message Failed' },
	failed: { code: 'E202', status: 'Rejected', v1Status: 'Message Sent/Failed' },
	expired: { code: 'E202', status: 'Rejected', v1Status: 'Message Sent/Expired' },
};
const POSTBACKS_BY_OUTCOME = {
	SUBMIT_FAILED: [POSTBACK.submitFailed],
	SENT: [POSTBACK.sent], // no delivery receipt: not every carrier sends one
	DELIVERED: [POSTBACK.sent, POSTBACK.delivered],
	FAILED: [POSTBACK.sent, POSTBACK.failed],
	EXPIRED: [POSTBACK.sent, POSTBACK.expired],
};
const SANDBOX_OPERATOR = Object.freeze({ id: '0009999', name: 'Sandbox Mobile' });
const XML_CONTENT_TYPE = 'application/xml';

/** Skycore's postback timestamps carry an explicit "+00:00" offset instead of "Z". */
function v2Timestamp() {
	return nowIso().replace('Z', '+00:00');
}

/** The v1 example's timestamps have whole seconds and an offset ("2013-11-05T05:41:08-05:00"). */
function v1Timestamp() {
	return nowIso().replace(/\.\d{3}Z$/, '+00:00');
}

function xmlEscape(text) {
	return String(text).replace(
		/[<>&'"]/g,
		(char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char],
	);
}

/**
 * v2 JSON body. On E201/E202 `status-details` carries the v1 text, which tells failure from
 * expiry (v2 says "Rejected" for both); that field is the sandbox's choice.
 */
function v2Body(postback, message) {
	const { trackingId, from, to, fromMask, campaignRef } = message;
	return {
		origin: 'SMS_MT',
		code: postback.code,
		'sent-as': 'SMS',
		status: postback.status,
		from,
		to,
		'tracking-id': trackingId,
		'operator-id': SANDBOX_OPERATOR.id,
		'operator-name': SANDBOX_OPERATOR.name,
		'aggregator-id': `sandbox-${trackingId}`,
		timestamp: v2Timestamp(),
		...(campaignRef ? { 'campaign-ref': campaignRef } : {}),
		...(fromMask ? { 'from-mask': fromMask } : {}),
		...(postback.code.startsWith('E') ? { 'status-details': postback.v1Status } : {}),
	};
}

/** v1 XML body, nodes as on Skycore's v1 postback page (SPID is the carrier id). */
function v1Body(postback, message) {
	const { trackingId, from, to, fromMask } = message;
	const nodes = [
		['ORIGIN', 'SMS_MT'],
		['CODE', postback.code],
		['STATUS', postback.v1Status],
		['FROM', from],
		...(fromMask ? [['FROM_MASK', fromMask]] : []),
		['TO', to],
		['TRACKINGID', trackingId],
		['SPID', SANDBOX_OPERATOR.id],
		['TIMESTAMP', v1Timestamp()],
		['AGGREGATORID', `sandbox-${trackingId}`],
	];
	const lines = nodes.map(([tag, value]) => `<${tag}>${xmlEscape(value)}</${tag}>`);
	return ['<?xml version="1.0" encoding="UTF-8"?>', '<POSTBACK>', ...lines, '</POSTBACK>', ''].join('\n');
}

/** Schedules the postbacks of one accepted message; format and URL are taken now, at send time. */
function schedulePostbacks(sandbox, outcome, message) {
	const xml = sandbox.config.skycorePostbackFormat === 'xml';
	const postbacks = POSTBACKS_BY_OUTCOME[outcome || 'DELIVERED'];
	sandbox.scheduleCallbacks(
		sandbox.config.skycorePostbackUrl,
		postbacks.map((postback) => () => (xml ? v1Body(postback, message) : v2Body(postback, message))),
		xml ? XML_CONTENT_TYPE : undefined,
	);
}

module.exports = { schedulePostbacks };
