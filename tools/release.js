#!/usr/bin/env node
'use strict';
// npm run release -- <patch|minor|major|x.y.z> [--dry-run]
//
// The local half of a release, the steps of n8n's `n8n-node release`: check,
// bump the version, date the changelog, commit, tag v<version>, push. The
// pushed tag starts .github/workflows/publish.yml, which publishes to npm with
// a provenance statement; nothing is published from this machine.
//
// n8n-node release writes the changelog from commit messages (auto-changelog);
// this one keeps CHANGELOG.md as written by hand (Keep a Changelog) and moves
// its Unreleased section under the new version.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const semver = require('semver');

const ROOT = path.resolve(__dirname, '..');
const CHANGELOG = path.join(ROOT, 'CHANGELOG.md');
const BRANCH = 'main';

function sh(cmd, args, opts = {}) {
	return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: opts.show ? 'inherit' : 'pipe' });
}

/**
 * Moves the body of "## [Unreleased]" under "## [version] - date" and updates
 * the compare links at the bottom.
 *
 * @param {string} text CHANGELOG.md in Keep a Changelog 1.1.0 form
 * @param {string} previous the version released before (x.y.z)
 * @param {string} version the new version (x.y.z)
 * @param {string} date YYYY-MM-DD
 * @returns {{ text: string, notes: string }} the new file and the version's notes
 * @throws {Error} when there is no Unreleased section or it lists nothing
 */
function dateChangelog(text, previous, version, date) {
	const head = text.match(/^## \[Unreleased\][^\n]*\n/m);
	if (!head) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
	const start = head.index + head[0].length;
	const next = text.slice(start).search(/^## \[/m);
	const end = next === -1 ? text.search(/^\[Unreleased\]:/m) : start + next;
	const body = text
		.slice(start, end === -1 ? undefined : end)
		.replace(/^Planned as [^\n]*\n/m, '')
		.trim();
	if (!/^- /m.test(body)) throw new Error('the Unreleased section of CHANGELOG.md lists no change');
	const repo = text.match(/^\[Unreleased\]: (\S+)\/compare\//m);
	let out = `${text.slice(0, start)}\n## [${version}] - ${date}\n\n${body}\n\n${text.slice(end)}`;
	if (repo) {
		out = out.replace(
			/^\[Unreleased\]: .*$/m,
			`[Unreleased]: ${repo[1]}/compare/v${version}...HEAD\n[${version}]: ${repo[1]}/compare/v${previous}...v${version}`,
		);
	}
	return { text: out, notes: body };
}

function main() {
	const args = process.argv.slice(2);
	const dryRun = args.includes('--dry-run');
	const bump = args.find((a) => !a.startsWith('--'));
	if (process.env.GITHUB_ACTIONS) {
		throw new Error('in GitHub Actions the tag is published by .github/workflows/publish.yml; run this locally');
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const version = ['patch', 'minor', 'major'].includes(bump) ? semver.inc(pkg.version, bump) : semver.valid(bump);
	if (!version) throw new Error('usage: npm run release -- <patch|minor|major|x.y.z> [--dry-run]');
	if (!semver.gt(version, pkg.version)) throw new Error(`${version} is not above the current ${pkg.version}`);
	const date = new Date().toISOString().slice(0, 10);
	const { text, notes } = dateChangelog(fs.readFileSync(CHANGELOG, 'utf8'), pkg.version, version, date);

	const branch = sh('git', ['rev-parse', '--abbrev-ref', 'HEAD']).trim();
	const dirty = sh('git', ['status', '--porcelain']).trim();
	const problems = [
		branch !== BRANCH && `on branch ${branch}, not ${BRANCH}`,
		dirty && 'the working tree has uncommitted changes',
		sh('git', ['tag', '--list', `v${version}`]).trim() && `tag v${version} exists`,
	].filter(Boolean);
	if (problems.length && !dryRun) throw new Error(`cannot release: ${problems.join('; ')}`);
	for (const p of problems) console.log(`(dry run) would refuse: ${p}`);

	console.log(`• ${pkg.name} ${pkg.version} -> ${version}: lint (build, n8n rules, scanner, provenance), tests`);
	sh('npm', ['run', 'lint'], { show: true });
	sh('npm', ['test'], { show: true });

	console.log(`\n• v${version} notes:\n\n${notes}\n`);
	if (dryRun) {
		console.log(`(dry run) would write CHANGELOG.md and package.json ${version}, commit, tag v${version}, push`);
		return;
	}
	fs.writeFileSync(CHANGELOG, text);
	sh('npm', ['version', version, '--no-git-tag-version', '--ignore-scripts']);
	sh('git', ['add', 'CHANGELOG.md', 'package.json', 'package-lock.json']);
	sh('git', ['commit', '-q', '-m', `Release v${version}`]);
	sh('git', ['tag', '-a', '--cleanup=verbatim', `v${version}`, '-m', `v${version}\n\n${notes}`]);
	sh('git', ['push', '--follow-tags', 'origin', BRANCH], { show: true });
	console.log(`• pushed v${version}: .github/workflows/publish.yml publishes it with provenance`);
}

module.exports = { dateChangelog };

if (require.main === module) {
	try {
		main();
	} catch (err) {
		console.error(`release: ${err.message}`);
		process.exit(1);
	}
}
