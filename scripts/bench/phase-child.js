// Child process of the engine part of `npm run bench`: runs one phase of
// scripts/bench/engine-phase.ts and prints its result as one line `BENCH_RESULT <json>`.
//   node [--expose-gc] scripts/bench/phase-child.js <phase> '<json args>'
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

// As test/setup-env.js does for jest: n8n-core writes its settings into a throwaway user
// folder, and its logger stays quiet.
process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-otp-bench-'));
process.env.N8N_LOG_LEVEL = 'silent';

require('./ts-register').register();

async function main() {
	const [phase, json = '{}'] = process.argv.slice(2);
	const { runPhase } = require('./engine-phase.ts');
	const result = await runPhase(phase, JSON.parse(json));
	process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main()
	.catch((error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exitCode = 1;
	})
	.finally(() => fs.rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true }));
