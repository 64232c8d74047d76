import { describe, expect, it } from 'vitest';
import { parseValues } from '../forms';
import {
	AdjustForm,
	AllocateForm,
	CancelPledgeForm,
	PledgeForm,
	ReceiveForm,
	pageOf
} from './supply-input';

describe('pledge and stock forms', () => {
	it('accept whole numbers, full-width digits included', () => {
		expect(parseValues(PledgeForm, { lineId: '3', quantity: '１２', note: '' })).toMatchObject({
			ok: true,
			data: { lineId: 3, quantity: 12 }
		});
		expect(parseValues(AdjustForm, { itemId: '1', delta: '-２', reason: 'broken' })).toMatchObject({
			ok: true,
			data: { delta: -2 }
		});
		expect(
			parseValues(ReceiveForm, { itemId: '1', quantity: '5', organisationId: '' })
		).toMatchObject({ ok: true, data: { organisationId: null } });
	});

	it.each(['0', '-1', '1.5', '1e9', '1000000000', '', '  ', 'twelve', '9'.repeat(5000)])(
		'refuse the quantity %j at the quantity field',
		(quantity) => {
			for (const schema of [PledgeForm, ReceiveForm, AllocateForm]) {
				const parsed = parseValues(schema, {
					lineId: '1',
					itemId: '1',
					requestLineId: '1',
					quantity
				});
				expect(parsed.ok).toBe(false);
				if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(['quantity']);
			}
		}
	);

	it('refuse a zero or out-of-range change, a blank reason, huge text and markup', () => {
		const bad = (values: Record<string, string>) => {
			const parsed = parseValues(AdjustForm, { itemId: '1', delta: '1', reason: 'x', ...values });
			return parsed.ok ? [] : Object.keys(parsed.errors);
		};
		expect(bad({ delta: '0' })).toEqual(['delta']);
		expect(bad({ delta: '+100001' })).toEqual(['delta']);
		expect(bad({ reason: '' })).toEqual(['reason']);
		expect(bad({ reason: 'x'.repeat(501) })).toEqual(['reason']);
		expect(bad({ reason: '<script>' })).toEqual(['reason']);
		expect(bad({ itemId: '../1' })).toEqual(['itemId']);
		const note = parseValues(PledgeForm, { lineId: '1', quantity: '1', note: 'x'.repeat(501) });
		expect(note.ok).toBe(false);
	});

	it('a cancel needs the confirmation ticked', () => {
		expect(parseValues(CancelPledgeForm, {}).ok).toBe(false);
		expect(parseValues(CancelPledgeForm, { confirm: 'yes' }).ok).toBe(true);
	});

	it('odd page numbers are page 1', () => {
		expect([
			pageOf('2'),
			pageOf('0'),
			pageOf('-3'),
			pageOf('x'),
			pageOf(null),
			pageOf('1e9')
		]).toEqual([2, 1, 1, 1, 1, 1]);
	});
});
