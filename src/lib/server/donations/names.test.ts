import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { UNITS } from '../db/schema';
import { getDb } from '../db';
import { createTestDb } from '../testing/db';
import { makeCatalogItem } from '../testing/donations';
import { render } from '../notifications/notifications';
import { readReason, perLocale } from '../audit';
import { itemName, itemNameColumn, unitLabel, unitLabelColumn, unitOptions } from './names';

const CJK = /[\u3400-\u9fff]/;
const initial = getLocale;
afterEach(() => overwriteGetLocale(initial));

describe('one language per page', () => {
	const item = { nameZh: '作业本', nameEn: 'Exercise books' };

	it('itemName picks the name of the locale given, or of the request', () => {
		expect(itemName(item, 'zh-CN')).toBe('作业本');
		expect(itemName(item, 'en')).toBe('Exercise books');
		overwriteGetLocale(() => 'en');
		expect(itemName(item)).toBe('Exercise books');
	});

	it('every unit has a label in each language, counted and single; English ones have no Chinese', () => {
		for (const code of UNITS) {
			expect(unitLabel(code, 'en')).not.toMatch(CJK);
			expect(unitLabel(code, 'en', 1)).not.toMatch(CJK);
			expect(unitLabel(code, 'zh-CN')).toMatch(CJK);
		}
		expect([
			unitLabel('pack', 'en'),
			unitLabel('pack', 'en', 1),
			unitLabel('pack', 'zh-CN')
		]).toEqual(['packs', 'pack', '包']);
		expect(unitOptions('en').map((o) => o.value)).toEqual([...UNITS]);
		expect(unitOptions('en').find((o) => o.value === 'copy')?.label).toBe('copy');
	});

	it('the SQL forms choose the same name and label as the functions', async () => {
		await createTestDb();
		const row = await makeCatalogItem({ ...item, unit: 'box' });
		for (const locale of ['zh-CN', 'en'] as const) {
			const got = await getDb()
				.selectFrom('catalogItem')
				.select([
					itemNameColumn('catalog_item', locale).as('name'),
					unitLabelColumn('catalog_item.unit', locale).as('unit')
				])
				.where('id', '=', row.id)
				.executeTakeFirstOrThrow();
			expect(got).toEqual({ name: itemName(row, locale), unit: unitLabel('box', locale) });
		}
	});

	it('a stored notification names the item in its reader’s language', () => {
		const params = JSON.stringify({
			organisation: 'Acme',
			itemZh: '作业本',
			itemEn: 'Exercise books',
			quantity: 5
		});
		overwriteGetLocale(() => 'en');
		const en = render('pledge_received', params);
		expect(en).toContain('Exercise books');
		expect(en).not.toContain('作业本');
		overwriteGetLocale(() => 'zh-CN');
		expect(render('pledge_received', params)).toContain('作业本');
		expect(render('pledge_received', params)).not.toContain('Exercise books');
		// Notifications written before keep their one name.
		expect(
			render('pledge_received', { organisation: 'Acme', item: 'Globe', quantity: 1 })
		).toContain('Globe');
	});

	it('an audit reason written per locale reads in the reader’s; anyone’s own words as written', () => {
		const reason = perLocale((l) => `${itemName(item, l)} · 18/20`);
		expect(readReason(reason, 'en')).toBe('Exercise books · 18/20');
		expect(readReason(reason, 'zh-CN')).toBe('作业本 · 18/20');
		expect(readReason('{not json', 'en')).toBe('{not json');
		expect(readReason('{"en":"only one"}', 'en')).toBe('{"en":"only one"}');
		expect(readReason(null, 'en')).toBeNull();
	});
});
