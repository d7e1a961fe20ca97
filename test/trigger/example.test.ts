import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { Kohomai } from '../../nodes/Kohomai/Kohomai.node';
import { KohomaiTrigger } from '../../nodes/KohomaiTrigger/KohomaiTrigger.node';

const file = path.join(__dirname, '../../examples/journey-stalled-reminder.json');
const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as {
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};

/** Every parameter set in the example is one the node shows for its other values, with an allowed option. */
function checkParameters(properties: INodeProperties[], parameters: Record<string, unknown>) {
	for (const [name, value] of Object.entries(parameters)) {
		if (name === 'pollTimes') continue; // n8n adds Poll Times to every polling node
		const shown = properties.filter(
			(p) =>
				p.name === name &&
				Object.entries(p.displayOptions?.show ?? {}).every(([k, allowed]) =>
					(allowed as unknown[]).includes(parameters[k]),
				),
		);
		expect({ name, shown: shown.length > 0 }).toEqual({ name, shown: true });
		const options = shown[0].type === 'options' ? (shown[0].options as Array<{ value: unknown }>) : undefined;
		if (options) expect(options.map((o) => o.value)).toContain(value);
	}
}

describe('examples/journey-stalled-reminder.json', () => {
	test('Kohomai Trigger (Journey Stalled) → Session: Create for the journey → email lookup → Send Email with the new link', () => {
		const order: string[] = [];
		for (
			let name: string | undefined = workflow.nodes[0].name;
			name;
			name = workflow.connections[name]?.main[0][0].node
		)
			order.push(workflow.nodes.find((n) => n.name === name)!.type);
		expect(order).toEqual([
			'n8n-nodes-kohomai.kohomaiTrigger',
			'n8n-nodes-kohomai.kohomai',
			'n8n-nodes-kohomai.kohomai',
			'n8n-nodes-base.filter',
			'n8n-nodes-base.emailSend',
		]);
		const [trigger, session, search, , email] = workflow.nodes;
		expect(trigger.parameters).toMatchObject({ event: 'journeyStalled', stalledDays: 3 });
		expect(session.parameters).toMatchObject({
			resource: 'session',
			operation: 'create',
			sessionFor: 'journey',
			journey: { value: '={{ $json.Id }}' },
		});
		expect(String(email.parameters.text)).toContain(`$('${session.name}').item.json.ConnectionURL`);
		checkParameters(new KohomaiTrigger().description.properties, trigger.parameters);
		for (const node of [session, search]) checkParameters(new Kohomai().description.properties, node.parameters);
	});
});
