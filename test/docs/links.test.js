// Every link of the documentation points at something that exists: relative links in the
// Markdown files (file and heading), and the documentation URLs n8n shows for each node and
// credential (codex files, documentationUrl, links in node descriptions), which must point at
// a page of docs/ on GitHub.
'use strict';

const fs = require('fs');
const path = require('path');
const { anchorsOf, brokenLinks, githubSlug, markdownFiles, REPOSITORY_DOCS } = require('./support/links');

const ROOT = path.resolve(__dirname, '..', '..');

function sourceFilesWithUrls() {
	const files = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (/\.(ts|json)$/.test(entry.name)) files.push(full);
		}
	};
	walk(path.join(ROOT, 'nodes'));
	walk(path.join(ROOT, 'credentials'));
	return files;
}

describe('documentation links', () => {
	test('GitHub heading anchors are computed as GitHub does', () => {
		expect(githubSlug('Try it in a real n8n: `npm run dev`')).toBe('try-it-in-a-real-n8n-npm-run-dev');
		expect(githubSlug('SMS → Send')).toBe('sms--send');
		expect(githubSlug('API Key → Generate / Regenerate / Revoke')).toBe('api-key--generate--regenerate--revoke');
		expect(githubSlug('Bulk Send (SMS → Send in Bulk, WhatsApp → Send OTP in Bulk)')).toBe(
			'bulk-send-sms--send-in-bulk-whatsapp--send-otp-in-bulk',
		);
	});

	test('the checker finds a broken file, a broken heading and a broken URL (so the tests below can fail)', () => {
		const fixture = {
			'README.md': '# Title\n\n[ok](docs/page.md#a-heading) [gone](docs/missing.md) [bad](docs/page.md#nowhere) [self](#title)\n',
			'docs/page.md': '# Page\n\n## A heading\n\n[up](../README.md#title) [wrong](#not-here)\n',
		};
		const read = (file) => fixture[file];
		const exists = (file) => file in fixture;
		const found = brokenLinks(Object.keys(fixture), { read, exists });
		expect(found.map((link) => `${link.from} → ${link.target}`)).toEqual([
			'README.md → docs/missing.md',
			'README.md → docs/page.md#nowhere',
			'docs/page.md → #not-here',
		]);
	});

	test('relative links in README.md, CONTRIBUTING.md and docs/ point at files and headings that exist', () => {
		const files = markdownFiles(ROOT);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/otp.md']));
		expect(brokenLinks(files)).toEqual([]);
	});

	test("every documentation URL n8n shows points at an existing page and heading of docs/", () => {
		const problems = [];
		let checked = 0;
		for (const file of sourceFilesWithUrls()) {
			const text = fs.readFileSync(file, 'utf8');
			for (const [url] of text.matchAll(/https:\/\/github\.com\/n8n-nodes-sms-otp\/n8n-nodes-sms-otp[^\s'"`<>)]*/g)) {
				checked++;
				const relative = path.relative(ROOT, file);
				if (!url.startsWith(REPOSITORY_DOCS)) {
					problems.push(`${relative}: ${url} is not a page of docs/ (${REPOSITORY_DOCS}…)`);
					continue;
				}
				const [page, anchor] = url.slice(REPOSITORY_DOCS.length - 'docs/'.length).split('#');
				if (!fs.existsSync(path.join(ROOT, page))) problems.push(`${relative}: ${url} (no file ${page})`);
				else if (anchor !== undefined && !anchorsOf(fs.readFileSync(path.join(ROOT, page), 'utf8')).has(anchor)) {
					problems.push(`${relative}: ${url} (no heading #${anchor} in ${page})`);
				}
			}
		}
		expect(checked).toBeGreaterThanOrEqual(14);
		expect(problems).toEqual([]);
	});

	test('every credential has a documentationUrl on the credentials page', () => {
		const dir = path.join(ROOT, 'credentials');
		for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.credentials.ts'))) {
			const text = fs.readFileSync(path.join(dir, file), 'utf8');
			expect([file, /documentationUrl = '([^']+)'/.exec(text)?.[1]]).toEqual([file, expect.stringContaining(`${REPOSITORY_DOCS}credentials.md#`)]);
		}
	});
});
