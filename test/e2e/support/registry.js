// A minimal npm registry on 127.0.0.1 for the panel-install test: enough of the npm
// registry API for what n8n's Community Nodes panel runs (npm pack, npm install, npm
// outdated, and n8n's own GET <registry>/<name>/<version>), and nothing else. Versions are
// added from tarballs made by `npm pack`; the manifest served is the package.json inside
// the tarball. Every request is logged, so a test can say what npm asked for.
'use strict';

const crypto = require('crypto');
const http = require('http');
const zlib = require('zlib');

const TAR_BLOCK = 512;

/** The text of `wantedPath` inside a gzipped tarball (ustar, as `npm pack` writes it). */
function fileInTarball(tarball, wantedPath) {
	const tar = zlib.gunzipSync(tarball);
	for (let offset = 0; offset + TAR_BLOCK <= tar.length; ) {
		const header = tar.subarray(offset, offset + TAR_BLOCK);
		const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
		if (!name) break;
		const prefix = header.toString('utf8', 345, 500).replace(/\0.*$/s, '');
		const size = parseInt(header.toString('utf8', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
		const fullName = prefix ? `${prefix}/${name}` : name;
		const start = offset + TAR_BLOCK;
		if (fullName === wantedPath) return tar.toString('utf8', start, start + size);
		offset = start + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
	}
	throw new Error(`${wantedPath} is not in the tarball`);
}

function tarballFileName(name, version) {
	const base = name.startsWith('@') ? name.split('/')[1] : name;
	return `${base}-${version}.tgz`;
}

function sendJson(response, status, body) {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	response.end(text);
}

function createRegistry() {
	const packages = new Map(); // name -> { versions: Map<version, manifest>, tarballs: Map<file, Buffer>, latest, time }
	const requests = [];
	let server = null;
	let url = null;

	function packument(name) {
		const entry = packages.get(name);
		return {
			_id: name,
			name,
			'dist-tags': { latest: entry.latest },
			versions: Object.fromEntries(entry.versions),
			time: entry.time,
		};
	}

	/** Serves a new version from an `npm pack` tarball and makes it `latest`; resolves its manifest. */
	function addVersion(tarball) {
		if (!url) throw new Error('start the registry before adding versions');
		const packageJson = JSON.parse(fileInTarball(tarball, 'package/package.json'));
		const { name, version } = packageJson;
		if (!packages.has(name)) packages.set(name, { versions: new Map(), tarballs: new Map(), time: {} });
		const entry = packages.get(name);
		if (entry.versions.has(version)) throw new Error(`${name}@${version} is already published`);
		const fileName = tarballFileName(name, version);
		const manifest = {
			...packageJson,
			_id: `${name}@${version}`,
			dist: {
				tarball: `${url}/${name}/-/${fileName}`,
				shasum: crypto.createHash('sha1').update(tarball).digest('hex'),
				integrity: `sha512-${crypto.createHash('sha512').update(tarball).digest('base64')}`,
			},
		};
		entry.versions.set(version, manifest);
		entry.tarballs.set(fileName, tarball);
		entry.latest = version;
		const now = new Date().toISOString();
		entry.time = { created: entry.time.created || now, ...entry.time, modified: now, [version]: now };
		return manifest;
	}

	// Routes: /<name>, /<name>/<version or dist-tag>, /<name>/-/<file>.tgz. Scoped names come
	// either as @scope/name or %40scope%2Fname.
	function route(pathname) {
		const parts = decodeURIComponent(pathname).split('/').filter(Boolean);
		const nameParts = parts[0]?.startsWith('@') ? 2 : 1;
		return { name: parts.slice(0, nameParts).join('/'), rest: parts.slice(nameParts) };
	}

	function handle(request, response) {
		const { pathname } = new URL(request.url, 'http://registry.invalid');
		requests.push({ method: request.method, path: pathname });
		const { name, rest } = route(pathname);
		const entry = packages.get(name);
		if (request.method !== 'GET' || !entry) return sendJson(response, 404, { error: 'Not found' });
		if (rest.length === 0) return sendJson(response, 200, packument(name));
		if (rest.length === 1) {
			const version = entry.versions.has(rest[0]) ? rest[0] : rest[0] === 'latest' ? entry.latest : null;
			return version ? sendJson(response, 200, entry.versions.get(version)) : sendJson(response, 404, { error: 'Not found' });
		}
		const tarball = rest[0] === '-' && rest.length === 2 ? entry.tarballs.get(rest[1]) : undefined;
		if (!tarball) return sendJson(response, 404, { error: 'Not found' });
		response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
		response.end(tarball);
	}

	return {
		get url() {
			return url;
		},
		requests: () => requests.slice(),
		addVersion,
		start() {
			server = http.createServer(handle);
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', () => {
					url = `http://127.0.0.1:${server.address().port}`;
					resolve(url);
				});
			});
		},
		stop() {
			if (!server) return Promise.resolve();
			server.closeAllConnections();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

module.exports = { createRegistry, fileInTarball };
