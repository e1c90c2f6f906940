// scripts/check-workflows.js: the repo's workflows pass action-validator, and a workflow with
// a broken job reference fails (seen failing with checkWorkflows counting every file valid).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { checkWorkflows } = require('../../scripts/check-workflows');

const WORKFLOWS = path.resolve(__dirname, '../../.github/workflows');

let dir;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-workflows-test-'));
	jest.spyOn(console, 'log').mockImplementation(() => {});
	jest.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
	fs.rmSync(dir, { recursive: true, force: true });
	jest.restoreAllMocks();
});

test('the repository\'s workflows are valid', () => {
	expect(checkWorkflows(WORKFLOWS)).toEqual([]);
	expect(console.log).toHaveBeenCalledWith('check:workflows: ci.yml is valid');
	expect(console.log).toHaveBeenCalledWith('check:workflows: publish.yml is valid');
});

test('a workflow whose job needs a job that does not exist is reported', () => {
	const publish = fs.readFileSync(path.join(WORKFLOWS, 'publish.yml'), 'utf8');
	expect(publish).toContain('needs: test');
	fs.writeFileSync(path.join(dir, 'publish.yml'), publish);
	fs.writeFileSync(path.join(dir, 'broken.yml'), publish.replace('needs: test', 'needs: tests'));
	expect(checkWorkflows(dir)).toEqual(['broken.yml']);
	expect(console.error).toHaveBeenCalledWith(expect.stringContaining('unresolved_job'));
});
