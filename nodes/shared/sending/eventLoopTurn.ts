/**
 * Resolves on a later turn of the event loop, after the I/O that is ready has been handled,
 * and without the 1 ms floor of a timer (n8n's `sleep(0)`). `setImmediate` would do this,
 * but community nodes may not use it. A message over a new MessageChannel arrives on a later
 * turn; one channel reused for every turn would not do, because Node hands a port up to a
 * thousand queued messages in one go, without polling for I/O in between.
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
