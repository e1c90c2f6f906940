/** The content hash that tells two messages of a campaign apart (nodes/shared/campaign/messageKey.ts). */
import { contentHash, messageKey, RECIPIENT_PLACEHOLDER } from '../../nodes/shared/campaign/messageKey';
import { listedDigits } from '../../nodes/shared/campaign/optOut';

const sms = (body: Record<string, string>, credentialType = 'betatelSmsApi') => ({ credentialType, method: 'POST', body });

describe('the content hash of a message', () => {
	it('leaves the recipient out, so that one message to many people has one hash', () => {
		const one = contentHash(sms({ from: 'Shop', to: '447911123456', text: 'Sale' }), '447911123456');
		const other = contentHash(sms({ from: 'Shop', to: '447911123457', text: 'Sale' }), '447911123457');
		const probe = contentHash(sms({ from: 'Shop', to: RECIPIENT_PLACEHOLDER, text: 'Sale' }), RECIPIENT_PLACEHOLDER);
		expect(one).toMatch(/^[0-9a-f]{32}$/);
		expect(other).toBe(one);
		expect(probe).toBe(one);
	});

	it('changes with any field that is sent, and with the channel', () => {
		const base = contentHash(sms({ from: 'Shop', to: '1', text: 'Sale' }), '1');
		expect(contentHash(sms({ from: 'Shop', to: '1', text: 'Sale!' }), '1')).not.toBe(base);
		expect(contentHash(sms({ from: 'Shop2', to: '1', text: 'Sale' }), '1')).not.toBe(base);
		expect(contentHash(sms({ from: 'Shop', to: '1', text: 'Sale' }, 'betatelWhatsAppApi'), '1')).not.toBe(base);
	});

	it('does not depend on the order of the fields, nor on JSON or form encoding', () => {
		const json = contentHash(sms({ numbers: '0701', message_body: 'Hi' }), '0701');
		const reordered = contentHash(sms({ message_body: 'Hi', numbers: '0701' }), '0701');
		const form = contentHash({ credentialType: 'betatelSmsApi', method: 'POST', body: new URLSearchParams({ numbers: '0701', message_body: 'Hi' }) }, '0701');
		expect(reordered).toBe(json);
		expect(form).toBe(json);
	});

	it('keys a message by number and hash', () => {
		expect(messageKey('+447911123456', 'abc')).not.toBe(messageKey('+447911123457', 'abc'));
	});
});

describe('numbers on the opt-out list', () => {
	it.each([
		['+254701234567', '254701234567'],
		['+254 701 234 567', '254701234567'],
		['254-701-234-567', '254701234567'],
		['(+44) 7911.123456', '447911123456'],
		[447911123456, '447911123456'],
	])('reads %j as %s', (value, digits) => {
		expect(listedDigits(value)).toBe(digits);
	});

	it.each([[''], ['unsubscribed'], ['+44 7911 12345x'], [null], [{ number: '+447911123456' }], ['12345']])('leaves out %j', (value) => {
		expect(listedDigits(value)).toBeNull();
	});
});
