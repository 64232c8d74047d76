/**
 * How long an essay's body is, counted the way its language counts it. One pure function for the
 * live counter in the browser and for the server that enforces a category's window, so the two
 * never disagree. Client-safe: no server imports, no Node APIs. The title is never counted: pass
 * the body only.
 *
 * `grid` counts cells the way a 稿纸 (manuscript grid) is filled:
 * - every Han character is one cell: `\p{Script=Han}`, which covers the Unified Ideographs with
 *   Extensions A–I, the compatibility ideographs, radicals and 〇 々 (`\p{Ideographic}` would add
 *   Tangut and Nüshu and miss 々); counted per code point, so 𠮷 (U+20BB7) is one, not two;
 * - every full-width punctuation mark is one cell:
 *   、。，；：？！“”‘’「」『』（）《》〈〉【】〔〕·—…～, the CJK punctuation block and the
 *   full-width forms block; so …… and —— are two, as GB/T 15834 sets them, and a single ⸺
 *   (two-em dash) is two, ⸻ three;
 * - symbols a Chinese input method types full-width (※ ℃ № ① → ≤ ■ ★ × ÷ °), kana and Hangul
 *   are one cell each, like any character drawn full-width;
 * - full-width letters and digits (ＡＢＣ, ２０２６) are one cell each: on the grid each sits
 *   in its own cell, as it was typed;
 * - half-width letters, digits and marks (Latin, Greek, Cyrillic, ASCII punctuation) go two to a
 *   cell, as the grid convention writes 2026 or iPhone: a run of them takes half its length,
 *   rounded up. Spaces inside a run take no cell and do not end it ("I love you" is eight letters,
 *   four cells); a full-width character or a line break does. A ’ that follows a half-width
 *   letter is an apostrophe (don’t) and joins the run;
 * - an emoji is one cell however it is built: a grapheme cluster (a ZWJ family, a flag, a skin
 *   tone, a keycap) is one;
 * - spaces of every kind (U+3000 included), tabs and line breaks take no cell; zero-width and
 *   other default-ignorable characters (U+200B–U+200D, U+2060, U+FEFF, variation selectors, the
 *   soft hyphen) count nothing anywhere; a combining mark belongs to its base and adds nothing; a
 *   lone surrogate (malformed input) counts nothing.
 *
 * `hanOnly` counts Han characters only, for contests that count 汉字 and not punctuation.
 *
 * `words` counts English words (and words of any script that spaces them), as word processors
 * do. Intl.Segmenter decides what a word is, on a copy without default-ignorable characters (a
 * zero-width space never splits a word) or lone surrogates, and with full-width ASCII folded to
 * ASCII, its NFKC form, so ＡＢＣ is the word ABC. The rest of NFKC is not applied: it makes words
 * of symbols (™ → TM, ① → 1, ㎏ → kg). don't, don’t, 3.14 and 1,000 are one word each, and a
 * number is a word; a hyphenated compound (well-known, mother-in-law) is one word, as Word and
 * Google Docs count it; Han text and emoji (a keycap too) are no words.
 *
 * Two linear passes (clusters, then words) over pieces of the text, with no pattern that can
 * backtrack: a 100,000-character body takes a few tenths of a second, an essay a millisecond.
 */

export type Length = {
	/** 稿纸 cells: Han characters, full-width punctuation and symbols, half-width runs in pairs. */
	grid: number;
	/** Han characters only. */
	hanOnly: number;
	/** Words, as an English teacher counts them. */
	words: number;
};

/** The rules a category's length window can be enforced by. */
export const LENGTH_UNITS = ['grid', 'han', 'words'] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];

/** A length window; a missing bound does not apply. Bounds are inclusive. */
export type LengthWindow = { min?: number | null; max?: number | null };

export type WindowCheck = { ok: true } | { ok: false; side: 'min' | 'max'; by: number };

// Building a segmenter costs far more than using one: keep one of each.
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const wordSegments = new Intl.Segmenter('en', { granularity: 'word' });

/**
 * V8's segmenter slows with the length of the string at every step (100,000 characters take half
 * a minute), so texts are segmented in pieces of about this many UTF-16 units.
 */
const PIECE = 512;
/** How far past a piece's end a word cut is looked for before it is made anyway. */
const CUT_SEARCH = 4096;

const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cs}]/u;
const IGNORABLES = /[\p{Default_Ignorable_Code_Point}\p{Cs}]+/gu;
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const SKIPPED_BASE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/;
const NOTHING = /[\s\p{M}\p{Cc}\p{Cs}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const HAN = /\p{Script=Han}/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const EMOJI = /\p{Emoji}/u;
const EMOJI_SELECTOR = /[\uFE0F\u20E3]/;
const WORD_CHARACTER = /[\p{Alphabetic}\p{N}]/u;
const HYPHEN = /^[-\u2010]$/;
// What a Chinese font draws full-width: CJK punctuation, kana, Hangul, full-width forms, and the
// symbols and punctuation a Chinese input method types (GB 2312's symbol rows).
const FULL_WIDTH = new RegExp(
	'[' +
		'\\u1100-\\u115F\\u2E80-\\u303E\\u3041-\\u33FF\\uA000-\\uA4CF\\uA960-\\uA97F\\uAC00-\\uD7A3' +
		'\\uF900-\\uFAFF\\uFE10-\\uFE19\\uFE30-\\uFE6F\\uFF01-\\uFF60\\uFFE0-\\uFFE6' +
		'\\u{20000}-\\u{3FFFD}' +
		'\\u00B7\\u2014-\\u2016\\u2018\\u2019\\u201C\\u201D\\u2022\\u2025-\\u2027\\u2E3A\\u2E3B' +
		'\\u00A7\\u00A8\\u00B0\\u00B1\\u00D7\\u00F7\\u2030\\u2032\\u2033\\u203B\\u2103\\u2116' +
		'\\u2160-\\u217F\\u2190-\\u21FF\\u2200-\\u22FF\\u2460-\\u24FF\\u2500-\\u27BF' +
		']',
	'u'
);
// A word cut is exact after these spaces (U+202F joins words, U+FEFF is formatting)...
const CUT_SPACE = /[\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u205F\u3000]/;
// ...unless what follows attaches to them.
const ATTACHES = /[\p{M}\p{Cf}\p{Emoji_Modifier}\uFF9E\uFF9F]/u;

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Each grapheme cluster of the text, as one segmentation of the whole would give it. A piece's
 * last cluster may be cut short, so the next piece starts at it; every earlier boundary depends
 * only on what precedes it, so it is already right.
 */
function eachGrapheme(text: string, visit: (grapheme: string) => void): void {
	let start = 0;
	let size = PIECE;
	while (start < text.length) {
		let end = start + size;
		if (end >= text.length) {
			for (const { segment } of graphemes.segment(text.slice(start))) visit(segment);
			return;
		}
		if (isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) end++;
		let last = '';
		let lastIndex = 0;
		for (const { segment, index } of graphemes.segment(text.slice(start, end))) {
			if (last) visit(last);
			last = segment;
			lastIndex = index;
		}
		if (lastIndex === 0) {
			size *= 2; // one cluster longer than the piece: a stack of combining marks
		} else {
			start += lastIndex;
			size = PIECE;
		}
	}
}

/** Where a text may be cut without changing its word segments: after a space, or inside Han. */
function isWordCut(text: string, at: number): boolean {
	const before = text.charAt(at - 1);
	const after = text.charAt(at);
	if (ATTACHES.test(after) || (before === '\r' && after === '\n')) return false;
	if (CUT_SPACE.test(before)) return true;
	const beforeCode = text.codePointAt(isLowSurrogate(text.charCodeAt(at - 1)) ? at - 2 : at - 1);
	const afterCode = text.codePointAt(at);
	return (
		beforeCode !== undefined &&
		afterCode !== undefined &&
		HAN.test(String.fromCodePoint(beforeCode)) &&
		HAN.test(String.fromCodePoint(afterCode))
	);
}

/** A cut near `from`: exact if one comes soon, else at the next code point a word may end at. */
function wordCut(text: string, from: number): number {
	const limit = Math.min(text.length, from + CUT_SEARCH);
	for (let at = from; at < limit; at++) if (isWordCut(text, at)) return at;
	let at = limit;
	while (
		at < text.length &&
		(isLowSurrogate(text.charCodeAt(at)) ||
			WORD_CHARACTER.test(text.charAt(at)) ||
			ATTACHES.test(text.charAt(at)))
	)
		at++;
	return at;
}

function eachWordSegment(text: string, visit: (segment: string, isWord: boolean) => void): void {
	let start = 0;
	while (start < text.length) {
		const end = text.length - start <= PIECE ? text.length : wordCut(text, start + PIECE);
		for (const { segment, isWordLike } of wordSegments.segment(text.slice(start, end))) {
			visit(segment, isWordLike ?? false);
		}
		start = end;
	}
}

type Kind = 'nothing' | 'break' | 'han' | 'full' | 'half';

/** The character a cluster is counted by: its first that is not invisible formatting. */
function baseOf(grapheme: string): string {
	for (const char of grapheme) if (!SKIPPED_BASE.test(char)) return char;
	return '';
}

/** How a cluster is counted, by its base; `inRun` says a half-width run is open before it. */
function kindOf(grapheme: string, base: string, inRun: boolean): Kind {
	const code = base.charCodeAt(0);
	// Fast paths for what most essays are made of: ASCII and the BMP's Unified Ideographs.
	if (code < 0x80) {
		if (LINE_BREAK.test(base)) return 'break';
		return code <= 0x20 || code === 0x7f ? 'nothing' : 'half';
	}
	if (code >= 0x4e00 && code <= 0x9fff) return 'han';
	if (!base) return 'nothing';
	if (LINE_BREAK.test(base)) return 'break';
	if (NOTHING.test(base)) return 'nothing';
	if (EMOJI_PRESENTATION.test(base)) return 'full';
	if (EMOJI_SELECTOR.test(grapheme) && EMOJI.test(base)) return 'full';
	if (HAN.test(base)) return 'han';
	if (base === '\u2019') return inRun ? 'half' : 'full'; // don’t, but ‘好’
	if (FULL_WIDTH.test(base)) return 'full';
	return 'half';
}

/** Cells a full-width cluster takes: one, but a single-character two- or three-em dash. */
function cellsOf(base: string): number {
	const code = base.codePointAt(0);
	return code === 0x2e3a ? 2 : code === 0x2e3b ? 3 : 1;
}

function countGrid(body: string): { grid: number; hanOnly: number } {
	let grid = 0;
	let hanOnly = 0;
	let halves = 0;
	eachGrapheme(body, (grapheme) => {
		const base = grapheme.length === 1 ? grapheme : baseOf(grapheme);
		const kind = kindOf(grapheme, base, halves > 0);
		if (kind === 'nothing') return;
		if (kind === 'half') {
			halves++;
			return;
		}
		grid += Math.ceil(halves / 2);
		halves = 0;
		if (kind === 'han') {
			hanOnly++;
			grid++;
		} else if (kind === 'full') {
			grid += cellsOf(base);
		}
	});
	return { grid: grid + Math.ceil(halves / 2), hanOnly };
}

function countWords(body: string): number {
	const visible = IGNORABLE.test(body) ? body.replace(IGNORABLES, '') : body;
	const text = visible.replace(FULL_WIDTH_ASCII, (c) =>
		String.fromCharCode(c.charCodeAt(0) - 0xfee0)
	);
	let words = 0;
	let afterWord = false;
	let afterHyphen = false;
	eachWordSegment(text, (segment, isWord) => {
		if (
			isWord &&
			WORD_CHARACTER.test(segment) &&
			!HAN.test(segment) &&
			!segment.includes('\u20e3')
		) {
			if (!afterHyphen) words++;
			afterWord = true;
			afterHyphen = false;
		} else {
			afterHyphen = afterWord && HYPHEN.test(segment);
			afterWord = false;
		}
	});
	return words;
}

/** The body's length by every rule; the title is not part of it. */
export function measure(body: string): Length {
	return { ...countGrid(body), words: countWords(body) };
}

/** The body's length by the one rule a category enforces. */
export function lengthIn(unit: LengthUnit, body: string): number {
	if (unit === 'words') return countWords(body);
	const { grid, hanOnly } = countGrid(body);
	return unit === 'grid' ? grid : hanOnly;
}

function assertCount(value: number, what: string): void {
	if (!Number.isSafeInteger(value) || value < 0) {
		throw new Error(`A length ${what} must be a whole number ≥ 0, not ${value}`);
	}
}

/** Whether a count lies in a window, and if not, which bound it misses and by how much. */
export function checkWindow(count: number, { min, max }: LengthWindow): WindowCheck {
	assertCount(count, 'count');
	if (min != null) assertCount(min, 'minimum');
	if (max != null) assertCount(max, 'maximum');
	if (min != null && max != null && min > max) {
		throw new Error(`A length window's minimum (${min}) is above its maximum (${max})`);
	}
	if (min != null && count < min) return { ok: false, side: 'min', by: min - count };
	if (max != null && count > max) return { ok: false, side: 'max', by: count - max };
	return { ok: true };
}
