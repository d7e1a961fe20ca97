// Runs the exact checks of @n8n/scan-community-package on a local directory.
//
// Usage: node tools/lint/scan.mjs <source|tarball> <dir>
//
// Why not the scanner CLI: `analyzePackageByName` always fetches the package,
// its provenance and the attested GitHub source from the network. Its lint
// step, `analyzePackage(dir, patterns)`, is exported and works offline, so we
// call it with the same file patterns the scanner uses for each leg:
//   source  -> SOURCE_FILE_PATTERNS (package.json + nodes/credentials sources)
//   tarball -> ['**/*.js', 'package.json'] (the extracted `npm pack` output)
// `analyzePackage` only reports errors (warnings never fail the real scan),
// but we want 0 warnings too, so we also lint once more with the scanner's own
// `buildScanConfig()` and identical ESLint options to count/print warnings.
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [leg, dir] = process.argv.slice(2);
const PATTERNS = { source: SOURCE_FILE_PATTERNS, tarball: ['**/*.js', 'package.json'] };
if (!PATTERNS[leg] || !dir) {
	console.error('usage: node tools/lint/scan.mjs <source|tarball> <dir>');
	process.exit(2);
}
const patterns = PATTERNS[leg];

// 1. The scanner's own verdict.
const verdict = await analyzePackage(dir, patterns);

// 2. Same lint, with warnings (mirrors analyzePackage's ESLint setup verbatim:
//    inline config off, no config file, scanner's flat config, same glob).
const eslint = new ESLint({
	cwd: dir,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await buildScanConfig(),
});
const files = glob.sync(patterns, {
	cwd: dir,
	absolute: true,
	ignore: ['node_modules/**', '**/package-lock.json'],
});
const results = files.length ? await eslint.lintFiles(files) : [];
const errors = results.reduce((n, r) => n + r.errorCount, 0);
const warnings = results.reduce((n, r) => n + r.warningCount, 0);

if (errors + warnings > 0) {
	const formatter = await eslint.loadFormatter('stylish');
	process.stdout.write(await formatter.format(results));
}
if (!verdict.passed && errors === 0) {
	// e.g. "Analysis failed: ..." (a crash inside the scanner): show it.
	console.log(verdict.message, verdict.details ?? '', verdict.error ?? '');
}
console.log(
	`scan-community-package [${leg}] ${files.length} files (${patterns.join(', ')}): ` +
		`${errors} errors, ${warnings} warnings; scanner verdict: ${verdict.passed ? 'passed' : 'FAILED'}`,
);
process.exit(verdict.passed && errors + warnings === 0 ? 0 : 1);
