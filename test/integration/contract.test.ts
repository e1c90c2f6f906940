/**
 * The shared send contract (support/providerContract.ts), run by every provider's send
 * operation against the sandbox, each with its own fixture.
 */
import { betatelSmsFixture, betatelWhatsAppFixture, skycoreFixture, smsGatewayFixture } from './support/fixtures';
import { runSendContract } from './support/providerContract';
import { useSandbox } from './support/sandbox';

const handle = useSandbox();

describe.each([
	['Betatel Send SMS', betatelSmsFixture],
	['Betatel Send WhatsApp OTP', betatelWhatsAppFixture],
	['Skycore Send SMS', skycoreFixture],
	['SMS Gateway Send SMS', smsGatewayFixture],
])('%s', (_name, fixture) => {
	runSendContract(fixture, handle);
});
