// Finds links in Markdown files that point at a file or a heading that does not exist, with
// GitHub's rules for heading anchors.
'use strict';

const fs = require('fs');
const path = require('path');

const REPOSITORY_DOCS = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/';
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The anchor GitHub gives a heading: lower case, punctuation dropped, each space a hyphen. */
function githubSlug(heading) {
	return heading
		.replace(/`/g, '')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\p{M}\- _]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings (repeats get -1, -2, … as on GitHub). */
function anchorsOf(text) {
	const anchors = new Set();
	const seen = new Map();
	let inFence = false;
	for (const line of text.split('\n')) {
		if (/^\s*```/.test(line)) inFence = !inFence;
		const heading = !inFence && /^#{1,6} (.+?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const slug = githubSlug(heading[1]);
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/** Link targets of a Markdown text, outside code blocks and code spans. */
function linksOf(text) {
	const targets = [];
	let inFence = false;
	for (const line of text.split('\n')) {
		if (/^\s*```/.test(line)) {
			inFence = !inFence;
			continue;
		}
		if (inFence) continue;
		const prose = line.replace(/`[^`]*`/g, '');
		for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) targets.push(match[1]);
	}
	return targets;
}

const onDisk = {
	read: (file) => fs.readFileSync(path.join(ROOT, file), 'utf8'),
	exists: (file) => fs.existsSync(path.join(ROOT, file)),
};

/**
 * The broken relative links of `files` (paths relative to the repository root): a missing
 * file, or a `#anchor` no heading of the target has. External links are not followed.
 */
function brokenLinks(files, { read, exists } = onDisk) {
	const broken = [];
	const anchorCache = new Map();
	const anchors = (file) => {
		if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(read(file)));
		return anchorCache.get(file);
	};
	for (const from of files) {
		for (const target of linksOf(read(from))) {
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
			const [filePart, anchor] = target.split('#');
			const file = filePart === '' ? from : filePart.startsWith('/') ? filePart.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), filePart));
			const fileExists = filePart === '' || exists(file) || exists(file.replace(/\/$/, ''));
			if (!fileExists) {
				broken.push({ from, target, reason: `no file ${file}` });
				continue;
			}
			if (anchor !== undefined && file.endsWith('.md') && !anchors(file).has(anchor)) {
				broken.push({ from, target, reason: `no heading #${anchor} in ${file}` });
			}
		}
	}
	return broken;
}

/** The documentation's Markdown files: README, CONTRIBUTING, CHANGELOG and everything under docs/ and sandbox/. */
function markdownFiles(root = ROOT) {
	const files = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'sandbox/README.md'].filter((file) => fs.existsSync(path.join(root, file)));
	const walk = (dir) => {
		for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
			const relative = path.posix.join(dir, entry.name);
			if (entry.isDirectory()) walk(relative);
			else if (entry.name.endsWith('.md')) files.push(relative);
		}
	};
	walk('docs');
	return files;
}

module.exports = { REPOSITORY_DOCS, githubSlug, anchorsOf, brokenLinks, markdownFiles };
