/**
 * Resolves on a later turn of the event loop, after the I/O that is ready has been handled,
 * without the 1 ms floor of a timer (n8n's `sleep(0)`, which would cap a node near 1,000
 * requests a second). `setImmediate` would do this, but community nodes may not use it; a
 * message over a new MessageChannel arrives on a later turn. One channel reused for every
 * turn would not do: Node hands a port up to a thousand queued messages in one go, without
 * polling for I/O in between. Why the engine needs a turn at all: docs/send-engine.md.
 */
export async function nextEventLoopTurn(): Promise<void> {
	await new Promise<void>((resolve) => {
		const { port1, port2 } = new MessageChannel();
		port1.once('message', () => {
			port1.close();
			resolve();
		});
		port2.postMessage(null);
	});
}
