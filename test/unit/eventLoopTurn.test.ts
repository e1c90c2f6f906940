/**
 * The send engine waits one event-loop turn after starting each request, so that a request
 * reaches the wire while the next items are still being read. The turn must let I/O in.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { nextEventLoopTurn } from '../../nodes/shared/sending/eventLoopTurn';

function busyFor(ms: number): void {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		// The CPU work of building the next request.
	}
}

it('lets an answer from a local server in between turns while the caller keeps the CPU busy', async () => {
	const server = http.createServer((_request, response) => response.end('ok'));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const { port } = server.address() as AddressInfo;
		let answered = false;
		http.get({ host: '127.0.0.1', port, path: '/' }, (response) => {
			response.resume();
			response.on('end', () => (answered = true));
		}).on('error', () => undefined);
		let turns = 0;
		while (!answered && turns < 500) {
			busyFor(1);
			await nextEventLoopTurn();
			turns++;
		}
		// Connect, request and answer take a few turns; without I/O between turns it would
		// take all 500.
		expect(answered).toBe(true);
		expect(turns).toBeLessThan(50);
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
});

it('takes far less than the 1 ms of a timer', async () => {
	const started = performance.now();
	for (let turn = 0; turn < 200; turn++) await nextEventLoopTurn();
	expect((performance.now() - started) / 200).toBeLessThan(0.5);
});
