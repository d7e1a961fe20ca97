// What n8n's scanner needs from package.json before it lints anything.
//
// Usage: node tools/lint/provenance.mjs [package-dir]   (default: the cwd)
//
// @n8n/scan-community-package 0.32.0 (scanner/provenance.mjs, scanner.mjs)
// refuses a package whose registry metadata has no SLSA v1 provenance, then
// reads the attested source repository out of that provenance (GitHub only:
// `git+https://github.com/<owner>/<repo>`), downloads that commit, looks for
// the package.json whose `name` equals the package name (the first match
// wins), and lints `package.json` and `{nodes,credentials}/**` beside it.
// npm itself refuses `npm publish --provenance` when `repository.url` does
// not name the repository the GitHub Actions run belongs to. Each of those
// needs something of package.json that can be checked before publishing.
//
// In GitHub Actions the check also compares `repository` with
// GITHUB_REPOSITORY and, on a tag, the tag with `v<version>`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import glob from 'fast-glob';
import hostedGitInfo from 'hosted-git-info';
import semver from 'semver';

const NPM_REGISTRY = 'https://registry.npmjs.org/';
const NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?n8n-nodes-[a-z0-9][a-z0-9._~-]*$/;

/**
 * Checks a package directory for the scanner's provenance prerequisites.
 *
 * @param {string} dir package root (holds package.json, nodes/, credentials/)
 * @param {Record<string, string | undefined>} env GITHUB_REPOSITORY,
 *   GITHUB_REF_TYPE and GITHUB_REF_NAME as GitHub Actions sets them
 * @returns {{ ok: boolean, label: string, message: string }[]} one entry per rule
 * @throws {Error} when package.json is missing or is not JSON
 */
export function checkProvenance(dir, env = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const results = [];
	const rule = (label, ok, message) => results.push({ ok: Boolean(ok), label, message });

	rule(
		'name',
		typeof pkg.name === 'string' && NAME.test(pkg.name),
		`"name" must be n8n-nodes-<name> or @<scope>/n8n-nodes-<name>, got ${JSON.stringify(pkg.name)}`,
	);
	rule(
		'version',
		typeof pkg.version === 'string' && semver.valid(pkg.version),
		`"version" must be a semantic version, got ${JSON.stringify(pkg.version)}`,
	);
	rule('private', pkg.private !== true, '"private": true cannot be published');

	const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	const hosted = typeof url === 'string' ? hostedGitInfo.fromUrl(url) : undefined;
	rule(
		'repository',
		hosted?.type === 'github',
		`"repository.url" must name a public GitHub repository (the scanner fetches the attested source from GitHub only), got ${JSON.stringify(url)}`,
	);
	if (hosted?.type === 'github' && env.GITHUB_REPOSITORY) {
		const mine = `${hosted.user}/${hosted.project}`;
		rule(
			'repository matches the workflow',
			mine.toLowerCase() === env.GITHUB_REPOSITORY.toLowerCase(),
			`"repository.url" names ${mine} but this run belongs to ${env.GITHUB_REPOSITORY}: npm refuses the provenance statement`,
		);
	}

	const registry = pkg.publishConfig?.registry;
	rule(
		'registry',
		registry === undefined || registry.replace(/\/?$/, '/') === NPM_REGISTRY,
		`"publishConfig.registry" must be ${NPM_REGISTRY} (where the scanner reads provenance), got ${JSON.stringify(registry)}`,
	);
	rule(
		'provenance not disabled',
		pkg.publishConfig?.provenance !== false,
		'"publishConfig.provenance": false turns off the statement the scanner requires',
	);

	const others = glob
		.sync('**/package.json', {
			cwd: dir,
			ignore: ['**/node_modules/**', '**/.work/**', '**/.cache/**', 'dist/**'],
		})
		.filter((f) => f !== 'package.json')
		.filter((f) => readName(path.join(dir, f)) === pkg.name);
	rule(
		'one package.json with this name',
		others.length === 0,
		`${others.join(', ')} also declare "name": ${JSON.stringify(pkg.name)}; the scanner lints the first match it finds`,
	);

	const built = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = built
		.map((f) => f.replace(/^dist\//, '').replace(/\.js$/, '.ts'))
		.filter((f) => !/^(nodes|credentials)\//.test(f) || !fs.existsSync(path.join(dir, f)));
	rule(
		'sources beside package.json',
		built.length > 0 && missing.length === 0,
		built.length === 0
			? '"n8n.nodes"/"n8n.credentials" list nothing'
			: `the scanner lints nodes/ and credentials/ beside package.json; no source for ${missing.join(', ')}`,
	);

	if (env.GITHUB_REF_TYPE === 'tag') {
		rule(
			'tag matches version',
			env.GITHUB_REF_NAME === `v${pkg.version}`,
			`tag ${env.GITHUB_REF_NAME} does not match "version" ${pkg.version} (expected v${pkg.version})`,
		);
	}
	return results;
}

function readName(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')).name;
	} catch {
		return undefined;
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const dir = path.resolve(process.argv[2] ?? '.');
	const results = checkProvenance(dir, process.env);
	for (const r of results) console.log(`${r.ok ? '  ok ' : '  FAIL'} ${r.label}${r.ok ? '' : `: ${r.message}`}`);
	const failed = results.filter((r) => !r.ok).length;
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	console.log(`provenance prerequisites [${pkg.name}@${pkg.version}]: ${results.length} checks, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}
