/** Message IDs read from the plausible shapes of a success answer, matched by number. */
import type { IDataObject } from 'n8n-workflow';
import type { IdReading } from '../../nodes/shared/sending/messageIds';
import { matchMessageIds } from '../../nodes/shared/sending/messageIds';

const KE: IdReading = { country: 'KE' };
const ids = (body: IDataObject, sent: string[], reading: IdReading = KE) => matchMessageIds(body, sent, reading).map((matched) => matched.messageId);

it.each<[string, IDataObject]>([
	['data.recipients', { data: { recipients: [{ number: '0701234567', message_id: 'a' }] } }],
	['recipients', { recipients: [{ to: '+254701234567', id: 'a' }] }],
	['data as a list', { data: [{ phone: 254701234567, messageId: 'a' }] }],
	['a top-level message_id', { message_id: 'a' }],
	['a top-level id', { id: 'a' }],
	['data.message_id', { data: { message_id: 'a' } }],
	['a one-entry list without numbers', { recipients: [{ message_id: 'a' }] }],
])('reads the ID of one number from %s', (_shape, body) => {
	expect(ids(body, ['254701234567'])).toEqual(['a']);
});

it('prefers the documented field, and takes a numeric ID as text', () => {
	expect(ids({ 'tracking-id': 'doc', id: 'other' }, ['17743199144'], { documentedField: 'tracking-id', country: '' })).toEqual(['doc']);
	expect(ids({ id: 42 }, ['17743199144'], { country: '' })).toEqual(['42']);
});

it('matches listed IDs by number, in any order and written in any form', () => {
	const body = { data: { recipients: [{ number: '+254712345678', message_id: 'b', status: 'queued' }, { number: '0701234567', message_id: 'a' }] } };
	expect(matchMessageIds(body, ['254701234567', '254712345678'], KE)).toEqual([{ messageId: 'a' }, { messageId: 'b', providerStatus: 'queued' }]);
});

it('gives no ID rather than a guess: a top-level ID for several numbers, entries without numbers, a number not listed', () => {
	expect(ids({ message_id: 'a' }, ['254701234567', '254712345678'])).toEqual([null, null]);
	expect(ids({ recipients: [{ message_id: 'a' }, { message_id: 'b' }] }, ['254701234567', '254712345678'])).toEqual([null, null]);
	expect(ids({ recipients: [{ number: '0722000000', message_id: 'c' }] }, ['254701234567'])).toEqual([null]);
	expect(ids({}, ['254701234567'])).toEqual([null]);
});
