import { describe, expect, it } from 'vitest';
import { formValues, parseValues } from './forms';
import { text } from './input';
import { StudentInput } from './people/students';
import { parseRequestForm } from './donations/requests.schema';
import { PledgeForm } from './donations/supply-input';
import * as time from './time';

const RLO = '\u202E';

describe('free text', () => {
	it('loses right-to-left overrides and other bidi controls', () => {
		const parsed = text({ max: 100 }).parse(`  invoice${RLO}fdp.exe\u2066x\u2069\u200F\u061C `);
		expect(parsed).toBe('invoicefdp.exex');
	});

	it('is NFC, trimmed, and required means something is left after tidying', () => {
		expect(text({ max: 10 }).parse(' e\u0301 ')).toBe('é');
		expect(text({ max: 10, required: true }).safeParse(` ${RLO}\u200E `).success).toBe(false);
		expect(text({ max: 3 }).safeParse('abcd').success).toBe(false);
		expect(text({ max: 10 }).safeParse('<b>').success).toBe(false);
	});

	it('a student’s name keeps no U+202E, whether parsed directly or posted', () => {
		const direct = StudentInput.parse({ displayName: `张${RLO}小雨`, grade: 'g2', username: '' });
		expect(direct.displayName).toBe('张小雨');
		const form = new FormData();
		form.set('displayName', `${RLO}Anna`);
		form.set('grade', 'g2');
		const posted = parseValues(StudentInput, formValues(form));
		expect(posted.ok && posted.data.displayName).toBe('Anna');
	});

	it('a request’s purpose and a pledge’s note keep no U+202E', () => {
		const request = parseRequestForm({
			purpose: `Books${RLO} for class 3`,
			neededBy: time.today(),
			description_0: 'Pencils',
			quantity_0: '5'
		});
		expect(request.ok && request.data.purpose).toBe('Books for class 3');
		const pledge = PledgeForm.parse({ lineId: '1', quantity: '2', note: `thanks${RLO}!` });
		expect(pledge.note).toBe('thanks!');
	});
});
