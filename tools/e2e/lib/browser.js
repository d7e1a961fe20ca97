'use strict';
// Debian's Chromium driven by playwright-core: no browser download (it cannot
// work here), and only flags that keep it off the network.
const fs = require('node:fs');
const { run } = require('./proc');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

async function ensureChromium(log = console.log) {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	const isRoot = process.getuid && process.getuid() === 0;
	if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
		throw new Error(
			`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
		);
	}
	log('  installing Debian chromium with apt-get (once per machine)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], { env, quiet: true });
	await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env, quiet: true });
	return CHROMIUM;
}

async function launch(playwrightDir, executablePath) {
	const { chromium } = require(playwrightDir);
	return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

module.exports = { ensureChromium, launch, CHROMIUM };
