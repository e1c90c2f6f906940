// Runs a real n8n (installed by ./install.js) with this package loaded. The pieces live
// by concern beside this file; this module re-exports them as the one API that
// `npm run dev` and the test suites use:
//   package.js  the package: build, user folders, the copy n8n's loader picks up
//   env.js      every n8n process's environment, free ports
//   cli.js      `n8n import:*`, `publish:workflow`, `execute`; the examples
//   process.js  long-running n8n processes: spawn, readiness, stop
//   rest.js     owner setup and login over the REST API
'use strict';

const { n8nPaths, n8nVersion, ensureN8n } = require('./install');

module.exports = {
	n8nPaths,
	n8nVersion,
	ensureN8n,
	...require('./package'),
	...require('./env'),
	...require('./cli'),
	...require('./process'),
	...require('./rest'),
};
