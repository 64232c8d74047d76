import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWindow, LENGTH_UNITS, lengthIn, measure } from './length';

/** A grade-5 essay of exactly 800 cells: 682 Han characters and 118 punctuation marks. */
const ESSAY_PARAGRAPHS = [
	[
		'去年秋天，一辆装满纸箱的卡车开进了我们村小学的操场。',
		'箱子上印着几个大字：“爱心图书，送给远方的你”。',
		'同学们围上去，你一言我一语：“里面是什么？”“是书吗？”',
		'校长笑着说：“是书，还有一座小小的图书馆。”'
	],
	[
		'那天下午，我们排着队，把一本本新书搬进教室旁边的空屋子。',
		'屋子原来堆着旧桌椅，墙皮也有些剥落；现在，老师们刷了白墙，摆上书架，',
		'挂上了“阅读角”的牌子。',
		'书架一共六层：最上面是《十万个为什么》《昆虫记》，中间是童话和诗歌，',
		'最下面是给一年级小朋友的绘本。',
		'我最先拿到的是儒勒·凡尔纳的《海底两万里》，封面上画着一艘奇怪的潜水艇。'
	],
	[
		'说实话，我以前很少读完一整本书。家里只有几本旧课本，爷爷奶奶也不识几个字。',
		'每到晚上，我不是看电视，就是跟弟弟在院子里追着小狗跑……',
		'可是自从有了图书馆，一切都变了。',
		'我每天放学都要在阅读角坐半个小时，跟着尼摩船长潜到大海深处，',
		'看发光的鱼群、巨大的章鱼和沉没的古船。',
		'我还学会了查字典，遇到不认识的字，就用铅笔在旁边画个圈。',
		'有时候读得入了迷，连天黑了都不知道，直到李老师轻轻拍拍我的肩膀：“该回家啦，',
		'明天再来！”'
	],
	[
		'读书让我认识了更大的世界，也让我结交了新朋友。',
		'同桌小芳喜欢《安徒生童话》，她最爱那只丑小鸭——它吃了那么多苦，',
		'最后却变成了美丽的白天鹅。',
		'我们常常交换书看，还约好每个星期写一篇读书笔记，互相打分。',
		'老师把我们的笔记贴在墙上，题目叫“我们的‘读书会’”。',
		'渐渐地，来阅读角的同学越来越多，连五、六年级的大哥哥也常来借书。'
	],
	[
		'今年春天，送书的叔叔阿姨又来看我们了。他们问我：“这些书，你最喜欢哪一本？”',
		'我想了想，说：“我最喜欢的不是哪一本书，而是这间图书馆。',
		'因为有了它，我们山里的孩子也能看到大海、星空和远方。”',
		'叔叔听了，竖起大拇指（他说这是他听过最好的回答），还送给我一本新的《地球的故事》。'
	],
	[
		'我想对所有送书的人说一声：谢谢你们！',
		'我会好好读书，将来也要像你们一样，把书和希望送到更远的地方去。'
	]
];

/** As it is typed: each paragraph indented by two ideographic spaces, one paragraph a line. */
const ESSAY = ESSAY_PARAGRAPHS.map((sentences) => '\u3000\u3000' + sentences.join('')).join('\n');

const NOTHING = { grid: 0, hanOnly: 0, words: 0 };
const ONE_CELL = { grid: 1, hanOnly: 0, words: 0 };
const ONE_HAN = { grid: 1, hanOnly: 1, words: 0 };

describe('measure: Chinese, the way a 稿纸 grid counts it', () => {
	it('counts an 800-cell essay as 800, its indents and line breaks as nothing', () => {
		expect(measure(ESSAY)).toEqual({ grid: 800, hanOnly: 682, words: 0 });
		// The same essay counted by hand: one cell for every character that is not a space.
		const cells = [...ESSAY].filter((c) => !/\s/u.test(c));
		expect(cells).toHaveLength(800);
		expect(cells.filter((c) => /\p{Script=Han}/u.test(c))).toHaveLength(682);
		// One mark more or less is one cell more or less.
		expect(measure(ESSAY + '！').grid).toBe(801);
		expect(measure(ESSAY.slice(0, -1)).grid).toBe(799);
	});

	it('counts every full-width punctuation mark as one cell and no Han character', () => {
		for (const mark of '、。，；：？！“”‘’「」『』（）《》〈〉【】〔〕·—…～') {
			expect(measure(mark), mark).toEqual(ONE_CELL);
		}
		expect(measure('他说：“好。”')).toEqual({ grid: 7, hanOnly: 3, words: 0 });
		expect(measure('列夫·托尔斯泰的《战争与和平》')).toEqual({ grid: 15, hanOnly: 12, words: 0 });
	});

	it('counts …… and —— as two cells each, as GB/T 15834 sets them', () => {
		expect(measure('……')).toEqual({ grid: 2, hanOnly: 0, words: 0 });
		expect(measure('——')).toEqual({ grid: 2, hanOnly: 0, words: 0 });
		expect(measure('等等……')).toEqual({ grid: 4, hanOnly: 2, words: 0 });
		expect(measure('丑小鸭——它')).toEqual({ grid: 6, hanOnly: 4, words: 0 });
		// The dash typed as one character is still the two cells it fills.
		expect(measure('\u2E3A').grid).toBe(2);
		expect(measure('\u2E3B').grid).toBe(3);
	});

	it('counts each mark and symbol of the full-width forms block as one cell', () => {
		let marks = 0;
		for (let code = 0xff01; code <= 0xff5e; code++) {
			const char = String.fromCharCode(code);
			if (!/[\p{P}\p{S}]/u.test(char)) continue;
			marks++;
			expect(measure(char), char).toEqual(ONE_CELL);
		}
		expect(marks).toBe(94 - 62); // the block less its 26 + 26 letters and 10 digits
	});

	it('counts symbols a Chinese input method types as one cell each', () => {
		expect(measure('※℃№①→≤■★×÷°').grid).toBe(11);
		expect(measure('气温38℃').grid).toBe(2 + 1 + 1);
	});

	it('counts full-width letters and digits one cell each, as typed, and as one word', () => {
		expect(measure('ＡＢＣ')).toEqual({ grid: 3, hanOnly: 0, words: 1 });
		expect(measure('２０２６年')).toEqual({ grid: 5, hanOnly: 1, words: 1 });
	});

	it('puts two half-width letters or digits in one cell, rounding a run up', () => {
		expect(measure('2026年').grid).toBe(3);
		expect(measure('我用iPhone拍照').grid).toBe(2 + 3 + 2);
		expect(measure('a').grid).toBe(1);
		expect(measure('ab').grid).toBe(1);
		expect(measure('abc').grid).toBe(2);
		expect(measure('3.14').grid).toBe(2);
		// A full-width character ends a run: a and b cannot share the cell on either side of 中.
		expect(measure('a中b').grid).toBe(3);
		// A half-width comma typed in place of ，still takes its cell.
		expect(measure('你好,世界').grid).toBe(5);
	});

	it('lets spaces inside a half-width run take no cell, and ’ after a letter join the run', () => {
		expect(measure('I love you').grid).toBe(4);
		expect(measure('Iloveyou').grid).toBe(4);
		expect(measure('don’t').grid).toBe(3);
		expect(measure("don't").grid).toBe(3);
		// After a Han character ’ is a closing quote again.
		expect(measure('‘好’').grid).toBe(3);
		expect(measure('“Hello”').grid).toBe(1 + 3 + 1);
	});

	it('counts Chinese mixed with English each its own way', () => {
		expect(measure('我喜欢读 Harry Potter 这本书。')).toEqual({ grid: 14, hanOnly: 7, words: 2 });
		expect(measure('老师说：“Good morning!”')).toEqual({ grid: 12, hanOnly: 3, words: 2 });
	});

	it('counts a Han character of any extension once, by code point', () => {
		const han = [
			'\u3400', // Extension A
			'\u{20BB7}', // 𠮷, Extension B: two UTF-16 units, one character
			'\u{2A700}', // Extension C
			'\u{2B740}', // Extension D
			'\u{2B820}', // Extension E
			'\u{2CEB0}', // Extension F
			'\u{30000}', // Extension G
			'\u{31350}', // Extension H
			'\uF900', // a compatibility ideograph
			'\u{2F800}', // a compatibility ideograph, supplement
			'〇',
			'々'
		];
		for (const char of han) expect(measure(char), char).toEqual(ONE_HAN);
		expect('\u{20BB7}').toHaveLength(2);
		expect(measure(han.join(''))).toEqual({ grid: han.length, hanOnly: han.length, words: 0 });
		expect(measure('𠮷野家')).toEqual({ grid: 3, hanOnly: 3, words: 0 });
	});

	it('counts spaces of every kind, tabs and line breaks as nothing', () => {
		expect(measure(' \t\n\r\n\u3000\u00A0\u2028\u2029\v\f')).toEqual(NOTHING);
		expect(measure('中 文')).toEqual(measure('中文'));
		expect(measure('\u3000\u3000中文\n\n')).toEqual({ grid: 2, hanOnly: 2, words: 0 });
		expect(measure('')).toEqual(NOTHING);
	});

	it('counts zero-width and other invisible characters as nothing anywhere', () => {
		expect(measure('\u200B\u200C\u200D\uFEFF\u2060\u00AD\uFE0F')).toEqual(NOTHING);
		expect(measure('中\u200B文\u2060。\uFEFF')).toEqual({ grid: 3, hanOnly: 2, words: 0 });
		expect(measure('hel\u200Blo')).toEqual(measure('hello'));
		expect(measure('hello')).toEqual({ grid: 3, hanOnly: 0, words: 1 });
	});

	it('lets a combining mark belong to its base', () => {
		expect(measure('e\u0301')).toEqual(measure('é'));
		expect(measure('café')).toEqual({ grid: 2, hanOnly: 0, words: 1 });
		expect(measure('cafe\u0301')).toEqual({ grid: 2, hanOnly: 0, words: 1 });
		expect(measure('\u0301')).toEqual(NOTHING);
	});

	it('counts an emoji as one cell however it is built, and as no word', () => {
		const emoji = ['😀', '👨‍👩‍👧‍👦', '🇨🇳', '👍🏽', '1️⃣', '❤️', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'];
		for (const e of emoji) expect(measure(e), e).toEqual(ONE_CELL);
		expect(measure(emoji.join(''))).toEqual({ grid: emoji.length, hanOnly: 0, words: 0 });
		expect(measure('读书📚真好')).toEqual({ grid: 5, hanOnly: 4, words: 0 });
		// A zero-width joiner is what makes a family one emoji; a zero-width space does not.
		expect(measure('👨\u200D👩').grid).toBe(1);
		expect(measure('👨\u200B👩').grid).toBe(2);
	});

	it('counts a lone surrogate as nothing, and never throws on one', () => {
		expect(measure('\uD800')).toEqual(NOTHING);
		expect(measure('\uDFFF\uD800')).toEqual(NOTHING);
		expect(measure('中\uD800文')).toEqual({ grid: 2, hanOnly: 2, words: 0 });
		expect(measure('ab\uDC00cd')).toEqual({ grid: 2, hanOnly: 0, words: 1 });
	});
});

describe('measure: English by words', () => {
	it('counts words as a word processor does, contractions and numbers one word each', () => {
		expect(measure("Don't stop believing.").words).toBe(3);
		expect(measure('don’t').words).toBe(1);
		expect(measure('It costs 3.14 dollars, not 1,000.').words).toBe(6);
		expect(measure('In 2026 we read 12 books.').words).toBe(6);
		expect(measure('  The   end.  \n').words).toBe(2);
	});

	it('counts a hyphenated compound as one word, a dash between words as none', () => {
		expect(measure('well-known mother-in-law e-mail').words).toBe(3);
		expect(measure('well - known').words).toBe(2);
		expect(measure('well—known').words).toBe(2);
		expect(measure('well-').words).toBe(1);
	});

	it('counts no word in Chinese, emoji or symbols', () => {
		expect(measure('我爱北京天安门').words).toBe(0);
		expect(measure('😀 👍🏽 1️⃣').words).toBe(0);
		expect(measure('™ © ① ※').words).toBe(0);
	});
});

describe('lengthIn', () => {
	it('gives the count of the one rule a category enforces', () => {
		const text = '我喜欢读 Harry Potter 这本书。';
		const expected = { grid: 14, han: 7, words: 2 };
		for (const unit of LENGTH_UNITS) expect(lengthIn(unit, text), unit).toBe(expected[unit]);
		expect(lengthIn('grid', ESSAY)).toBe(800);
		expect(lengthIn('han', ESSAY)).toBe(682);
	});
});

describe('checkWindow', () => {
	it('takes the bounds and refuses one below or above, saying which side and by how much', () => {
		const window = { min: 600, max: 800 };
		expect(checkWindow(599, window)).toEqual({ ok: false, side: 'min', by: 1 });
		expect(checkWindow(600, window)).toEqual({ ok: true });
		expect(checkWindow(800, window)).toEqual({ ok: true });
		expect(checkWindow(801, window)).toEqual({ ok: false, side: 'max', by: 1 });
		expect(checkWindow(0, window)).toEqual({ ok: false, side: 'min', by: 600 });
	});

	it('enforces only the bounds a window has', () => {
		expect(checkWindow(0, { max: 800 })).toEqual({ ok: true });
		expect(checkWindow(801, { min: null, max: 800 })).toEqual({ ok: false, side: 'max', by: 1 });
		expect(checkWindow(1_000_000, { min: 600, max: null })).toEqual({ ok: true });
		expect(checkWindow(599, { min: 600 })).toEqual({ ok: false, side: 'min', by: 1 });
		expect(checkWindow(0, {})).toEqual({ ok: true });
		expect(checkWindow(800, { min: 800, max: 800 })).toEqual({ ok: true });
	});

	it('checks an essay by the count the browser showed', () => {
		const window = { min: 800, max: 800 };
		expect(checkWindow(lengthIn('grid', ESSAY), window)).toEqual({ ok: true });
		expect(checkWindow(lengthIn('grid', ESSAY + '。'), window)).toEqual({
			ok: false,
			side: 'max',
			by: 1
		});
		expect(checkWindow(lengthIn('han', ESSAY), window)).toEqual({
			ok: false,
			side: 'min',
			by: 118
		});
	});

	it('throws on a window or count that cannot be', () => {
		expect(() => checkWindow(10, { min: 801, max: 800 })).toThrow(/minimum/);
		expect(() => checkWindow(10, { min: -1 })).toThrow(/minimum/);
		expect(() => checkWindow(10, { max: 1.5 })).toThrow(/maximum/);
		expect(() => checkWindow(Number.NaN, { max: 800 })).toThrow(/count/);
		expect(() => checkWindow(-1, {})).toThrow(/count/);
	});
});

describe('measure on long texts', () => {
	it('counts 100,000 characters exactly, with or without line breaks', () => {
		const paragraphs = Array.from({ length: 125 }, () => ESSAY).join('\n');
		const oneLine = ESSAY.replaceAll('\n', '').repeat(125);
		const english = 'The quick brown fox jumps over the lazy dog. '.repeat(2250);
		expect(measure(paragraphs)).toEqual({ grid: 125 * 800, hanOnly: 125 * 682, words: 0 });
		expect(measure(oneLine)).toEqual({ grid: 125 * 800, hanOnly: 125 * 682, words: 0 });
		// 35 letters and a full stop to a sentence, two to a cell across the one long line.
		expect(measure(english)).toEqual({ grid: 2250 * 18, hanOnly: 0, words: 2250 * 9 });
		expect(oneLine.length).toBeGreaterThan(100_000);
		expect(english.length).toBeGreaterThan(100_000);
		// Segmenting each text whole would take V8 half a minute (past the test's timeout); in
		// pieces of ~512 characters it takes a few tenths of a second.
	});
});

/** What essays are made of, and what breaks counters: the pieces random texts are built from. */
const PIECES = [
	...'中文𠮷\u{30000}。，“”’《》aZ7-.,２\u0301 \u3000\t\n\r\u00A0\u200B\u200C\u200D\uFEFF\u2060😀🇺',
	...'…… —— don’t well-known ＡＢＣ e\u0301 👨‍👩‍👧 🇨🇳 👍🏽 1️⃣'.split(' '),
	"don't",
	'\r\n'
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const piecesText = fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 80 });
/** Any text at all: the pieces, any code point, and lone surrogates. */
const anyText = fc.string({
	unit: fc.oneof(
		fc.constantFrom(...PIECES),
		fc.string({ unit: 'binary', maxLength: 1 }),
		loneSurrogate
	),
	maxLength: 80
});
const space = fc.constantFrom(' ', '\t', '\u3000', '\u00A0', '\u2003');
// Not U+200D: between two emoji a zero-width joiner makes them one, as it should (see above).
const zeroWidth = fc.constantFrom('\u200B', '\u200C', '\uFEFF', '\u2060');
const lineBreak = fc.constantFrom('\n', '\r\n', '\u2029');

const clusters = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Where a cluster begins or ends: the places a character can be put without joining one. */
function clusterBoundaries(text: string): number[] {
	return [...[...clusters.segment(text)].map((s) => s.index), text.length];
}

/** Indexes between code points: never inside a surrogate pair. */
function codePointBoundaries(text: string): number[] {
	const at = [0];
	for (const char of text) at.push(at[at.length - 1] + char.length);
	return at;
}

function insertAt(text: string, places: number[], picks: [number, string][]): string {
	const inserts = picks.map(([n, char]) => [places[n % places.length], char] as const);
	inserts.sort((a, b) => b[0] - a[0]);
	for (const [at, char] of inserts) text = text.slice(0, at) + char + text.slice(at);
	return text;
}

describe('measure: properties', () => {
	it('never throws, and counts whole numbers no smaller than zero, Han within the grid', () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const { grid, hanOnly, words } = measure(text);
				for (const count of [grid, hanOnly, words]) {
					expect(Number.isInteger(count) && count >= 0).toBe(true);
				}
				expect(hanOnly).toBeLessThanOrEqual(grid);
			}),
			{ numRuns: 300 }
		);
	});

	it('counts two texts put on separate lines as the sum of their grid and Han counts', () => {
		fc.assert(
			fc.property(anyText, lineBreak, anyText, (a, join, b) => {
				const whole = measure(a + join + b);
				expect(whole.grid).toBe(measure(a).grid + measure(b).grid);
				expect(whole.hanOnly).toBe(measure(a).hanOnly + measure(b).hanOnly);
			}),
			{ numRuns: 300 }
		);
	});

	it('counts two texts with a space or line between as the sum of their words', () => {
		fc.assert(
			fc.property(anyText, fc.oneof(space, lineBreak), anyText, (a, join, b) => {
				expect(measure(a + join + b).words).toBe(measure(a).words + measure(b).words);
			}),
			{ numRuns: 300 }
		);
	});

	it('changes no grid or Han count for spaces or zero-width characters put between clusters', () => {
		const pick = fc.tuple(fc.nat(), fc.oneof(space, zeroWidth));
		fc.assert(
			fc.property(anyText, fc.array(pick, { maxLength: 6 }), (text, picks) => {
				const spaced = measure(insertAt(text, clusterBoundaries(text), picks));
				const { grid, hanOnly } = measure(text);
				expect({ grid: spaced.grid, hanOnly: spaced.hanOnly }).toEqual({ grid, hanOnly });
			}),
			{ numRuns: 300 }
		);
	});

	it('changes no word count for zero-width characters put anywhere between code points', () => {
		const pick = fc.tuple(
			fc.nat(),
			fc.constantFrom('\u200B', '\u200C', '\u200D', '\uFEFF', '\u00AD')
		);
		fc.assert(
			fc.property(anyText, fc.array(pick, { maxLength: 6 }), (text, picks) => {
				const inserted = insertAt(text, codePointBoundaries(text), picks);
				expect(measure(inserted).words).toBe(measure(text).words);
			}),
			{ numRuns: 300 }
		);
	});

	it('adds at most one cell for a line break, which parts a pair of half-width characters', () => {
		fc.assert(
			fc.property(anyText, fc.nat(), lineBreak, (text, n, join) => {
				const broken = measure(insertAt(text, clusterBoundaries(text), [[n, join]]));
				const { grid, hanOnly } = measure(text);
				expect(broken.grid - grid).toBeGreaterThanOrEqual(0);
				expect(broken.grid - grid).toBeLessThanOrEqual(1);
				expect(broken.hanOnly).toBe(hanOnly);
			}),
			{ numRuns: 300 }
		);
	});

	it('counts a text of Han and full-width punctuation as one cell per character but spaces', () => {
		const unit = fc.constantFrom(
			...'中文字𠮷\u{30000}、。，；：？！“”‘’《》（）…—～·',
			' ',
			'\u3000',
			'\n'
		);
		fc.assert(
			fc.property(fc.string({ unit, maxLength: 200 }), (text) => {
				const cells = [...text].filter((c) => !/\s/u.test(c));
				expect(measure(text).grid).toBe(cells.length);
				expect(measure(text).hanOnly).toBe(cells.filter((c) => /\p{Script=Han}/u.test(c)).length);
			}),
			{ numRuns: 300 }
		);
	});

	it('counts a long text in pieces exactly as its parts add up', () => {
		fc.assert(
			fc.property(piecesText, (middle) => {
				// Han at both ends keeps one copy's runs and words from running into the next.
				const part = '中' + middle + '中';
				const copies = Math.ceil(3000 / part.length) + 1;
				const { grid, hanOnly, words } = measure(part);
				expect(measure(part.repeat(copies))).toEqual({
					grid: grid * copies,
					hanOnly: hanOnly * copies,
					words: words * copies
				});
			}),
			{ numRuns: 60 }
		);
	});
});
