/** OTP → Generate with a sealed code, then Recover Code, run by n8n-core's WorkflowExecute. */
import { useFakeN8nApi } from '../support/fakeN8nApi';
import { createOtpTable, generateParameters, outputOf, runOtp, verifyParameters } from './support/otpNode';

const api = useFakeN8nApi();

const recoverParameters = (overrides = {}) => ({
	...verifyParameters(),
	operation: 'recover',
	sealedCode: '={{ $json.sealedCode }}',
	...overrides,
});

it('outputs a sealed code only when asked, and Recover Code opens it while the code is still good', async () => {
	const table = createOtpTable(api);
	const [plain] = outputOf(await runOtp(api, generateParameters(), [{ to: '+254712345678' }]));
	expect(plain).not.toHaveProperty('sealedCode');

	const [otp] = outputOf(await runOtp(api, generateParameters({ options: { sealCode: true } }), [{ to: '+254798765432' }]));
	expect(otp.sealedCode).toMatch(/^seal1\./);
	expect(otp.sealedCode).not.toContain(otp.code as string);

	const [recovered] = outputOf(await runOtp(api, recoverParameters(), [{ token: otp.token, sealedCode: otp.sealedCode }]));
	expect(recovered).toEqual({
		recovered: true,
		reason: 'recovered',
		to: '254798765432',
		code: otp.code,
		expiresAt: otp.expiresAt,
		tracking: 'dataTable',
	});
	expect(table.rows[1].attempts).toBe(0);

	outputOf(await runOtp(api, verifyParameters(), [{ token: otp.token, code: otp.code }]));
	const [afterUse] = outputOf(await runOtp(api, recoverParameters(), [{ token: otp.token, sealedCode: otp.sealedCode }]));
	expect(afterUse).toMatchObject({ recovered: false, reason: 'already_used', code: null });
});

it('answers a broken sealed code or token as a result', async () => {
	createOtpTable(api);
	const [otp] = outputOf(await runOtp(api, generateParameters({ options: { sealCode: true } }), [{ to: '+254712345678' }]));
	const results = outputOf(
		await runOtp(api, recoverParameters(), [
			{ token: otp.token, sealedCode: 'seal1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
			{ token: 'otp1.nope.nope', sealedCode: otp.sealedCode },
			{ token: otp.token, sealedCode: null },
		]),
	);
	expect(results.map((item) => item.reason)).toEqual(['malformed_sealed_code', 'malformed_token', 'malformed_sealed_code']);
});
