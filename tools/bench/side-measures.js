'use strict';
// Measurements outside the engine: tarball, module load time, lossless parser.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `npm pack` the package as a user gets it, and unpack it where bench/node_modules resolves n8n-workflow. */
function packAndExtract(root, outDir) {
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	const [info] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: root, encoding: 'utf8' }),
	);
	execFileSync('tar', ['-xzf', path.join(outDir, info.filename), '-C', outDir]);
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	return {
		dir: path.join(outDir, 'package'),
		tarballBytes: info.size,
		unpackedBytes: info.unpackedSize,
		files: info.entryCount,
		runtimeDependencies: Object.keys(pkg.dependencies ?? {}).length,
	};
}

/**
 * Time to require the node and credential modules in a fresh process. n8n has
 * n8n-workflow (the peer dependency) loaded long before it loads a community
 * node, so it is required first and not counted; the cold figure includes it.
 */
function moduleLoadMs(pkgDir, runs = 9) {
	const script = `
		const t0 = process.hrtime.bigint();
		require('n8n-workflow');
		const t1 = process.hrtime.bigint();
		require(${JSON.stringify(path.join(pkgDir, 'dist/nodes/Kohomai/Kohomai.node.js'))});
		require(${JSON.stringify(path.join(pkgDir, 'dist/credentials/KohomaiApi.credentials.js'))});
		const t2 = process.hrtime.bigint();
		console.log(JSON.stringify({ module: Number(t2 - t1) / 1e6, cold: Number(t2 - t0) / 1e6 }));`;
	const samples = Array.from({ length: runs }, () =>
		JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' })),
	);
	return { moduleMs: median(samples.map((s) => s.module)), coldMs: median(samples.map((s) => s.cold)), runs };
}

/** A users page of about 5 MB whose ids are above 2^53, as Kohomai returns them. */
function usersPage(targetBytes = 5 * 1024 * 1024) {
	const users = [];
	let size = 0;
	for (let i = 0; size < targetBytes; i++) {
		const id = (74590868830731162n + BigInt(i) * 7919n).toString();
		const text = `{"Id":${id},"Firstname":"First ${i}","Lastname":"Last ${i}","ContactPrefs":{"Email":"user.${i}@example.com","Phone":null},"WorkspaceId":${id},"Score":${(i % 97) / 7},"Active":${i % 3 !== 0},"Tags":["cohort-${i % 12}","import"],"createdDate":"2025-0${1 + (i % 9)}-1${i % 10}T08:00:00.000Z"}`;
		users.push(text);
		size += text.length + 1;
	}
	return `{"data":[${users.join(',')}],"total":${users.length},"offset":0,"limit":${users.length}}`;
}

function parserRatio(pkgDir, runs = 7) {
	const { parseJsonLossless } = require(path.join(pkgDir, 'dist/nodes/Kohomai/mapping/json.js'));
	const text = usersPage();
	const time = (fn) => {
		fn(); // warm-up, so both are compared at full JIT speed
		return median(
			Array.from({ length: runs }, () => {
				const t0 = process.hrtime.bigint();
				fn();
				return Number(process.hrtime.bigint() - t0) / 1e6;
			}),
		);
	};
	const jsonMs = time(() => JSON.parse(text));
	const losslessMs = time(() => parseJsonLossless(text));
	// The point of the lossless parser: the last digits survive.
	const first = parseJsonLossless(text).data[0].Id;
	return { bytes: text.length, jsonMs, losslessMs, ratio: losslessMs / jsonMs, firstId: String(first), runs };
}

module.exports = { packAndExtract, moduleLoadMs, parserRatio, median };
