/**
 * Generated parameter values and what the node must do with each. A value is
 * tagged when it is generated: 'reject' (clearly invalid: wrong type, empty,
 * too long, not an email, not http(s), not a positive integer), 'accept'
 * (clearly valid, with what must be sent), or 'either' (borderline, such as
 * control characters or URLs that browsers repair: the node may refuse them,
 * but if it sends them it must send exactly `sent`).
 */
import fc from 'fast-check';

export type Verdict = 'reject' | 'accept' | 'either';
/** `special` stands for values JSON cannot carry; the expression produces them. */
export interface Gen {
	v?: unknown;
	special?: 'nan' | 'inf' | 'ninf' | 'unsafe' | 'bigint' | 'undef';
	verdict: Verdict;
	/** What must be sent when accepted; undefined = the field is left out. */
	sent?: unknown;
	why: string;
	/** Length of a huge string built only when the item is made (keeps failure reports readable). */
	huge?: number;
}

/** The expression a generated field goes through, so n8n resolves it like a user's `{{ $json.x }}`. */
export function fromItem(key: string): string {
	const x = `$json.${key}`;
	return `={{ ${x}.s ? ({ nan: NaN, inf: Infinity, ninf: -Infinity, unsafe: 74590868830731162, bigint: BigInt("74590868830731162"), undef: undefined })[${x}.s] : ${x}.v }}`;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const g = (verdict: Verdict, why: string, v: unknown, sent?: unknown): Gen => ({ v, verdict, why, sent });
const special = (s: NonNullable<Gen['special']>, verdict: Verdict, sent?: unknown): Gen => ({
	special: s,
	verdict,
	sent,
	why: `expression yields ${s}`,
});

/** Any UTF-16 code unit, lone surrogates included. */
const anyChar = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
export const anyText = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.string({ unit: anyChar, maxLength: 40 }),
);
const blank = fc.constantFrom('', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', ' \r\n ');
const wrongType = fc.oneof(
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
	fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const numericSpecials: Array<NonNullable<Gen['special']>> = ['nan', 'inf', 'ninf', 'unsafe', 'bigint'];

/** Text with the node's oracle: trimmed, non-empty when required, at most `max` characters. */
function textVerdict(v: string, max: number, required: boolean): Gen {
	const t = v.trim();
	if (t === '') return required ? g('reject', 'blank', v) : g('accept', 'blank optional', v, undefined);
	if (t.length > max) return g('reject', 'too long', v);
	if (CONTROL.test(t)) return g('either', 'control characters', v, t);
	// Half an emoji would be re-encoded as another character in a query string.
	if (LONE_SURROGATE.test(t)) return g('reject', 'broken character', v);
	return g('accept', 'text', v, t);
}

/**
 * A number or switch in a text field is read as its text, as n8n's own nodes
 * do (issue 18, kind 3); a number that cannot be written exactly (beyond
 * 2^53: already rounded) is refused; lists and objects are refused.
 */
function typedTextVerdict(v: unknown, asText: (t: string) => Gen): Gen {
	if (typeof v === 'boolean') return { ...asText(String(v)), v, why: 'switch as text' };
	if (typeof v === 'number') {
		if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v)))
			return g('reject', 'inexact number', v);
		return { ...asText(String(v)), v, why: 'number as text' };
	}
	return g('reject', 'wrong type', v);
}

/** `wellFormed`: no unpaired surrogates (for values that go into a URL). */
export function textField(max: number, required: boolean, wellFormed = false): fc.Arbitrary<Gen> {
	return fc.oneof(
		(wellFormed ? fc.string({ unit: 'binary', maxLength: 40 }) : anyText).map((v) => textVerdict(v, max, required)),
		fc.string({ minLength: max + 1, maxLength: max + 300 }).map((v) => textVerdict(v, max, required)),
		fc.constant<Gen>({ verdict: 'reject', why: 'huge (100000 characters)', huge: 100_000 }),
		blank.map((v) => textVerdict(v, max, required)),
		wrongType.map((v) => typedTextVerdict(v, (t) => textVerdict(t, max, required))),
		fc.constant(null).map(() => (required ? g('reject', 'null', null) : g('accept', 'null optional', null, undefined))),
		fc.constantFrom<NonNullable<Gen['special']>>('nan', 'inf', 'ninf', 'unsafe').map((s) => special(s, 'reject')),
		fc.constant(special('bigint', 'accept', '74590868830731162')),
		fc.constant(required ? special('undef', 'reject') : special('undef', 'accept', undefined)),
	);
}

const emailLike = fc.emailAddress().filter((e) => e.length <= 254);
/** Format characters people copy with an address: zero-width, soft hyphen, BOM, word joiner, bidi marks, a tag. */
const formatChar = fc.constantFrom(
	'\u200b',
	'\u00ad',
	'\ufeff',
	'\u2060',
	'\u200e',
	'\u200f',
	'\u202a',
	'\u202e',
	'\u2066',
	'\u2069',
	'\u200c',
	'\u200d',
	'\u180e',
	'\u{e0020}',
);
export function emailField(required: boolean): fc.Arbitrary<Gen> {
	const bad = (why: string, a: fc.Arbitrary<string>) => a.map((v) => g('reject', why, v));
	return fc.oneof(
		emailLike.map((v) => g('accept', 'valid email', v, v)),
		fc.tuple(blank, emailLike, blank).map(([a, e, b]) => g('accept', 'padded email', a + e + b, e)),
		bad(
			'no @',
			anyText.filter((s) => !s.includes('@') && s.trim() !== ''),
		),
		bad(
			'two @',
			fc.tuple(emailLike, fc.domain()).map(([e, d]) => `${e}@${d}`),
		),
		bad(
			'space inside',
			emailLike.map((e) => e.replace('@', ' @')),
		),
		bad('no dot in domain', fc.constantFrom('john@localhost', 'a@b', 'x@y-z')),
		bad(
			'angle brackets / mailto / control',
			emailLike.chain((e) => fc.constantFrom(`<${e}>`, `mailto:${e}`, e.replace('@', '\n@'), `${e},${e}`)),
		),
		bad('too long', fc.constant(`${'a'.repeat(250)}@example.com`)),
		// Invisible format characters (Unicode Cf) are removed, wherever they are (issue 18, kind 4).
		fc
			.tuple(emailLike, fc.array(fc.tuple(fc.nat(), formatChar), { minLength: 1, maxLength: 4 }))
			.map(([e, inserts]) => {
				// By code point: some format characters (tags, U+E0001...) are surrogate pairs, and
				// inserting inside one would make a broken character, which is refused instead.
				const points = Array.from(e);
				for (const [at, c] of inserts) points.splice(at % (points.length + 1), 0, c);
				return g('accept', 'invisible characters', points.join(''), e);
			}),
		anyText.map((v) =>
			v.trim() === ''
				? g(required ? 'reject' : 'either', 'blank', v)
				: g('either', 'random text', v, v.replace(/\p{Cf}/gu, '').trim()),
		),
		wrongType.map((v) => g('reject', 'wrong type', v)),
		fc.constant(g(required ? 'reject' : 'either', 'null', null)),
		fc.constantFrom(...numericSpecials).map((s) => special(s, 'reject')),
		fc.constant(required ? special('undef', 'reject') : special('undef', 'accept', undefined)),
	);
}

const httpUrl = fc
	.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })
	.filter((u) => u.length <= 2048);
export const urlField: fc.Arbitrary<Gen> = fc.oneof(
	httpUrl.map((v) => g('accept', 'http(s) URL', v, v)),
	fc.tuple(blank, httpUrl).map(([b, u]) => g('accept', 'padded URL', b + u + b, u)),
	blank.map((v) => g('accept', 'blank optional', v, undefined)),
	fc.constant(g('accept', 'null optional', null, undefined)),
	fc.constant(special('undef', 'accept', undefined)),
	fc
		.tuple(
			fc.constantFrom(
				'ftp://',
				'javascript:',
				'mailto:',
				'data:text/html,',
				'file:///',
				'ws://',
				'chrome://',
				'//',
				'/',
				'www.',
			),
			fc.domain(),
		)
		.map(([scheme, d]) => g('reject', 'not http(s)', `${scheme}${d}/x`)),
	fc
		.constantFrom('https://', 'http://', 'https:// example.com', 'http://exa mple.com/', 'https://[::1', 'http://:80')
		.map((v) => g('reject', 'malformed', v)),
	// Parsed and repaired by WHATWG URL; a node may send them or refuse them.
	fc
		.domain()
		.chain((d) => fc.constantFrom(`http:${d}`, `https:/${d}`, `HTTPS://${d}`, `http:\\\\${d}`))
		.map((v) => g('either', 'repairable URL', v, v)),
	fc.constant(g('reject', 'too long', `https://example.com/${'a'.repeat(2100)}`)),
	anyText.filter((s) => !/^\s*https?:/i.test(s) && s.trim() !== '').map((v) => g('reject', 'random text', v)),
	wrongType.map((v) => g('reject', 'wrong type', v)),
	fc.constantFrom(...numericSpecials).map((s) => special(s, 'reject')),
);

/** Ids: exact digits, leading zeros dropped; at most 20 digits; positive. */
export const idField: fc.Arbitrary<Gen> = fc.oneof(
	fc.bigInt({ min: 1n, max: 10n ** 19n * 9n }).map((n) => g('accept', 'digits', String(n), String(n))),
	fc.bigInt({ min: 1n, max: 10n ** 19n }).map((n) => g('accept', 'padded digits', ` 00${n} `, String(n))),
	fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).map((n) => g('accept', 'safe number', n, String(n))),
	fc.integer({ min: -1e9, max: 0 }).map((n) => g('reject', 'not positive', n)),
	fc.bigInt({ min: 1n, max: 10n ** 18n }).map((n) => g('reject', 'negative text', `-${n}`)),
	fc
		.double({ noNaN: true, noDefaultInfinity: true })
		.filter((d) => !Number.isInteger(d))
		.map((d) => g('reject', 'fractional', d)),
	fc
		.constantFrom('1.5', '1e5', '1E+20', '0x1F', '12a', '١٢٣', '１２３', '+5', '5 5', '0', '000', '')
		.map((v) => g('reject', 'not digits', v)),
	fc.integer({ min: 21, max: 40 }).map((n) => g('reject', 'too many digits', '9'.repeat(n))),
	fc.double({ min: 1e16, max: 1e18, noNaN: true }).map((n) => g('reject', 'unsafe number', Math.floor(n))),
	anyText.filter((s) => !/^\s*\d+\s*$/.test(s)).map((v) => g('reject', 'random text', v)),
	wrongType.filter((v) => typeof v !== 'number').map((v) => g('reject', 'wrong type', v)),
	fc.constant(g('reject', 'null', null)),
	fc
		.constantFrom<NonNullable<Gen['special']>>('nan', 'inf', 'ninf', 'unsafe', 'undef')
		.map((s) => special(s, 'reject')),
	fc.constant(special('bigint', 'either', '74590868830731162')),
);

/** A journey data value is free text: sent as given (not trimmed; numbers and switches as their text), at most 10000 characters. */
export const dataValueField: fc.Arbitrary<Gen> = fc.oneof(
	anyText.map((v) => g('accept', 'text', v, v)),
	fc.constant(g('accept', 'null', null, '')),
	fc.constant(special('undef', 'accept', '')),
	fc.constant(g('reject', 'too long', 'v'.repeat(10_001))),
	wrongType.map((v) => typedTextVerdict(v, (t) => g('accept', 'text', t, t))),
	fc.constantFrom<NonNullable<Gen['special']>>('nan', 'inf', 'ninf', 'unsafe').map((s) => special(s, 'reject')),
	fc.constant(special('bigint', 'accept', '74590868830731162')),
);

/** Limit: a whole number of at least 1. */
export const limitField: fc.Arbitrary<Gen> = fc.oneof(
	fc.integer({ min: 1, max: 1000 }).map((n) => g('accept', 'limit', n, n)),
	fc.integer({ min: -1000, max: 0 }).map((n) => g('reject', 'not positive', n)),
	fc
		.double({ noNaN: true, noDefaultInfinity: true })
		.filter((d) => !Number.isInteger(d))
		.map((d) => g('reject', 'fractional', d)),
	// Expressions give text: numeric text is read as the number, as n8n's own nodes do.
	fc.integer({ min: 1, max: 1000 }).map((n) => g('accept', 'numeric text', ` ${n}`, n)),
	fc.constantFrom('1e2', '', 'ten', '5.5', '0x10').map((v) => g('reject', 'text', v)),
	wrongType
		.filter((v) => typeof v !== 'number' && !(typeof v === 'string' && /^\s*-?\d+(\.0+)?\s*$/.test(v)))
		.map((v) => g('reject', 'wrong type', v)),
	fc.constant(g('reject', 'null', null)),
	fc.constantFrom<NonNullable<Gen['special']>>('nan', 'inf', 'ninf', 'bigint').map((s) => special(s, 'reject')),
);

/** The end user as a back-office URL (resource locator "By URL"). */
export const userUrlField: fc.Arbitrary<Gen> = fc.oneof(
	fc
		.tuple(
			fc.bigInt({ min: 1n, max: 10n ** 19n }),
			fc.constantFrom('', '/', '?tab=journeys', '/#x'),
			// Copied from the address bar, an address may lack its scheme (issue 18, kind 7).
			fc.constantFrom('https://app.kohomai.com', 'http://eu.kohomai.example', 'app.hyperaktiv.ai', '//app.kohomai.com'),
		)
		.map(([n, tail, host]) => g('accept', 'user URL', `${host}/p/settings/users/${n}${tail}`, String(n))),
	fc
		.tuple(
			fc.bigInt({ min: 1n, max: 10n ** 19n }),
			fc.constantFrom(
				'/p/funnels/edit/',
				'/p/settings/users/-',
				'/p/settings/users/abc',
				'/p/settings/user/',
				'/p/settings/users/1.5',
			),
		)
		.map(([n, path]) => g('reject', 'not a user URL', `https://app.kohomai.com${path}${n}`)),
	fc
		.bigInt({ min: 1n, max: 10n ** 19n })
		.map((n) => g('reject', 'ftp URL', `ftp://app.kohomai.com/p/settings/users/${n}`)),
	anyText.map((v) => g('reject', 'random text', v)),
	wrongType.map((v) => g('reject', 'wrong type', v)),
	fc.constant(g('reject', 'null', null)),
);
