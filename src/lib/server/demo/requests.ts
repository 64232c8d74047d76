import type { Actor } from '../access/policy';
import type { Category, AgeBand, RequestStatus, Unit } from '../db/schema';
import * as catalog from '../donations/catalog';
import * as requests from '../donations/requests';
import { today } from '../donations/requests.schema';
import { demoActors, type DemoWorld } from './seed';

/** What later demo seeds (pledges, stock, shipments) build on. */
export interface DemoRequests {
	/** Catalog item ids by a short key. */
	items: Record<string, number>;
	/** Request ids by the state they were left in. */
	byStatus: Partial<Record<RequestStatus, number[]>>;
}

type DemoItem = [
	key: string,
	nameZh: string,
	nameEn: string,
	category: Category,
	unit: Unit,
	ageBand: AgeBand,
	unitValueFen: number,
	description: string
];

const ITEMS: DemoItem[] = [
	[
		'picture_books',
		'儿童绘本套装（10册）',
		'Picture book set (10 books)',
		'book',
		'set',
		'kindergarten',
		12800,
		'适合3–6岁，注音版'
	],
	[
		'classic_readers',
		'《小学生必读经典》丛书',
		'Classic readers for primary pupils',
		'book',
		'set',
		'upper_primary',
		21600,
		'20册'
	],
	[
		'dictionary',
		'新华字典（第12版）',
		'Xinhua dictionary (12th ed.)',
		'book',
		'copy',
		'all',
		2490,
		''
	],
	[
		'english_readers',
		'英语分级读物',
		'English graded readers',
		'book',
		'set',
		'lower_primary',
		15800,
		'Level 1–3'
	],
	['building_blocks', '大颗粒积木', 'Building blocks', 'toy', 'box', 'kindergarten', 9900, '200块'],
	['puzzle', '木制拼图', 'Wooden puzzles', 'toy', 'set', 'kindergarten', 4500, ''],
	['football', '足球（4号）', 'Football (size 4)', 'sports', 'piece', 'all', 8900, ''],
	['skipping_rope', '跳绳', 'Skipping rope', 'sports', 'piece', 'all', 1200, ''],
	[
		'basketball',
		'篮球（5号）',
		'Basketball (size 5)',
		'sports',
		'piece',
		'upper_primary',
		11900,
		''
	],
	['projector', '教学投影仪', 'Classroom projector', 'classroom', 'unit', 'all', 329900, ''],
	['whiteboard', '白板 120×90', 'Whiteboard 120×90', 'classroom', 'piece', 'all', 45000, ''],
	['pencils', '铅笔（12支装）', 'Pencils (box of 12)', 'stationery', 'box', 'all', 980, 'HB'],
	['exercise_books', '作业本', 'Exercise books', 'stationery', 'pack', 'all', 1500, '每包20本'],
	['bookshelf', '图书角书架', 'Bookshelf', 'library', 'piece', 'all', 68000, '五层，带轮'],
	['reading_mat', '阅读地垫', 'Reading mat', 'library', 'piece', 'kindergarten', 8800, ''],
	['globe', '地球仪', 'Globe', 'other', 'piece', 'upper_primary', 5800, '']
];

function daysFromToday(days: number): string {
	const [y, mo, d] = today().split('-').map(Number);
	return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * A catalog and supply requests in every state a review can leave them, made through the services
 * with the demo accounts, so statuses, notifications and audit trails are real.
 */
export async function seedRequests(world: DemoWorld): Promise<DemoRequests> {
	const { coordinator, teacher: hope, teacher2: quannaozi } = demoActors(world);

	const items: Record<string, number> = {};
	for (const [key, nameZh, nameEn, category, unit, ageBand, unitValue, description] of ITEMS) {
		items[key] = await catalog.create(coordinator, {
			nameZh,
			nameEn,
			category,
			unit,
			ageBand,
			unitValue,
			description
		});
	}
	const retired = await catalog.create(coordinator, {
		nameZh: '磁带录音机',
		nameEn: 'Cassette recorder',
		category: 'classroom',
		unit: 'unit',
		ageBand: 'all',
		unitValue: 19900,
		description: ''
	});
	await catalog.setActive(coordinator, retired, false);

	const byStatus: DemoRequests['byStatus'] = {};
	const keep = (status: RequestStatus, id: number) => (byStatus[status] ??= []).push(id);
	type Line = [key: string | null, quantity: number, reason: string, description?: string];
	const draft = async (teacher: Actor, purpose: string, days: number, lines: Line[]) =>
		requests.create(teacher, {
			purpose,
			neededBy: daysFromToday(days),
			lines: lines.map(([key, quantity, reason, description]) => ({
				catalogItemId: key ? items[key] : null,
				description: description ?? '',
				quantity,
				reason
			}))
		});
	const submitted = async (teacher: Actor, purpose: string, days: number, lines: Line[]) => {
		const id = await draft(teacher, purpose, days, lines);
		await requests.submit(teacher, id);
		return id;
	};
	/** Reviews with approved quantities per line (null = in full) and a reason for each cut. */
	const reviewed = async (
		id: number,
		decisions: ([number, string] | null)[],
		note = ''
	): Promise<RequestStatus> => {
		const view = await requests.getForSchool(coordinator, id);
		return requests.review(coordinator, id, {
			note,
			lines: view.lines.map((line, i) => {
				const d = decisions[i] ?? null;
				return d
					? { lineId: line.id, approved: d[0], note: d[1] }
					: { lineId: line.id, approved: line.quantityRequested, note: '' };
			})
		});
	};

	// 希望小学 (teacher)
	keep(
		'draft',
		await draft(hope, '五年级科学课需要地球仪和投影仪。', 60, [
			['globe', 4, '科学课认识地球'],
			['projector', 1, '多媒体教室只有一台旧投影仪']
		])
	);
	keep(
		'submitted',
		await submitted(hope, '春季运动会：补充体育器材。', 45, [
			['football', 10, '足球兴趣小组30人'],
			['skipping_rope', 60, '每班一组'],
			['basketball', 6, '']
		])
	);
	const library = await submitted(hope, '为一至三年级建一个阅读角（图书角）。', 90, [
		['picture_books', 8, '低年级学生识字量少，需要绘本'],
		['english_readers', 5, '英语启蒙'],
		['bookshelf', 2, '教室后面放书'],
		[null, 4, '冬天坐在地上读书太冷', '坐垫 Floor cushions']
	]);
	keep(await reviewed(library, []), library);
	const stationery = await submitted(hope, '新学期文具：作业本和铅笔。', 30, [
		['exercise_books', 40, '全校每人一包'],
		['pencils', 30, '']
	]);
	keep(await reviewed(stationery, [null, [20, '先发一半，期中再补']]), stationery);
	const recorder = await submitted(hope, '英语听力课：需要白板和新的录音设备。', 120, [
		['whiteboard', 2, '旧黑板坏了'],
		[null, 1, '播放英语听力', 'Bluetooth speaker 蓝牙音箱']
	]);
	keep(
		await reviewed(
			recorder,
			[
				[0, '本期预算不足'],
				[0, '本期预算不足']
			],
			'本期设备预算已用完，请下学期再申请。 The equipment budget for this term is spent; please ask again next term.'
		),
		recorder
	);

	// 泉脑子村小学 (teacher2)
	keep(
		'draft',
		await draft(quannaozi, '图书室补充字典。', 40, [['dictionary', 30, '每个学生一本']])
	);
	keep(
		'submitted',
		await submitted(quannaozi, '低年级数学教具与拼图。', 50, [
			['puzzle', 6, '课间活动'],
			[null, 10, '数学课认识图形', '几何教具 Geometry teaching set']
		])
	);
	const books = await submitted(quannaozi, '高年级课外阅读：经典丛书和字典。', 75, [
		['classic_readers', 3, '每个年级一套'],
		['dictionary', 20, '学生查字']
	]);
	keep(await reviewed(books, []), books);
	const sports = await submitted(quannaozi, '操场活动：球类和跳绳。', 35, [
		['football', 4, ''],
		['basketball', 4, '篮球架刚修好'],
		['skipping_rope', 30, '']
	]);
	keep(await reviewed(sports, [null, [2, '先配2个，看使用情况'], null]), sports);
	const blocks = await submitted(quannaozi, '学前班积木和阅读地垫。', 60, [
		['building_blocks', 5, '学前班15个孩子'],
		['reading_mat', 3, '']
	]);
	keep(await reviewed(blocks, []), blocks);

	// Made last, so the pledge, stock and shipment seeds (which take the oldest first) leave these
	// as the review left them: a newcomer still sees an approved and a partly approved request.
	const newest = await submitted(hope, '二年级班级图书角补充。', 100, [
		['picture_books', 3, '班级图书角'],
		['reading_mat', 2, '']
	]);
	keep(await reviewed(newest, []), newest);
	const globes = await submitted(quannaozi, '科学课：地球仪和白板。', 110, [
		['globe', 6, '每两个年级一个'],
		['whiteboard', 1, '']
	]);
	keep(await reviewed(globes, [[3, '先配3个，学校间可轮流使用'], null]), globes);

	return { items, byStatus };
}
