// Number and table formatting for the benchmark's printout, and the machine's load.
'use strict';

const os = require('os');

const int = (value) => Math.round(value).toLocaleString('en-US');
const fixed = (value, digits = 1) =>
	Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (value) => `${int(value)} ms`;

/** Left-aligned first column, right-aligned others. */
function table(header, rows, indent = '  ') {
	const all = [header, ...rows].map((row) => row.map(String));
	const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
	const line = (row) =>
		indent + row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ');
	return [line(all[0]), indent + widths.map((width) => '-'.repeat(width)).join('   '), ...all.slice(1).map(line)].join('\n');
}

function loadAverage() {
	return os
		.loadavg()
		.map((value) => value.toFixed(2))
		.join(' ');
}

function machine() {
	const cpus = os.cpus();
	return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${fixed(os.totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}`;
}

/** "met" / "MISSED" with the figure and the target, for the summary. */
function verdict(ok) {
	return ok ? 'met' : 'MISSED';
}

module.exports = { int, fixed, ms, table, loadAverage, machine, verdict };
