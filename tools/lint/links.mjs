#!/usr/bin/env node
// Dead-link check over the repository's Markdown:
//
//   node tools/lint/links.mjs [repo-dir]
//
// Every relative link and image (inline, reference definitions, HTML href/src)
// must name a file or folder that exists, and an #anchor into a Markdown file
// must match one of its headings as GitHub renders the ids. Absolute links into
// this repository (github.com/<owner>/<repo>/blob|tree/main/…,
// raw.githubusercontent.com/<owner>/<repo>/main/…), which the README uses so
// that they also work on npm, are checked against the local files the same way.
// Other external links are not fetched: CI runs offline.
//
// tools/lint/links-pending.txt lists repository paths that another branch is
// adding; links to them are reported, not failed, while they are missing.
// Exit code 1 when a link is dead.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage', '.cache', '.work', '.tmp', '.results']);
// Build output of the Zapier app (git-ignored there).
const SKIP_PATHS = new Set(['zapier/lib', 'zapier/build']);

/**
 * Markdown files of a repository, repo-relative with `/` separators, sorted.
 * @param {string} root repository root
 * @returns {string[]}
 */
export function markdownFiles(root) {
	const out = [];
	const walk = (rel) => {
		for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
			const r = rel ? `${rel}/${e.name}` : e.name;
			if (e.isDirectory()) {
				if (!SKIP_DIRS.has(e.name) && !SKIP_PATHS.has(r)) walk(r);
			} else if (e.isFile() && /\.md$/i.test(e.name)) out.push(r);
		}
	};
	walk('');
	return out.sort();
}

/**
 * The text with fenced code blocks, inline code spans and HTML comments
 * replaced by spaces (newlines kept), so offsets and line numbers still hold
 * and nothing inside code counts as a link or a heading.
 * @param {string} text Markdown source
 * @returns {string}
 */
export function blankCode(text) {
	const blank = (s) => s.replace(/[^\n]/g, ' ');
	let out = '';
	let fence = null;
	for (const line of text.split(/(?<=\n)/)) {
		const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
		if (fence) {
			if (m && m[1][0] === fence[0] && m[1].length >= fence.length && !line.slice(m[0].length).trim()) fence = null;
			out += blank(line);
		} else if (m) {
			fence = m[1];
			out += blank(line);
		} else out += line;
	}
	return out.replace(/<!--[\s\S]*?-->/g, blank).replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)|(`+)[^`\n]\2(?!`)/g, blank);
}

/**
 * GitHub's heading id for a heading's text (as github-slugger does it): markup
 * removed, lower case, punctuation dropped, spaces to hyphens.
 * @param {string} heading the heading's Markdown text, without the leading #s
 * @returns {string}
 */
export function slug(heading) {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
		.replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
		.replace(/<[^>]+>/g, '') // inline HTML
		.replace(/`/g, '')
		.replace(/\*+/g, '')
		.replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1'); // _emphasis_, not snake_case
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/**
 * The anchors a Markdown file defines: its headings' ids (duplicates get -1,
 * -2, … as on GitHub) and explicit `id="…"` / `name="…"` attributes.
 * @param {string} text Markdown source
 * @returns {Set<string>}
 */
export function anchorsOf(text) {
	const seen = new Map();
	const anchors = new Set();
	const code = blankCode(text);
	for (const line of code.split('\n')) {
		const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!h) continue;
		const base = slug(h[1]);
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		anchors.add(n ? `${base}-${n}` : base);
	}
	for (const m of code.matchAll(/\s(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
	return anchors;
}

/**
 * Link targets in a Markdown file, with their line numbers.
 * @param {string} text Markdown source
 * @returns {{ line: number, target: string }[]}
 */
export function linksOf(text) {
	const code = blankCode(text);
	const found = [];
	const add = (index, target) => found.push({ line: code.slice(0, index).split('\n').length, target });
	// [text](dest "title") and ![alt](dest); the text may hold one level of [ ].
	for (const m of code.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g))
		add(m.index, m[1].replace(/^<|>$/g, ''));
	// [label]: dest
	for (const m of code.matchAll(/^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm)) add(m.index, m[1].replace(/^<|>$/g, ''));
	for (const m of code.matchAll(/\s(?:href|src)="([^"]+)"/g)) add(m.index, m[1]);
	return found;
}

/**
 * `owner/name` of the repository from package.json's repository field, if it is on GitHub.
 * @param {string} root repository root
 * @returns {string|undefined}
 */
export function githubRepo(root) {
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
		const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
		const m = /github\.com[/:]([^/]+\/[^/#]+?)(?:\.git)?(?:[#/].*)?$/.exec(url ?? '');
		return m?.[1];
	} catch {
		return undefined;
	}
}

/**
 * Checks every Markdown file of a repository.
 * @param {string} root repository root
 * @param {{ pending?: string[] }} [options] repo-relative paths another branch adds
 * @returns {{ files: number, checked: number, external: number, dead: string[], pending: string[], stalePending: string[] }}
 */
export function checkRepo(root, { pending = [] } = {}) {
	const repo = githubRepo(root);
	const own = repo
		? new RegExp(
				`^https?://(?:github\\.com/${escape(repo)}(?:/(?:blob|tree)/(?:main|HEAD)(/[^?#]*))?|raw\\.githubusercontent\\.com/${escape(repo)}/(?:main|HEAD)(/[^?#]*))/?([?#].*)?$`,
				'i',
			)
		: null;
	const anchorCache = new Map();
	const anchorsIn = (rel) => {
		if (!anchorCache.has(rel)) anchorCache.set(rel, anchorsOf(fs.readFileSync(path.join(root, rel), 'utf8')));
		return anchorCache.get(rel);
	};
	const result = { files: 0, checked: 0, external: 0, dead: [], pending: [], stalePending: [] };
	const pendingSet = new Set(pending);
	for (const file of markdownFiles(root)) {
		result.files++;
		for (const { line, target } of linksOf(fs.readFileSync(path.join(root, file), 'utf8'))) {
			let rel;
			let anchor;
			const ownMatch = own?.exec(target);
			if (ownMatch) {
				const p = ownMatch[1] ?? ownMatch[2];
				anchor = ownMatch[3]?.startsWith('#') ? ownMatch[3].slice(1) : undefined;
				// The repository's home page shows the README.
				rel = p ? decodeURIComponent(p.replace(/^\/+/, '')) : 'README.md';
				if (!p && anchor === 'readme') anchor = undefined; // GitHub's own anchor for the README box
			} else if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
				result.external++;
				continue;
			} else {
				const [p, ...a] = target.split('#');
				anchor = a.length ? a.join('#') : undefined;
				const clean = decodeURIComponent(p.split('?')[0]);
				rel =
					clean === ''
						? file
						: path.posix.normalize(
								clean.startsWith('/') ? clean.slice(1) : path.posix.join(path.posix.dirname(file), clean),
							);
			}
			result.checked++;
			const where = `${file}:${line}: ${target}`;
			if (rel.startsWith('..')) {
				result.dead.push(`${where} (points outside the repository)`);
				continue;
			}
			const abs = path.join(root, rel);
			if (!fs.existsSync(abs)) {
				if (pendingSet.has(rel)) result.pending.push(`${where} (${rel} is added by another branch)`);
				else result.dead.push(`${where} (no such file: ${rel})`);
				continue;
			}
			if (anchor && /\.md$/i.test(rel) && fs.statSync(abs).isFile() && !anchorsIn(rel).has(decodeURIComponent(anchor)))
				result.dead.push(`${where} (no heading #${anchor} in ${rel})`);
		}
	}
	for (const p of pendingSet) if (fs.existsSync(path.join(root, p))) result.stalePending.push(p);
	return result;
}

function escape(s) {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Repo-relative paths listed in tools/lint/links-pending.txt (comments and blank lines skipped).
 * @param {string} root repository root
 * @returns {string[]}
 */
export function readPending(root) {
	const f = path.join(root, 'tools', 'lint', 'links-pending.txt');
	if (!fs.existsSync(f)) return [];
	return fs
		.readFileSync(f, 'utf8')
		.split('\n')
		.map((l) => l.replace(/#.*/, '').trim())
		.filter(Boolean);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'));
	const r = checkRepo(root, { pending: readPending(root) });
	for (const d of r.dead) console.log(`✗ ${d}`);
	for (const p of r.pending) console.log(`… ${p}`);
	for (const p of r.stalePending) console.log(`! ${p} exists now: remove it from tools/lint/links-pending.txt`);
	console.log(
		`links: ${r.files} Markdown files, ${r.checked} links to this repository checked (files and #anchors), ` +
			`${r.external} external not fetched, ${r.pending.length} to pages another branch adds, ${r.dead.length} dead`,
	);
	process.exitCode = r.dead.length ? 1 : 0;
}
