import { version as platformVersion } from 'zapier-platform-core';

import { addBearer, authentication } from './authentication';
import { createJourney } from './creates/createJourney';
import { createSession } from './creates/createSession';
import { findJourney } from './searches/findJourney';
import { findUser } from './searches/findUser';
import { activityCompleted } from './triggers/activityCompleted';
import { journeyCompleted } from './triggers/journeyCompleted';
import { newJourney } from './triggers/newJourney';
import { newUser } from './triggers/newUser';
import { workflow } from './triggers/workflow';

const byKey = <T extends { key: string }>(...items: T[]) => Object.fromEntries(items.map((item) => [item.key, item]));

/** The Kohomai app definition (zapier-platform-schema 19); index.js adds the version from package.json. */
const App = {
	platformVersion,
	authentication,
	beforeRequest: [addBearer],
	triggers: byKey<{ key: string }>(newUser, newJourney, journeyCompleted, activityCompleted, workflow),
	searches: byKey<{ key: string }>(findUser, findJourney),
	creates: byKey<{ key: string }>(createJourney, createSession),
};

export default App;
