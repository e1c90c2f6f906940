/**
 * The send engine starts one request per event-loop turn, so that each request reaches the
 * wire before the next is prepared (docs/send-engine.md). The turn must let I/O in, and must
 * not cost a timer's 1 ms.
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

it('has no timer floor: many turns pass while one 20 ms timer waits', async () => {
	let timerFired = false;
	const timer = new Promise<void>((resolve) => setTimeout(() => resolve(), 20)).then(() => (timerFired = true));
	let turns = 0;
	while (!timerFired) {
		await nextEventLoopTurn();
		turns++;
	}
	await timer;
	// A turn made of a 1 ms timer (n8n's sleep(0)) would manage at most 20; a turn takes
	// microseconds, so thousands pass. Broken to see it fail: the turn as a 1 ms timer gives 18 or 19.
	expect(turns).toBeGreaterThan(40);
});
