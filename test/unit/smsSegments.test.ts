import { countSmsSegments } from '../../nodes/shared/sms/smsSegments';

describe('countSmsSegments', () => {
	it.each([
		[1, 1],
		[160, 1],
		[161, 2],
		[306, 2],
		[307, 3],
		[459, 3],
		[460, 4],
	])('GSM-7: %i characters make %i SMS', (length, segments) => {
		expect(countSmsSegments('a'.repeat(length))).toEqual({ encoding: 'GSM-7', segments, units: length });
	});

	it('keeps GSM-7 for accented Latin letters of the default alphabet', () => {
		expect(countSmsSegments('Ça coûte 5€? Nein, Straße! ñ ü à é Ø Δ').encoding).toBe('UCS-2'); // û is not GSM-7
		expect(countSmsSegments('Straße Ñandù Æble Δ £5 ¥ §').encoding).toBe('GSM-7');
	});

	it('counts extension characters as two septets', () => {
		expect(countSmsSegments('€')).toEqual({ encoding: 'GSM-7', segments: 1, units: 2 });
		expect(countSmsSegments('^{}\\[~]|€\f').units).toBe(20);
		expect(countSmsSegments('{'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
		expect(countSmsSegments('{'.repeat(81))).toEqual({ encoding: 'GSM-7', segments: 2, units: 162 });
	});

	it('never splits an extension character across two parts', () => {
		// 152 plain septets + "€" (2) = 154: the escape pair does not fit in part one's last septet.
		const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
		expect(countSmsSegments(text)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
		expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
	});

	it.each([
		[70, 1],
		[71, 2],
		[134, 2],
		[135, 3],
	])('UCS-2: %i characters make %i SMS', (length, segments) => {
		expect(countSmsSegments('ж'.repeat(length))).toEqual({ encoding: 'UCS-2', segments, units: length });
	});

	it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
		const result = countSmsSegments(`${'a'.repeat(100)}ж`);
		expect(result).toEqual({ encoding: 'UCS-2', segments: 2, units: 101 });
	});

	it('counts an emoji as two UCS-2 units and never splits it', () => {
		expect(countSmsSegments('😀')).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
		expect(countSmsSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
		expect(countSmsSegments('😀'.repeat(36)).segments).toBe(2);
		// 66 units + one emoji (2) would be 68 > 67, so the emoji opens part two.
		expect(countSmsSegments(`${'ж'.repeat(66)}😀${'ж'.repeat(10)}`)).toEqual({
			encoding: 'UCS-2',
			segments: 2,
			units: 78,
		});
	});

	it('counts an empty text as no SMS', () => {
		expect(countSmsSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0 });
	});

	it('treats newlines as GSM-7', () => {
		expect(countSmsSegments('Code:\n123456\r\n').encoding).toBe('GSM-7');
	});
});
