/**
 * The one place that knows the shape of Kohomai's records, for labels in
 * list searches and for matching results again on the client side.
 * List and record shapes are undocumented in every public version of the docs
 * (PUBLIC-DOCS-FACTS §1.3, §4.2): the names follow the connection object
 * (`Id`, `Firstname`, `Lastname`, SDK-B 2023-05-30) and `ContactPrefs.Email`
 * (the registration body, SDK-B), with lowercase forms as fallbacks.
 * Ids are expected as strings (the transport turns every id into text).
 */
export type KohomaiRecord = Record<string, unknown>;

export type RecordKind = 'user' | 'journey' | 'workflow';

function field(record: unknown, ...names: string[]): unknown {
	if (record === null || typeof record !== 'object') return undefined;
	const r = record as KohomaiRecord;
	for (const name of names) if (r[name] !== undefined && r[name] !== null) return r[name];
	return undefined;
}

function text(value: unknown): string {
	return typeof value === 'string'
		? value.trim()
		: typeof value === 'number' || typeof value === 'bigint'
			? String(value)
			: '';
}

/** The record's id as text, '' when it has none. */
export function recordId(record: unknown): string {
	return text(field(record, 'Id', 'id', 'ID'));
}

/** A person's email: `ContactPrefs.Email`, else a top-level `Email`/`email`. */
export function userEmail(user: unknown): string {
	return (
		text(field(field(user, 'ContactPrefs', 'contactPrefs'), 'Email', 'email')) || text(field(user, 'Email', 'email'))
	);
}

/** A person's first name, '' when absent. */
export function firstName(person: unknown): string {
	return text(field(person, 'Firstname', 'firstName', 'firstname'));
}

/** A person's last name, '' when absent. */
export function lastName(person: unknown): string {
	return text(field(person, 'Lastname', 'lastName', 'lastname'));
}

/** "Firstname Lastname" of a person. */
export function personName(person: unknown): string {
	return [firstName(person), lastName(person)].filter(Boolean).join(' ');
}

/** The id of the person a journey belongs to: `User.Id`, else `UserId`. */
export function journeyUserId(journey: unknown): string {
	return recordId(field(journey, 'User', 'user')) || text(field(journey, 'UserId', 'userId'));
}

/** How a record is shown in a "From list" dropdown. */
export function recordLabel(kind: RecordKind, record: unknown): string {
	const id = recordId(record);
	switch (kind) {
		case 'user': {
			const email = userEmail(record);
			return [personName(record), email ? `<${email}>` : ''].filter(Boolean).join(' ') || id;
		}
		case 'journey': {
			const who = personName(field(record, 'User', 'user'));
			const workflow = text(field(field(record, 'Workflow', 'workflow', 'Funnel', 'funnel'), 'Name', 'name'));
			const status = text(field(record, 'Status', 'status'));
			const what = [who, workflow].filter(Boolean).join(' in ');
			return [what || `Journey ${id}`, status ? `(${status})` : ''].filter(Boolean).join(' ');
		}
		case 'workflow':
			return text(field(record, 'Name', 'name')) || id;
	}
}

/** Whether the text typed in a list search matches the record's label or id (letter case ignored). */
export function labelMatches(kind: RecordKind, record: unknown, typed: string): boolean {
	const wanted = typed.trim().toLowerCase();
	if (wanted === '') return true;
	return recordLabel(kind, record).toLowerCase().includes(wanted) || recordId(record) === wanted;
}
