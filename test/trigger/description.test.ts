import '../../tools/engine/env';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { KohomaiTrigger } from '../../nodes/KohomaiTrigger/KohomaiTrigger.node';

const root = path.join(__dirname, '../..');

describe('Kohomai Trigger description', () => {
	const trigger = new KohomaiTrigger();
	const d = trigger.description;

	test('a polling trigger sharing the credential (and its test) and the list search of the node', () => {
		expect(d.name).toBe('kohomaiTrigger');
		expect(d.polling).toBe(true);
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.credentials).toEqual([{ name: 'kohomaiApi', required: true, testedBy: 'kohomaiApiTest' }]);
		expect(typeof trigger.methods.credentialTest.kohomaiApiTest).toBe('function');
		const workflow = d.properties.find((p) => p.name === 'workflow');
		const list = workflow?.modes?.find((m) => m.name === 'list');
		expect(typeof trigger.methods.listSearch[list?.typeOptions?.searchListMethod as 'searchWorkflows']).toBe(
			'function',
		);
		const codex = JSON.parse(fs.readFileSync(path.join(root, 'nodes/KohomaiTrigger/KohomaiTrigger.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-kohomai.kohomaiTrigger');
	});

	test('its light and dark icons are the Kohomai icons, found from the node file as n8n resolves them', () => {
		const icon = d.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) {
			expect(file.startsWith('file:')).toBe(true);
			expect(fs.existsSync(path.join(root, 'nodes/KohomaiTrigger', file.replace('file:', '')))).toBe(true);
		}
	});
});
