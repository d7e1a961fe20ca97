import fc from 'fast-check';

import { JsonInteger, parseJsonLossless, stringifyJson } from '../nodes/Kohomai/mapping/json';

/** Integers a double cannot tell from their neighbours are the ones the parser must keep as text. */
function hasUnsafeInteger(value: unknown): boolean {
	if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasUnsafeInteger);
	return false;
}

describe('lossless JSON', () => {
	test('integers above 2^53 keep every digit, as strings', () => {
		const parsed = parseJsonLossless('{"Id":74590868830731162,"n":-90071992547409930,"ok":12}') as Record<
			string,
			unknown
		>;
		expect(parsed).toEqual({ Id: '74590868830731162', n: '-90071992547409930', ok: 12 });
	});

	test('digits inside strings, escaped quotes and floats are left alone', () => {
		const text =
			'{"s":"x\\" 74590868830731162 \\\\","f":1.74590868830731162,"e":74590868830731162e2,"a":[9007199254740993]}';
		expect(parseJsonLossless(text)).toEqual({
			s: 'x" 74590868830731162 \\',
			f: JSON.parse('1.74590868830731162'),
			e: 74590868830731162e2,
			a: ['9007199254740993'],
		});
	});

	test('safe 16-digit integers stay numbers', () => {
		expect(parseJsonLossless('[9007199254740991,1234567890123456]')).toEqual([9007199254740991, 1234567890123456]);
	});

	test('agrees with JSON.parse on generated documents without big numbers', () => {
		fc.assert(
			fc.property(
				fc.jsonValue().filter((v) => !hasUnsafeInteger(v)),
				(value) => {
					const text = JSON.stringify(value);
					expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
				},
			),
			{ numRuns: 2000 },
		);
	});

	test('every generated big integer survives parse, wherever it sits', () => {
		const bigInt = fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 19n }).map((n) => n.toString());
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.string(), bigInt)), (pairs) => {
				const text = `{${pairs.map(([k, v], i) => `${JSON.stringify(k + i)}:{"Id":${v},"s":${JSON.stringify(v)}}`).join(',')}}`;
				const parsed = parseJsonLossless(text) as Record<string, { Id: string; s: string }>;
				pairs.forEach(([k, v], i) => {
					expect(parsed[k + i]).toEqual({ Id: v, s: v });
				});
			}),
			{ numRuns: 500 },
		);
	});

	test('long digit runs inside strings, between escaped quotes and backslashes, are left alone', () => {
		const tricky = fc.string({ unit: fc.constantFrom('1', '7', '9', '"', '\\', ' ', '-', '.', 'e'), maxLength: 60 });
		fc.assert(
			fc.property(fc.array(fc.tuple(tricky, fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 19n }))), (pairs) => {
				const text = `[${pairs.map(([s, n]) => `{${JSON.stringify(s)}:${JSON.stringify(s)},"n":${n}}`).join(',')}]`;
				const expected = pairs.map(([s, n]) => ({ [s]: s, n: n.toString() }));
				expect(parseJsonLossless(text)).toEqual(expected);
			}),
			{ numRuns: 1000 },
		);
	});

	test('stringify writes JsonInteger digits as a number and matches JSON.stringify otherwise', () => {
		expect(stringifyJson({ User: { Id: new JsonInteger('74590868830731162') }, x: undefined })).toBe(
			'{"User":{"Id":74590868830731162}}',
		);
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				expect(stringifyJson(value)).toBe(JSON.stringify(value));
			}),
			{ numRuns: 1000 },
		);
	});

	test('malformed JSON throws', () => {
		expect(() => parseJsonLossless('{"Id":74590868830731162')).toThrow();
		expect(() => parseJsonLossless('<html>')).toThrow();
	});
});
