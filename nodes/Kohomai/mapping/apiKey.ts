/**
 * The workspace API key as people paste it, reduced to the key itself.
 * Kohomai authenticates with `Authorization: Bearer <key>` (PUBLIC-DOCS-FACTS
 * §2, the AUTH page 2023-06-27 to 2024-09), and its docs show the key inside
 * that header, so people paste more than the key: the `Bearer ` prefix (any
 * letter case), the whole header line `Authorization: Bearer …` (from a curl
 * command or an HTTP client), the key in quotes (straight or typographic, as
 * a word processor or chat app writes them), with invisible characters around
 * or inside it (zero-width spaces, BOM, line breaks from a copy). Sent as is,
 * such a key goes out as `Bearer Bearer …` and Kohomai answers 401.
 *
 * Platform-free: the n8n credential, its test, the transport's redaction and
 * the Zapier app all read the key through {@link apiKeyOf}.
 */

/** Unicode format characters (Cf: zero-width space and joiners, BOM, bidi marks...): never part of a key. */
const INVISIBLE = /\p{Cf}/gu;
/** Quotes people or their apps put around a pasted value: straight, typographic, guillemets, backticks. */
const QUOTES = `"'\`“”„‟‘’‚‛«»‹›`;
const LEADING_QUOTE = new RegExp(`^[${QUOTES}]`);
const TRAILING_QUOTE = new RegExp(`[${QUOTES}][,;]?$`);
/** A curl option before a header: `-H 'Authorization: Bearer …'`. */
const CURL_HEADER_OPTION = /^(?:-H|--header)\s+/i;
/** The header's name, as in an HTTP request, a curl command or a JSON object (`"Authorization": …`). */
const HEADER_NAME = new RegExp(`^authorization[${QUOTES}]?\\s*[:=]\\s*`, 'i');
/** The scheme, followed by at least one space (a key that merely starts with "bearer" is kept). */
const SCHEME = /^bearer\s+/i;

/**
 * The key to send after `Bearer `, from the credential's API Key field as
 * typed: prefixes, quotes and invisible characters removed, in any order
 * and any number (`"Authorization: Bearer ws-1"` -> `ws-1`). Text that is
 * only such wrapping gives ''. Never throws.
 */
export function apiKeyOf(pasted: unknown): string {
	let key = typeof pasted === 'string' ? pasted : pasted === undefined || pasted === null ? '' : String(pasted);
	key = key.replace(INVISIBLE, '');
	for (let previous = ''; previous !== key; ) {
		previous = key;
		key = key.trim();
		const quoted = LEADING_QUOTE.test(key) && TRAILING_QUOTE.test(key) && key.length > 1;
		if (quoted) key = key.slice(1).replace(TRAILING_QUOTE, '');
		else if (LEADING_QUOTE.test(key) || TRAILING_QUOTE.test(key))
			key = key.replace(LEADING_QUOTE, '').replace(TRAILING_QUOTE, '');
		key = key.replace(CURL_HEADER_OPTION, '').replace(HEADER_NAME, '').replace(SCHEME, '');
	}
	// A key has no spaces (an HTTP token); a line break inside comes from a wrapped copy.
	return key.replace(/\s+/g, '');
}

/**
 * Every form of the key that may appear in text bound for a message: as
 * typed, trimmed, and as sent, longest first (so that the longest match is
 * removed whole). Empty forms are left out.
 */
export function apiKeyForms(pasted: unknown): string[] {
	const typed = typeof pasted === 'string' ? pasted : '';
	return [...new Set([typed, typed.trim(), apiKeyOf(pasted)])]
		.filter((k) => k.length > 0)
		.sort((x, y) => y.length - x.length);
}
