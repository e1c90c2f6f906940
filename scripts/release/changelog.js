// CHANGELOG.md in Keep a Changelog form: `## [Unreleased]`, then `## [x.y.z] - YYYY-MM-DD`
// sections, newest first, and link definitions at the end. Pure text in, text out.
'use strict';

const UNRELEASED = 'Unreleased';
const SECTION_HEADING = /^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?[ \t]*$/gm;
const LINK_DEFINITION = /^\[([^\]]+)\]: \S+[ \t]*$/gm;

/** The `## [...]` sections in order: name, date, and where the heading and the body are. */
function sections(text) {
	const headings = [...text.matchAll(SECTION_HEADING)];
	const firstLink = text.search(LINK_DEFINITION);
	const end = firstLink === -1 ? text.length : firstLink;
	return headings.map((match, index) => ({
		name: match[1],
		date: match[2],
		start: match.index,
		bodyStart: match.index + match[0].length,
		bodyEnd: index + 1 < headings.length ? headings[index + 1].index : end,
	}));
}

function findSection(text, name) {
	return sections(text).find((section) => section.name === name);
}

/** A section's notes without surrounding blank lines; undefined when there is no such section. */
function notesOf(text, name) {
	const section = findSection(text, name);
	return section && text.slice(section.bodyStart, section.bodyEnd).trim();
}

/** The release date of a version, or undefined when the changelog has no dated section for it. */
function releaseDateOf(text, version) {
	return findSection(text, version)?.date;
}

/** The newest released version, or undefined before the first release. */
function latestVersion(text) {
	return sections(text).find((section) => section.name !== UNRELEASED)?.name;
}

/**
 * Moves the Unreleased notes under a new `## [version] - date` heading, leaves an empty
 * Unreleased section above it, and points the compare links at the new tag.
 */
function releaseChangelog(text, { version, date, repositoryUrl }) {
	const unreleased = findSection(text, UNRELEASED);
	if (!unreleased) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
	const notes = text.slice(unreleased.bodyStart, unreleased.bodyEnd).trim();
	if (notes === '') throw new Error('nothing to release: "## [Unreleased]" in CHANGELOG.md is empty');
	if (findSection(text, version)) throw new Error(`CHANGELOG.md already has a section for ${version}`);
	const previous = latestVersion(text);

	const released =
		text.slice(0, unreleased.bodyStart) +
		`\n\n## [${version}] - ${date}\n\n${notes}\n\n` +
		text.slice(unreleased.bodyEnd);
	return withLinks(released, { version, previous, repositoryUrl });
}

function withLinks(text, { version, previous, repositoryUrl }) {
	const links = new Map([...text.matchAll(LINK_DEFINITION)].map((match) => [match[1], match[0]]));
	const body = text.replace(LINK_DEFINITION, '').trimEnd();
	links.set(UNRELEASED, `[${UNRELEASED}]: ${repositoryUrl}/compare/v${version}...HEAD`);
	links.set(
		version,
		previous
			? `[${version}]: ${repositoryUrl}/compare/v${previous}...v${version}`
			: `[${version}]: ${repositoryUrl}/releases/tag/v${version}`,
	);
	// Newest first, as the sections are.
	const order = [UNRELEASED, version, ...[...links.keys()].filter((name) => name !== UNRELEASED && name !== version)];
	return `${body}\n\n${order.map((name) => links.get(name)).join('\n')}\n`;
}

module.exports = { notesOf, releaseDateOf, latestVersion, releaseChangelog };
