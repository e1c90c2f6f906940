// A queue-mode n8n with this package loaded: Redis and PostgreSQL (./services.js), then
// n8n main (`n8n start`), N workers (`n8n worker`) and one webhook process (`n8n webhook`)
// sharing one user folder (one copy of the package), one database, one Redis and one
// encryption key, each on its own ports with its log in a file.
//
//   const cluster = await startQueueCluster({ workers: 2, sandboxUrl });
//   cluster.describe()   // plain JSON for test files (see ./client.js)
//   await cluster.stop() // stops every process and deletes the temporary folder
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const instance = require('../n8n/instance');
const { startRedis, startPostgres } = require('./services');

const DATABASE = 'n8n';
const DEFAULT_ENCRYPTION_KEY = 'sms-otp-queue-fixed-encryption-key';
const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Settings every process of the cluster shares (options.env may add or override). Manual runs (editor, REST .../run) are
 * offloaded to workers, as n8n 3 will always do; production webhooks are served only by
 * the webhook process, as in a deployment with one.
 */
function queueEnv({ redisPort, postgres, mainUrl, webhookUrl }) {
	return {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// Production webhook URLs point at the webhook process, the editor and test
		// webhooks at main. (N8N_WEBHOOK_URL, which 2.x suggests instead, sets both.)
		WEBHOOK_URL: `${webhookUrl}/`,
		N8N_EDITOR_BASE_URL: `${mainUrl}/`,
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		// Workers wait this long for running jobs on SIGTERM (default 30 s).
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	};
}

/** Ports for every process: N8N_PORT and task-broker port each, and workers' health port. */
async function allocatePorts(workerCount) {
	const ports = await instance.freePorts(2 + 2 * 2 + workerCount * 3);
	const take = () => ports.shift();
	return {
		redis: take(),
		postgres: take(),
		main: { port: take(), brokerPort: take() },
		webhook: { port: take(), brokerPort: take() },
		workers: Array.from({ length: workerCount }, () => ({ port: take(), brokerPort: take(), healthPort: take() })),
	};
}

/**
 * Starts the whole cluster; on any failure stops what was started and deletes the
 * folder before rethrowing. Options:
 *   workers (2), concurrency (10 per worker), sandboxUrl (examples' credentials point
 *   there; omit to import nothing), workflows / credentials (extra objects imported, and
 *   `publish` ids activated, before n8n starts), env (added to every process), logDir
 *   (logs are copied there on stop), encryptionKey, version, keep (leave the folder).
 * Resolves the cluster: { root, userFolder, env, main, webhook, workers, redis, postgres,
 *   owner, cookie, describe(), stop() }.
 */
async function startQueueCluster(options = {}) {
	const { workers: workerCount = 2, concurrency = 10, version = instance.n8nVersion() } = options;
	await instance.ensureN8n(version);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	// PostgreSQL runs as another account and needs to reach root/postgres.
	fs.chmodSync(root, 0o711);
	const logsDir = path.join(root, 'logs');
	fs.mkdirSync(logsDir);
	const started = [];
	const cluster = { root, logsDir, version, concurrency, workers: [] };
	const track = (handle) => (started.push(handle), handle);

	let stopping = null;
	cluster.stop = () => (stopping ||= stopAll(cluster, started, options));
	// Last resort if the parent exits or is interrupted (Ctrl-C) without stop(): the
	// processes run in their own process groups, so nothing else would end them. Only
	// synchronous work can run there: kill, delete, then die of the same signal.
	const killAll = () => {
		for (const handle of started) handle.kill();
		if (!options.keep) fs.rmSync(root, { recursive: true, force: true });
	};
	const onSignal = (signal) => {
		killAll();
		detach();
		process.kill(process.pid, signal);
	};
	const detach = () => {
		process.removeListener('exit', killAll);
		for (const signal of EXIT_SIGNALS) process.removeListener(signal, onSignal);
	};
	process.once('exit', killAll);
	for (const signal of EXIT_SIGNALS) process.once(signal, onSignal);
	cluster.detachExitHandler = detach;

	try {
		const ports = await allocatePorts(workerCount);
		const services = await Promise.allSettled([
			startRedis({ dir: path.join(root, 'redis'), port: ports.redis, logFile: path.join(logsDir, 'redis.log') }),
			startPostgres({
				dir: path.join(root, 'postgres'),
				port: ports.postgres,
				database: DATABASE,
				logFile: path.join(logsDir, 'postgres.log'),
			}),
		]);
		// Track whichever started before reporting the one that did not.
		for (const result of services) if (result.status === 'fulfilled') track(result.value.process);
		const failed = services.find((result) => result.status === 'rejected');
		if (failed) throw failed.reason;
		const [redis, postgres] = services.map((result) => result.value);
		cluster.redis = { port: redis.port, url: redis.url };
		cluster.postgres = { host: postgres.host, port: postgres.port, user: postgres.user, database: postgres.database };

		const userFolder = instance.createUserFolder(path.join(root, 'n8n'));
		instance.installPackageInto(userFolder);
		const mainUrl = `http://localhost:${ports.main.port}`;
		const webhookUrl = `http://localhost:${ports.webhook.port}`;
		const shared = {
			...queueEnv({ redisPort: redis.port, postgres, mainUrl, webhookUrl }),
			...(options.env || {}),
		};
		const envFor = ({ port, brokerPort }, extra = {}) =>
			instance.n8nEnv({
				userFolder,
				port,
				brokerPort,
				encryptionKey: options.encryptionKey || DEFAULT_ENCRYPTION_KEY,
				version,
				extra: { ...shared, ...extra },
			});
		const mainEnv = envFor(ports.main);
		Object.assign(cluster, { userFolder, env: mainEnv });

		// The CLI creates the schema (migrations) on its first run, so the servers below
		// can start side by side.
		await importBeforeStart(mainEnv, options, version);

		// Every process is tracked as soon as it is spawned, so a failure anywhere stops all.
		const spawn = (args, env, name, readinessUrls) => {
			const logFile = path.join(logsDir, `${name}.log`);
			const handle = track(instance.spawnN8n(args, env, { version, name: `n8n ${name}`, logFile }));
			return { handle, ready: instance.waitUntilReady(handle, readinessUrls) };
		};
		// n8n 1.x answers readiness before its REST API exists, so both are checked.
		const main = spawn(['start'], mainEnv, 'main', [`${mainUrl}/healthz/readiness`, `${mainUrl}/rest/settings`]);
		const webhookEnv = envFor(ports.webhook);
		const webhook = spawn(['webhook'], webhookEnv, 'webhook', [`${webhookUrl}/healthz/readiness`]);
		const workers = ports.workers.map((workerPorts, index) => {
			const name = `worker-${index + 1}`;
			const env = envFor(workerPorts, {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(workerPorts.healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			});
			const healthUrl = `http://127.0.0.1:${workerPorts.healthPort}/healthz`;
			// /healthz/readiness: database migrated, Redis connected, taking jobs.
			const worker = spawn(['worker', `--concurrency=${concurrency}`], env, name, [`${healthUrl}/readiness`]);
			cluster.workers.push({ name, healthUrl, env, process: worker.handle });
			return worker;
		});
		await Promise.all([main, webhook, ...workers].map(({ ready }) => ready));
		cluster.main = { name: 'main', url: mainUrl, env: mainEnv, process: main.handle };
		cluster.webhook = { name: 'webhook', url: webhookUrl, env: webhookEnv, process: webhook.handle };
		const { cookie, owner } = await instance.setupOwner(cluster.main.url);
		Object.assign(cluster, { cookie, owner });
		cluster.describe = () => describe(cluster);
		return cluster;
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}

async function importBeforeStart(env, options, version) {
	const examples = options.sandboxUrl ? instance.exampleData(options.sandboxUrl) : { credentials: [], workflows: [] };
	const credentials = [...examples.credentials, ...(options.credentials || [])];
	const workflows = [...examples.workflows, ...(options.workflows || [])];
	if (credentials.length === 0 && workflows.length === 0) {
		// Still run the migrations once, before the servers start side by side.
		await instance.n8nCliOk(['list:workflow'], env, { version });
	} else {
		await instance.importEntities(env, { credentials, workflows }, { version });
	}
	for (const id of options.publish || []) await instance.activateWorkflow(id, env, { version });
	return { credentials, workflows };
}

/** The cluster as plain JSON (URLs, env, log files, login) for another process. */
function describe(cluster) {
	const proc = ({ process: handle, ...rest }) => ({ ...rest, pid: handle.pid, logFile: handle.logFile });
	return {
		version: cluster.version,
		concurrency: cluster.concurrency,
		root: cluster.root,
		userFolder: cluster.userFolder,
		env: cluster.env,
		owner: cluster.owner,
		redis: cluster.redis,
		postgres: cluster.postgres,
		main: proc(cluster.main),
		webhook: proc(cluster.webhook),
		workers: cluster.workers.map(proc),
	};
}

/** Where a test that replaced a worker (client.js replaceWorker) notes the new one's pid. */
const REPLACEMENTS_FILE = 'replacement-workers.json';

async function stopAll(cluster, started, options) {
	// n8n processes first (they still talk to Redis and PostgreSQL while stopping).
	const isService = (handle) => handle.name === 'postgres' || handle.name === 'redis-server';
	await Promise.all(started.filter((handle) => !isService(handle)).map((handle) => handle.stop()));
	await stopReplacements(cluster.root);
	await Promise.all(started.filter(isService).map((handle) => handle.stop()));
	if (options.logDir) {
		fs.mkdirSync(options.logDir, { recursive: true });
		fs.cpSync(cluster.logsDir, options.logDir, { recursive: true });
	}
	cluster.detachExitHandler?.();
	if (!options.keep) fs.rmSync(cluster.root, { recursive: true, force: true });
}

/** Stops the workers tests started in place of killed ones: SIGTERM, then SIGKILL. */
async function stopReplacements(root) {
	const file = path.join(root, REPLACEMENTS_FILE);
	if (!fs.existsSync(file)) return;
	const pids = JSON.parse(fs.readFileSync(file, 'utf8'));
	const alive = (pid) => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	for (const pid of pids) instance.signalGroup(pid, 'SIGTERM');
	for (let waited = 0; waited < 20000 && pids.some(alive); waited += 200) await instance.sleep(200);
	for (const pid of pids) instance.signalGroup(pid, 'SIGKILL');
}

module.exports = { startQueueCluster, queueEnv, REPLACEMENTS_FILE };

// `node scripts/queue/cluster.js [workers]`: a cluster with the examples and the provider
// sandbox, for trying things by hand or writing a new case; Ctrl-C stops and deletes it.
if (require.main === module) {
	const { createSandbox } = require('../../sandbox/server');
	(async () => {
		const sandbox = createSandbox({});
		await sandbox.start(0);
		const cluster = await startQueueCluster({ workers: Number(process.argv[2] || 2), sandboxUrl: sandbox.url });
		const { main, webhook, workers, owner, root } = cluster.describe();
		process.stdout.write(
			[
				`main      ${main.url}  (log in as ${owner.email} / ${owner.password})`,
				`webhook   ${webhook.url}/webhook/...`,
				...workers.map((w) => `${w.name.padEnd(9)} ${w.healthUrl}`),
				`sandbox   ${sandbox.url}/__sandbox/requests`,
				`logs      ${root}/logs`,
				'Ctrl-C stops everything and deletes the folder.',
				'',
			].join('\n'),
		);
	})().catch((error) => {
		process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	});
}
