// The provenance check against deliberately broken copies of the real
// package.json: each copy must fail with the rule that names the fault, and
// the unbroken copy must pass. Run: node --test tools/lint/
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const CHECK = path.join(HERE, 'provenance.mjs');
const REAL = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const copies = [];
after(() => copies.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

// A package dir holding a copy of package.json (changed by `mutate`) and an
// empty source file for each node and credential it lists.
function packageCopy(mutate = () => {}, extraFiles = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-'));
	copies.push(dir);
	const pkg = structuredClone(REAL);
	for (const f of [...REAL.n8n.nodes, ...REAL.n8n.credentials]) {
		const src = path.join(dir, f.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		fs.mkdirSync(path.dirname(src), { recursive: true });
		fs.writeFileSync(src, '');
	}
	mutate(pkg);
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	for (const [f, text] of Object.entries(extraFiles)) {
		fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
		fs.writeFileSync(path.join(dir, f), text);
	}
	return dir;
}

function run(dir, env = {}) {
	const clean = { ...process.env };
	for (const k of ['GITHUB_REPOSITORY', 'GITHUB_REF_TYPE', 'GITHUB_REF_NAME']) delete clean[k];
	const res = spawnSync(process.execPath, [CHECK, dir], {
		env: { ...clean, ...env },
		encoding: 'utf8',
	});
	const failed = res.stdout
		.split('\n')
		.filter((l) => l.startsWith('  FAIL '))
		.map((l) => l.slice(7).split(':')[0]);
	return { code: res.status, failed, out: res.stdout };
}

test('the repository package.json passes', () => {
	const r = run(REPO);
	assert.equal(r.code, 0, r.out);
	assert.deepEqual(r.failed, []);
});

test('an unbroken copy passes, also inside its own GitHub workflow on its tag', () => {
	const r = run(packageCopy(), {
		GITHUB_REPOSITORY: 'kohomai/n8n-nodes-kohomai',
		GITHUB_REF_TYPE: 'tag',
		GITHUB_REF_NAME: `v${REAL.version}`,
	});
	assert.equal(r.code, 0, r.out);
});

const broken = [
	['repository removed', (p) => delete p.repository, 'repository'],
	['repository URL empty', (p) => (p.repository.url = ''), 'repository'],
	[
		'repository on GitLab',
		(p) => (p.repository.url = 'git+https://gitlab.com/kohomai/n8n-nodes-kohomai.git'),
		'repository',
	],
	['name without the n8n-nodes- prefix', (p) => (p.name = 'kohomai-n8n'), 'name'],
	['version not semantic', (p) => (p.version = '0.2'), 'version'],
	['private package', (p) => (p.private = true), 'private'],
	['another registry', (p) => (p.publishConfig = { registry: 'https://npm.example.com/' }), 'registry'],
	['provenance turned off', (p) => (p.publishConfig = { provenance: false }), 'provenance not disabled'],
	[
		'node listed without its source',
		(p) => p.n8n.nodes.push('dist/nodes/Gone/Gone.node.js'),
		'sources beside package.json',
	],
];

for (const [name, mutate, rule] of broken) {
	test(`fails when ${name}`, () => {
		const r = run(packageCopy(mutate));
		assert.equal(r.code, 1, r.out);
		assert.deepEqual(r.failed, [rule]);
	});
}

test('fails when another package.json in the repository has the same name', () => {
	const dir = packageCopy(() => {}, {
		'zapier/package.json': JSON.stringify({ name: REAL.name }),
	});
	const r = run(dir);
	assert.equal(r.code, 1, r.out);
	assert.deepEqual(r.failed, ['one package.json with this name']);
	assert.match(r.out, /zapier\/package\.json/);
});

test('fails in a workflow of another repository', () => {
	const r = run(packageCopy(), { GITHUB_REPOSITORY: 'someone/fork' });
	assert.equal(r.code, 1, r.out);
	assert.deepEqual(r.failed, ['repository matches the workflow']);
});

test('fails on a tag that is not v<version>', () => {
	const r = run(packageCopy(), { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v99.0.0' });
	assert.equal(r.code, 1, r.out);
	assert.deepEqual(r.failed, ['tag matches version']);
});
