// Zapier loads the app from here. The TypeScript sources and the shared Kohomai
// mapping (../nodes/Kohomai/mapping) are compiled together into lib/ by
// `npm run build` (which `zapier-platform push` runs through _zapier-build),
// so this folder is self-contained once built.
const app = require('./lib/zapier/src/index').default;

module.exports = { ...app, version: require('./package.json').version };
