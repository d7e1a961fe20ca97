import { Kohomai } from '../nodes/Kohomai/Kohomai.node';
import { KohomaiApi } from '../credentials/KohomaiApi.credentials';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createEngine } = require('./engine');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox');

export const engine = createEngine({ nodeClasses: [Kohomai], credentialClasses: [KohomaiApi] });
export { createSandbox };
