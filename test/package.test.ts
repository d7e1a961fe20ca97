import * as fs from 'node:fs';
import * as path from 'node:path';

import { Kohomai } from '../nodes/Kohomai/Kohomai.node';
import { KohomaiApi } from '../credentials/KohomaiApi.credentials';

// What n8n's community-node rules and its loader need from the package itself.
const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json follows the community-node rules', () => {
	test('name, keyword, license, files', () => {
		expect(pkg.name).toBe('n8n-nodes-kohomai');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.files).toEqual(['dist']);
	});

	test('no runtime dependencies; n8n-workflow only as a peer', () => {
		expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.overrides).toBeUndefined();
		for (const hook of ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish'])
			expect(pkg.scripts[hook]).toBeUndefined();
	});

	test('the n8n field lists the built node and credential', () => {
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.n8n.nodes).toEqual([
			'dist/nodes/Kohomai/Kohomai.node.js',
			'dist/nodes/KohomaiTrigger/KohomaiTrigger.node.js',
		]);
		expect(pkg.n8n.credentials).toEqual(['dist/credentials/KohomaiApi.credentials.js']);
	});
});

describe('node and credential descriptions', () => {
	const node = new Kohomai().description;
	const credential = new KohomaiApi();

	test('the node is usable as an AI tool, with light and dark icons that exist', () => {
		expect(node.name).toBe('kohomai');
		expect(node.usableAsTool).toBe(true);
		const icon = node.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) {
			expect(fs.existsSync(path.join(root, 'nodes/Kohomai', file.replace('file:', '')))).toBe(true);
		}
	});

	test('the credential is tested by the node, has an icon that exists, one key (a password field) and the SSL switch', () => {
		expect(credential.name).toBe('kohomaiApi');
		// n8n prefers a credential's own `test` over a node's `testedBy`: there must be none.
		expect((credential as { test?: unknown }).test).toBeUndefined();
		const entry = node.credentials?.find((c) => c.name === 'kohomaiApi');
		expect(entry?.testedBy).toBe('kohomaiApiTest');
		expect(typeof new Kohomai().methods.credentialTest[entry!.testedBy as 'kohomaiApiTest']).toBe('function');
		expect(credential.properties.map((p) => p.name)).toEqual(['apiKey', 'baseUrl', 'ignoreSSLIssues']);
		expect(credential.properties.find((p) => p.name === 'ignoreSSLIssues')).toMatchObject({
			type: 'boolean',
			default: false,
			displayName: 'Ignore SSL Issues (Insecure)',
		});
		const icon = credential.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) {
			expect(fs.existsSync(path.join(root, 'credentials', file.replace('file:', '')))).toBe(true);
		}
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
	});

	test('the codex names the node', () => {
		const codex = JSON.parse(fs.readFileSync(path.join(root, 'nodes/Kohomai/Kohomai.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-kohomai.kohomai');
		expect(codex.categories.length).toBeGreaterThan(0);
	});

	test('every operation has an action and a description for AI agents', () => {
		const operations = node.properties.filter((p) => p.name === 'operation');
		expect(operations.map((o) => o.displayOptions?.show?.resource?.[0]).sort()).toEqual([
			'journey',
			'session',
			'user',
			'workflow',
		]);
		for (const op of operations) {
			expect(op.noDataExpression).toBe(true);
			for (const option of op.options as Array<{ action?: string; description?: string }>) {
				expect(option.action).toMatch(/^[A-Z][a-z ]+$/);
				expect(option.description).toBeTruthy();
			}
		}
		for (const field of node.properties.filter((p) => !['resource', 'operation', 'options'].includes(p.name))) {
			expect(`${field.name}: ${field.description ?? ''}`).not.toMatch(/: $/);
		}
	});
});
