import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { SECRET_HINT, secretWeakness } from '../crypto/secret';

/**
 * An OTP secret has no server to ask: the dialog's test checks, on the n8n server, that
 * the secret is long and varied enough to sign codes with. The node refuses the same
 * secrets at run time.
 */
export async function otpSecretApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const weakness = secretWeakness(credential.data?.secret);
	if (weakness) return { status: 'Error', message: `Too weak: ${weakness}. ${SECRET_HINT}.` };
	return { status: 'OK', message: 'The secret is long and varied enough to sign codes' };
}
