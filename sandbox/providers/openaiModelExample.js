'use strict';

/**
 * The stand-in model's script until a test or a developer sets another: it plays the model of
 * the example workflow examples/workflows/ai-agent-verification-code.json ("AI agent sends a
 * verification code"), whose tools are "Generate code" (OTP node, $fromAI key `to`) and "Send
 * code by WhatsApp" (Betatel node, keys `to` and `text`). With it, that example runs in
 * `npm run dev` as a real model would run it; its e2e test runs it as shipped.
 */

const EXAMPLE_PHONE = '+254712345678';

function deepFreeze(value) {
	if (value && typeof value === 'object') for (const entry of Object.values(value)) deepFreeze(entry);
	return Object.freeze(value);
}

const EXAMPLE_SCRIPT = deepFreeze({
	turns: [
		{ calls: [{ id: 'generated', tool: '^Generate_code$', arguments: { to: EXAMPLE_PHONE } }] },
		{
			calls: [
				{
					id: 'sent',
					tool: '^Send_code_by_WhatsApp$',
					arguments: {
						to: EXAMPLE_PHONE,
						text: 'Your verification code is {{generated.0.code}}. It expires in 10 minutes.',
					},
				},
			],
		},
		{
			text: `I sent a verification code to ${EXAMPLE_PHONE} by WhatsApp (message {{sent.0.messageId}}). It expires at {{generated.0.expiresAt}}.`,
		},
	],
});

module.exports = { EXAMPLE_PHONE, EXAMPLE_SCRIPT };
