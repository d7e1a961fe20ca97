'use strict';
// The editor in a real browser: the node in the nodes panel with its icon and
// every operation, on the canvas in light and dark theme, and its parameter
// panel. Screenshots go to docs/screenshots/ for the README.
const fs = require('node:fs');
const path = require('node:path');
const { check, require: must, assert } = require('../lib/check');
const { ensureChromium, launch } = require('../lib/browser');
const { OWNER } = require('../lib/owner');
const { REPO_DIR } = require('../lib/host');
const fx = require('../lib/fixtures');

const SHOTS = path.join(REPO_DIR, 'docs', 'screenshots');
const TIMEOUT = 20e3;

// Every Kohomai icon on the page, with whether the browser could render it.
const kohomaiIcons = (page, scope = 'body') =>
	page.$$eval(`${scope} img`, (imgs) =>
		imgs
			.filter((i) => /\/icons\/n8n-nodes-kohomai\//.test(i.src))
			.map((i) => ({ src: i.src.replace(/^.*\/icons\//, 'icons/'), ok: i.complete && i.naturalWidth > 0 })),
	);

async function openWorkflow(page, base, id, theme) {
	await page.goto(`${base}/workflow/${id}?theme=${theme}`);
	await page.waitForSelector('[data-test-id=canvas-node]', { timeout: TIMEOUT });
	await page.click('[data-test-id=zoom-to-fit]').catch(() => {});
	await page.waitForTimeout(800); // canvas fit animation
}

async function iconsOnCanvas(page, nodeNames, expectDark) {
	const found = [];
	for (const name of nodeNames) {
		const node = page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`);
		const scope = (await node.count()) ? `[data-test-id=canvas-node][data-node-name="${name}"]` : null;
		assert.ok(scope, `canvas node "${name}" not found`);
		const icons = await kohomaiIcons(page, scope);
		assert.equal(icons.length, 1, `${name}: ${icons.length} Kohomai icons`);
		assert.ok(icons[0].ok, `${name}: icon ${icons[0].src} did not load`);
		assert.equal(
			/\.dark\.svg$/.test(icons[0].src),
			expectDark,
			`${name}: ${icons[0].src} in ${expectDark ? 'dark' : 'light'} theme`,
		);
		found.push(icons[0].src.split('/').pop());
	}
	return [...new Set(found)].join(', ');
}

module.exports = async function editorStep(ctx) {
	const { n8n } = ctx;
	console.log('\n▸ Editor: headless Chromium');
	if (!ctx.serverReady) throw new Error('skipped: the server phase did not get as far as listing the node types');
	const base = n8n.baseUrl;
	const executablePath = await ensureChromium();
	const version = (await require('../lib/proc').run(executablePath, ['--version'], { quiet: true })).stdout.trim();
	console.log(`  ${version}`);
	fs.mkdirSync(SHOTS, { recursive: true });
	const browser = await launch(ctx.host.playwright, executablePath);
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
		page.setDefaultTimeout(TIMEOUT);

		await must("sign in through the editor's login form", async () => {
			await page.goto(`${base}/signin`);
			await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
			await page.fill('input[name=password]', OWNER.password);
			await page.click('[data-test-id=form-submit-button]');
			await page.waitForURL((u) => !u.pathname.includes('signin'), { timeout: TIMEOUT });
		});

		const sessionNodes = ['Find end user by email', 'Open login session'];
		await check('canvas (light theme): the Kohomai nodes of example (b) show the light icon', async () => {
			await openWorkflow(page, base, fx.EXAMPLES.session.id, 'light');
			const icons = await iconsOnCanvas(page, sessionNodes, false);
			await page.screenshot({ path: path.join(SHOTS, 'canvas-light.png') });
			return icons;
		});

		const expectedActions = ctx.nodeType.properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => p.options.map((o) => o.action));
		await check('nodes panel: searching "Kohomai" finds the node, with its icon', async () => {
			await page.click('[data-test-id=node-creator-plus-button]');
			await page.locator('[data-test-id=node-creator-search-bar]').fill('Kohomai');
			const item = page.locator('[data-test-id=item-iterator-item]', { hasText: 'Kohomai' }).first();
			await item.waitFor();
			const icons = await kohomaiIcons(page, '[data-test-id=node-creator]');
			assert.ok(icons.length >= 1 && icons.every((i) => i.ok), `icons in the panel: ${JSON.stringify(icons)}`);
			await item.click();
		});
		await check(`nodes panel: the node lists all ${expectedActions.length} operations and its trigger`, async () => {
			// The node's page in the panel: category headers ("JOURNEY ACTIONS") and
			// one entry per operation, named by the operation's action.
			await page.locator('[data-test-id=item-iterator-item]', { hasText: expectedActions[0] }).first().waitFor();
			// The search results slide out while the node's page slides in.
			await page
				.locator('[data-test-id=item-iterator-item]', { hasText: ctx.nodeType.description })
				.waitFor({ state: 'detached' });
			const entries = await page.$$eval('[data-test-id=item-iterator-item]', (els) =>
				els.map((e) => e.innerText.trim()),
			);
			// n8n shows a node's trigger on the same page, as an entry with the trigger's description.
			const isTrigger = (t) => t.includes(ctx.triggerType.description);
			assert.equal(entries.filter(isTrigger).length, 1, `the Kohomai Trigger entry: ${JSON.stringify(entries)}`);
			const actions = entries.filter((t) => !/ actions$/i.test(t) && !isTrigger(t));
			assert.deepEqual([...actions].sort(), [...expectedActions].sort());
			await page.screenshot({ path: path.join(SHOTS, 'nodes-panel.png') });
			return actions.join(' | ');
		});
		await check('choosing "Create a journey" opens the node with the Journey: Create fields', async () => {
			await page.locator('[data-test-id=item-iterator-item]', { hasText: 'Create a journey' }).click();
			await page.locator('[data-test-id=ndv]').waitFor();
			for (const f of ['firstName', 'lastName', 'email', 'redirectUrl']) {
				await page.locator(`[data-test-id=parameter-input-${f}]`).waitFor({ timeout: 5000 });
			}
			await page.locator('[data-test-id=fixed-collection-journeyData]').waitFor({ timeout: 5000 });
		});

		await check('parameter panel of Journey: Create in example (a), with its credential and journey data', async () => {
			await openWorkflow(page, base, fx.EXAMPLES.signup.id, 'light');
			await page.locator('[data-test-id=canvas-node][data-node-name="Register for onboarding"]').dblclick();
			const ndv = page.locator('[data-test-id=ndv]');
			await ndv.waitFor();
			await page.locator('[data-test-id=parameter-input-email]').waitFor();
			const credential = await page.locator('[data-test-id=node-credentials-select] input').inputValue();
			assert.equal(credential, fx.CRED.name);
			const text = await page.locator('[data-test-id=node-parameters]').innerText();
			assert.match(text, /Journey Data/);
			assert.match(text, /\$json\.body\.email/);
			const icons = await kohomaiIcons(page, '[data-test-id=ndv]');
			assert.ok(icons.length >= 1 && icons.every((i) => i.ok), 'no icon in the panel header');
			await page.screenshot({ path: path.join(SHOTS, 'journey-create-parameters.png') });
		});

		await check('canvas (dark theme): the Kohomai nodes show the dark icon', async () => {
			await openWorkflow(page, base, fx.EXAMPLES.session.id, 'dark');
			const dark = await page.evaluate(
				() =>
					document.body.getAttribute('data-theme') ||
					document.documentElement.getAttribute('data-theme') ||
					document.body.className,
			);
			assert.match(String(dark), /dark/, `theme marker: ${dark}`);
			const icons = await iconsOnCanvas(page, sessionNodes, true);
			await page.screenshot({ path: path.join(SHOTS, 'canvas-dark.png') });
			return icons;
		});

		await check(
			'canvas: example (c) shows the Kohomai Tool nodes attached to the AI agent, without warnings',
			async () => {
				await openWorkflow(page, base, fx.EXAMPLES.agent.id, 'light');
				const tools = ['Find end user', 'Create login link', 'Register new end user'];
				await iconsOnCanvas(page, tools, false);
				for (const name of tools) {
					const issues = await page
						.locator(`[data-test-id=canvas-node][data-node-name="${name}"] [data-test-id=node-issues]`)
						.count();
					assert.equal(issues, 0, `${name} shows a warning on the canvas`);
				}
				await page.screenshot({ path: path.join(SHOTS, 'ai-agent-tools.png') });
				return tools.join(', ');
			},
		);
	} finally {
		await browser.close();
	}
	return { SHOTS };
};
