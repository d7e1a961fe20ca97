// tsc emits only JavaScript; n8n also needs the icons and the codex beside
// each compiled node and credential.
const { src, dest } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'], { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = copyNodeAssets;
