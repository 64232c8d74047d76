import type SQLite from 'better-sqlite3';
import type { Grade, RequestStatus, SchoolKind } from '../db/schema';
import { pledgeLifecycle, requestLifecycle } from '../donations/lifecycles';
import type { DemoWorld } from './seed';

// The states the generator leaves things in, named by the lifecycle steps that lead to them.
const DRAFT = requestLifecycle.create.to;
const FULFILLING = requestLifecycle.fulfil.to;
const DELIVERED = requestLifecycle.deliver.to;
const CLOSED = requestLifecycle.close.to;
/** Requests some of whose lines were covered: those open to cover, and those it was done for. */
const COVERED: readonly RequestStatus[] = [...requestLifecycle.cover.from, DELIVERED, CLOSED];
const CANCELLED = pledgeLifecycle.cancel.to;
const isDone = (status: RequestStatus) => status === DELIVERED || status === CLOSED;

/**
 * A large program, grown on top of the demo one so that its accounts (and their password) sign in:
 * 500 schools, 25,000 supply requests with about 100,000 lines in every state, 50,000 pledges,
 * 1,000,000 stock-ledger rows, 20,000 shipments and 100,000 notifications over two years, at
 * `scale` 1. Deterministic: the same scale, seed and day give the same rows.
 *
 * It writes rows directly (through prepared statements in one transaction per table group) rather
 * than through the services, which would take hours at this size; so it keeps the services' rules
 * itself, and the schema's CHECK constraints and foreign keys hold it to them: cover within what
 * was approved, shipped within what was covered, received within what was shipped, stock never
 * below what is allocated at any point of the ledger, every request state reached the way its
 * lifecycle reaches it. `large.test.ts` checks those invariants on a small scale.
 */
export interface LargeOptions {
	/** 1 gives the sizes above; 0.01 a hundredth of them (for tests). */
	scale: number;
	seed?: number;
	/** The day the two years of dates end on (YYYY-MM-DD); today (UTC) by default. */
	today?: string;
}

export interface LargeCounts {
	schools: number;
	users: number;
	catalogItems: number;
	requests: number;
	requestLines: number;
	pledges: number;
	shipments: number;
	shipmentLines: number;
	stockMovements: number;
	notifications: number;
	auditRows: number;
	thankYouNotes: number;
}

const DAY = 86_400_000;
const YEARS = 2;

/** mulberry32: a small, fast, seedable generator (deterministic rows need no library). */
function generator(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
	const chance = (p: number) => next() < p;
	const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
		const total = pairs.reduce((s, [, w]) => s + w, 0);
		let r = next() * total;
		for (const [v, w] of pairs) if ((r -= w) < 0) return v;
		return pairs[pairs.length - 1][0];
	};
	return { next, int, pick, chance, weighted };
}

const STATUS_WEIGHTS: readonly (readonly [RequestStatus, number])[] = [
	['draft', 5],
	['submitted', 10],
	['approved', 14],
	['partially_approved', 6],
	['rejected', 5],
	['fulfilling', 20],
	['delivered', 30],
	['closed', 10]
];

const PURPOSES = [
	'孩子们的图书角需要补充新书。',
	'体育课器材不足，很多孩子轮流等着用。',
	'新学期入学人数增加，文具不够用。',
	'教室的白板已经用了十年，字迹擦不干净。',
	'幼儿园小班需要适合三岁孩子的玩具。',
	'Our reading corner needs graded English readers for grades 1–3.',
	'The winter term starts soon and the children need exercise books.'
];

const REASONS = ['盘点差异 Stock-take difference', '受潮损坏 Water damage', '点数更正 Recount'];
const CARRIERS = ['中国邮政 China Post', '顺丰速运 SF Express', '县教育局车辆 County bureau van'];
const KINDS: readonly SchoolKind[] = [
	'primary',
	'primary',
	'primary',
	'kindergarten',
	'nine_year',
	'teaching_point'
];
const PRIMARY: readonly Grade[] = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
const KINDERGARTEN: readonly Grade[] = ['k1', 'k2', 'k3'];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Line {
	id: number;
	requestId: number;
	itemId: number;
	requested: number;
	approved: number;
	pledged: number;
	allocated: number;
	shipped: number;
	received: number;
}

interface Movement {
	itemId: number;
	kind: 'received' | 'allocated' | 'released' | 'shipped' | 'adjusted';
	quantity: number;
	organisationId: number | null;
	requestLineId: number | null;
	shipmentId: number | null;
	reason: string;
	at: number;
}

/** Grows the demo program in `sqlite` (already migrated and seeded with the demo) to a large one. */
export function growLarge(
	sqlite: SQLite.Database,
	world: DemoWorld,
	options: LargeOptions
): LargeCounts {
	const scale = options.scale;
	const rnd = generator(options.seed ?? 20261203);
	const today = options.today ?? isoDay(Date.now());
	const end = Date.parse(`${today}T08:00:00Z`);
	const start = end - YEARS * 365 * DAY;
	const n = (x: number) => Math.max(1, Math.round(x * scale));
	const target = {
		schools: n(500),
		requests: n(25_000),
		pledges: n(50_000),
		movements: n(1_000_000),
		notifications: n(100_000)
	};

	const one = <T>(query: string, ...params: unknown[]) => sqlite.prepare(query).get(...params) as T;
	const passwordHash = one<{ h: string }>(
		'select password_hash as h from user where id = ?',
		world.users.coordinator
	).h;
	const counts: LargeCounts = {
		schools: 0,
		users: 0,
		catalogItems: 0,
		requests: 0,
		requestLines: 0,
		pledges: 0,
		shipments: 0,
		shipmentLines: 0,
		stockMovements: 0,
		notifications: 0,
		auditRows: 0,
		thankYouNotes: 0
	};

	const insertUser = sqlite.prepare(
		`insert into user (username, display_name, role, school_id, organisation_id, grade, password_hash, created_at, created_by)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const addUser = (
		username: string,
		name: string,
		role: string,
		schoolId: number | null,
		organisationId: number | null,
		grade: Grade | null
	) => {
		counts.users++;
		return Number(
			insertUser.run(
				username,
				name,
				role,
				schoolId,
				organisationId,
				grade,
				passwordHash,
				start,
				world.users.coordinator
			).lastInsertRowid
		);
	};

	// ---- People and places ----------------------------------------------------------------------
	const schools: { id: number; teacher: number }[] = [
		{ id: world.schools.hope, teacher: world.users.teacher },
		{ id: world.schools.quannaozi, teacher: world.users.teacher2 }
	];
	const coordinators = [world.users.coordinator];
	const sponsorOrgs: { id: number; sponsor: number; weight: number }[] = [
		{ id: world.organisations.genertec, sponsor: world.users.sponsor, weight: 8 }
	];
	sqlite.transaction(() => {
		const insertCounty = sqlite.prepare(
			'insert into county (name, province, created_at) values (?, ?, ?)'
		);
		const counties = [world.countyId];
		for (let c = 1; c < 10; c++)
			counties.push(Number(insertCounty.run(`示范县 ${c}`, '河北省', start).lastInsertRowid));
		const insertSchool = sqlite.prepare(
			`insert into school (county_id, name, kind, village, address, contact_name, contact_phone, created_at)
			 values (?, ?, ?, ?, ?, ?, ?, ?)`
		);
		const insertGrade = sqlite.prepare(
			'insert into school_grade (school_id, grade, enrolment) values (?, ?, ?)'
		);
		const existing = one<{ n: number }>('select count(*) as n from school').n;
		for (let s = existing; s < Math.max(target.schools, existing + 3); s++) {
			const kind = rnd.pick(KINDS);
			const village = `第${s}村`;
			const id = Number(
				insertSchool.run(
					counties[s % counties.length],
					`第${s}小学`,
					kind,
					village,
					village,
					'王老师',
					'0313-5520000',
					start
				).lastInsertRowid
			);
			counts.schools++;
			const grades =
				kind === 'kindergarten'
					? KINDERGARTEN
					: kind === 'teaching_point'
						? PRIMARY.slice(0, 2)
						: PRIMARY;
			for (const g of grades) insertGrade.run(id, g, rnd.int(3, 45));
			const teacher = addUser(`teacher_${s}`, `第${s}小学老师`, 'teacher', id, null, null);
			for (let p = 0; p < 4; p++)
				addUser(
					`student_${s}_${p}`,
					`学生${s}-${p}`,
					'student',
					id,
					null,
					kind === 'kindergarten' ? null : rnd.pick(grades)
				);
			schools.push({ id, teacher });
		}
		for (let c = 0; c < 3; c++)
			coordinators.push(addUser(`coordinator_${c}`, `协调员${c}`, 'coordinator', null, null, null));
		const insertOrg = sqlite.prepare(
			'insert into organisation (name, parent_id, created_at) values (?, ?, ?)'
		);
		for (const key of ['technology', 'trade', 'consulting'] as const) {
			const id = world.organisations[key];
			sponsorOrgs.push({
				id,
				sponsor: addUser(`sponsor_${key}`, `${key} sponsor`, 'sponsor', null, id, null),
				weight: 4
			});
		}
		for (let o = 0; o < 20; o++) {
			const parent = o < 6 ? world.organisations.genertec : null;
			const id = Number(insertOrg.run(`Sponsor ${o} 捐赠单位${o}`, parent, start).lastInsertRowid);
			sponsorOrgs.push({
				id,
				sponsor: addUser(`sponsor_${o}`, `捐赠人${o}`, 'sponsor', null, id, null),
				weight: 2
			});
		}
	})();

	// ---- Catalog: the demo's items, and numbered variants of them (200 in all at scale 1) ---------
	sqlite.transaction(() => {
		const columns = (sqlite.prepare('pragma table_info(catalog_item)').all() as { name: string }[])
			.map((c) => c.name)
			.filter((c) => c !== 'id');
		const wanted = Math.max(16, Math.round(200 * Math.min(1, scale * 4)));
		const base = sqlite
			.prepare('select id from catalog_item where active = 1 order by id')
			.all() as { id: number }[];
		const have = one<{ n: number }>('select count(*) as n from catalog_item').n;
		const copy = sqlite.prepare(
			`insert into catalog_item (${columns.join(', ')}) select ${columns
				.map((c) => (c.startsWith('name') ? `substr(${c}, 1, 100) || ' ' || ?` : c))
				.join(', ')} from catalog_item where id = ?`
		);
		const nameParams = columns.filter((c) => c.startsWith('name')).length;
		for (let i = have; i < wanted; i++) {
			copy.run(...Array(nameParams).fill(`#${i}`), base[i % base.length].id);
			counts.catalogItems++;
		}
	})();
	const schoolName = new Map(
		(sqlite.prepare('select id, name from school').all() as { id: number; name: string }[]).map(
			(r) => [r.id, r.name]
		)
	);
	const items = (
		sqlite.prepare('select id from catalog_item where active = 1 order by id').all() as {
			id: number;
		}[]
	).map((r) => r.id);

	// ---- Requests and their lines -----------------------------------------------------------------
	const lines: Line[] = [];
	const requests: {
		id: number;
		school: (typeof schools)[number];
		status: RequestStatus;
		created: number;
		lines: Line[];
	}[] = [];
	const insertRequest = sqlite.prepare(
		`insert into supply_request (school_id, created_by, purpose, needed_by, status, review_note, submitted_at, reviewed_at, reviewed_by, delivered_at, created_at, updated_at)
		 values (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`
	);
	const insertLine = sqlite.prepare(
		`insert into request_line (request_id, position, catalog_item_id, quantity_requested, quantity_approved, quantity_pledged, quantity_allocated, quantity_shipped, quantity_received)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const updateLine = sqlite.prepare(
		`update request_line set quantity_pledged = ?, quantity_allocated = ?, quantity_shipped = ?, quantity_received = ? where id = ?`
	);
	const insertAudit = sqlite.prepare(
		`insert into audit_log (actor_id, subject, subject_id, action, from_state, to_state, reason, at) values (?, ?, ?, ?, ?, ?, null, ?)`
	);
	const audit = (
		actor: number,
		subject: string,
		id: number,
		action: string,
		from: string | null,
		to: string | null,
		at: number
	) => {
		insertAudit.run(actor, subject, id, action, from, to, at);
		counts.auditRows++;
	};
	const notifications: [number, string, string, number, string, number][] = [];

	sqlite.transaction(() => {
		for (let r = 0; r < target.requests; r++) {
			// The demo's two teachers carry a real program's load (a few per cent of all requests).
			const school =
				r % 50 === 0
					? schools[0]
					: r % 97 === 0
						? schools[1]
						: schools[rnd.int(2, schools.length - 1)];
			const status = rnd.weighted(STATUS_WEIGHTS);
			const recent =
				status === 'draft' ||
				status === 'submitted' ||
				status === 'approved' ||
				status === 'partially_approved';
			const created = recent
				? end - rnd.int(1, 120) * DAY
				: start + rnd.int(0, YEARS * 365 - 60) * DAY;
			const submitted = status === 'draft' ? null : created + DAY;
			const reviewed = submitted && status !== 'submitted' ? submitted + 2 * DAY : null;
			const reviewer = rnd.pick(coordinators);
			const delivered =
				status === 'delivered' || status === 'closed' ? created + rnd.int(20, 50) * DAY : null;
			const updated = Math.max(created, submitted ?? 0, reviewed ?? 0, delivered ?? 0);
			const id = Number(
				insertRequest.run(
					school.id,
					school.teacher,
					rnd.pick(PURPOSES),
					isoDay(created + rnd.int(30, 150) * DAY),
					status,
					submitted,
					reviewed,
					reviewed ? reviewer : null,
					delivered,
					created,
					updated
				).lastInsertRowid
			);
			const chosen = new Set<number>();
			const count = rnd.int(1, 7);
			const mine: Line[] = [];
			for (let p = 1; p <= count; p++) {
				let item = rnd.pick(items);
				while (chosen.has(item) && chosen.size < items.length) item = rnd.pick(items);
				chosen.add(item);
				const requested = rnd.int(1, 60);
				const approved =
					status === 'draft' || status === 'submitted'
						? null
						: status === 'rejected'
							? 0
							: status === 'partially_approved' && p === 1
								? Math.floor(requested / 2)
								: requested;
				const line: Line = {
					id: Number(insertLine.run(id, p, item, requested, approved, 0, 0, 0, 0).lastInsertRowid),
					requestId: id,
					itemId: item,
					requested,
					approved: approved ?? 0,
					pledged: 0,
					allocated: 0,
					shipped: 0,
					received: 0
				};
				mine.push(line);
				lines.push(line);
			}
			requests.push({ id, school, status, created, lines: mine });
			counts.requests++;
			counts.requestLines += count;

			audit(school.teacher, 'request', id, 'create', null, 'draft', created);
			if (submitted) {
				audit(school.teacher, 'request', id, 'submit', 'draft', 'submitted', submitted);
				notifications.push([
					rnd.pick(coordinators),
					'request_submitted',
					'request',
					id,
					JSON.stringify({ id, school: schoolName.get(school.id) }),
					submitted
				]);
			}
			if (reviewed) {
				const to =
					status === 'rejected'
						? 'rejected'
						: status === 'partially_approved'
							? 'partially_approved'
							: 'approved';
				audit(reviewer, 'request', id, 'review', 'submitted', to, reviewed);
				const approved = mine.reduce((s, l) => s + l.approved, 0);
				const requested = mine.reduce((s, l) => s + l.requested, 0);
				notifications.push([
					school.teacher,
					'request_reviewed',
					'request',
					id,
					JSON.stringify({ id, approved, requested }),
					reviewed
				]);
			}
		}
	})();

	// ---- Cover (pledges and allocations), shipments, receipts -------------------------------------
	interface PledgeRow {
		id: number;
		line: Line;
		org: (typeof sponsorOrgs)[number];
		quantity: number;
		status: string;
		at: number;
	}
	const pledges: PledgeRow[] = [];
	const movements: Movement[] = [];
	interface ShipmentPlan {
		request: (typeof requests)[number];
		source: 'stock' | 'sponsor';
		org: (typeof sponsorOrgs)[number] | null;
		at: number;
		received: boolean;
		parts: { line: Line; pledge: PledgeRow | null; quantity: number }[];
	}
	const plans: ShipmentPlan[] = [];
	const insertPledge = sqlite.prepare(
		`insert into pledge (request_line_id, organisation_id, pledged_by, quantity, status, note, created_at, cancelled_at) values (?, ?, ?, ?, ?, '', ?, ?)`
	);
	const orgOf = () => rnd.weighted(sponsorOrgs.map((o) => [o, o.weight] as const));

	sqlite.transaction(() => {
		for (const request of requests) {
			const { status } = request;
			if (!COVERED.includes(status)) continue;
			const done = status === 'delivered' || status === 'closed';
			const fulfilling = status === 'fulfilling';
			const coverAt = request.created + 5 * DAY;
			const receivedShipments = done || (fulfilling && rnd.chance(0.5));
			const byOrg = new Map<string, ShipmentPlan>();
			let stockPlan: ShipmentPlan | null = null;
			// Most requests are covered by one sponsor or by the storeroom, as a coordinator matches them.
			const fromStore = rnd.chance(0.3);
			const sponsor = orgOf();
			const twoBatches = rnd.chance(0.1);
			request.lines.forEach((line, index) => {
				if (line.approved === 0) return;
				const full = done || (fulfilling && (index === 0 || rnd.chance(0.6)));
				const covered = full ? line.approved : rnd.chance(0.55) ? rnd.int(0, line.approved - 1) : 0;
				if (covered === 0) return;
				const fromStock = fromStore ? covered : rnd.chance(0.05) ? rnd.int(1, covered) : 0;
				const pledged = covered - fromStock;
				line.pledged = pledged;
				line.allocated = fromStock;
				const ships = done || (fulfilling && full && (index === 0 || rnd.chance(0.6)));
				// Sponsor pledges: one to three per line, each from its own organisation.
				let left = pledged;
				const pieces = Math.min(left, rnd.chance(0.08) ? rnd.int(2, 3) : 1);
				for (let k = 0; k < pieces && left > 0; k++) {
					const q = k === pieces - 1 ? left : rnd.int(1, left - (pieces - 1 - k));
					left -= q;
					const org = k === 0 && rnd.chance(0.9) ? sponsor : orgOf();
					const at = coverAt + k * DAY;
					const state = ships ? (receivedShipments ? 'delivered' : 'shipped') : 'active';
					const pledge: PledgeRow = {
						id: Number(
							insertPledge.run(line.id, org.id, org.sponsor, q, state, at, null).lastInsertRowid
						),
						line,
						org,
						quantity: q,
						status: state,
						at
					};
					pledges.push(pledge);
					audit(org.sponsor, 'pledge', pledge.id, 'create', null, 'active', at);
					if (ships) {
						const batch = twoBatches ? index % 2 : 0;
						let plan = byOrg.get(`${org.id}:${batch}`);
						if (!plan) {
							plan = {
								request,
								source: 'sponsor',
								org,
								at: coverAt + (10 + 7 * batch) * DAY,
								received: receivedShipments,
								parts: []
							};
							byOrg.set(`${org.id}:${batch}`, plan);
							plans.push(plan);
						}
						plan.parts.push({ line, pledge, quantity: q });
					}
				}
				// A pledge withdrawn before it was needed: not counted in the line's cover.
				if (rnd.chance(0.03)) {
					const org = orgOf();
					const at = coverAt - DAY;
					const id = Number(
						insertPledge.run(
							line.id,
							org.id,
							org.sponsor,
							rnd.int(1, 20),
							'cancelled',
							at,
							at + DAY
						).lastInsertRowid
					);
					pledges.push({ id, line, org, quantity: 0, status: CANCELLED, at });
					audit(org.sponsor, 'pledge', id, 'create', null, 'active', at);
					audit(org.sponsor, 'pledge', id, 'cancel', 'active', 'cancelled', at + DAY);
				}
				if (fromStock > 0) {
					movements.push({
						itemId: line.itemId,
						kind: 'allocated',
						quantity: fromStock,
						organisationId: null,
						requestLineId: line.id,
						shipmentId: null,
						reason: '',
						at: coverAt
					});
					audit(world.users.coordinator, 'request_line', line.id, 'allocate', null, null, coverAt);
					if (ships) {
						if (!stockPlan) {
							stockPlan = {
								request,
								source: 'stock',
								org: null,
								at: coverAt + 9 * DAY,
								received: receivedShipments,
								parts: []
							};
							plans.push(stockPlan);
						}
						stockPlan.parts.push({ line, pledge: null, quantity: fromStock });
					}
				}
				if (ships) {
					line.shipped = covered;
					line.received = receivedShipments ? covered : 0;
				}
			});
		}
	})();

	// Shipments in the order they left, numbered per year as the counter numbers them.
	plans.sort((a, b) => a.at - b.at);
	const counters = new Map<number, number>(
		(
			sqlite.prepare('select year, last from shipment_counter').all() as {
				year: number;
				last: number;
			}[]
		).map((r) => [r.year, r.last])
	);
	const insertShipment = sqlite.prepare(
		`insert into shipment (number, school_id, source, organisation_id, carrier, reference, dispatched_on, status, created_by, created_at, updated_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertShipmentLine = sqlite.prepare(
		`insert into shipment_line (shipment_id, request_line_id, pledge_id, catalog_item_id, quantity, receipt, quantity_received, confirmed_by, confirmed_at, discrepancy)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	sqlite.transaction(() => {
		for (const plan of plans) {
			const year = new Date(plan.at).getUTCFullYear();
			const seq = (counters.get(year) ?? 0) + 1;
			counters.set(year, seq);
			const number = `SH-${year}-${String(seq).padStart(4, '0')}`;
			const receivedAt = plan.at + rnd.int(3, 12) * DAY;
			const teacher = plan.request.school.teacher;
			// Now and then a line arrives short: an open discrepancy on a request still being fulfilled.
			const shortLine =
				plan.received && plan.request.status === FULFILLING && rnd.chance(0.15)
					? plan.parts[0]
					: null;
			const id = Number(
				insertShipment.run(
					number,
					plan.request.school.id,
					plan.source,
					plan.org?.id ?? null,
					rnd.pick(CARRIERS),
					`LG${seq}`,
					isoDay(plan.at),
					plan.received ? 'received' : 'dispatched',
					world.users.coordinator,
					plan.at,
					plan.received ? receivedAt : plan.at
				).lastInsertRowid
			);
			counts.shipments++;
			audit(world.users.coordinator, 'shipment', id, 'dispatch', null, 'dispatched', plan.at);
			notifications.push([
				teacher,
				'shipment_dispatched',
				'shipment',
				id,
				JSON.stringify({ number }),
				plan.at
			]);
			for (const part of plan.parts) {
				const short = part === shortLine && part.quantity > 1;
				const got = plan.received ? (short ? part.quantity - 1 : part.quantity) : null;
				if (short) part.line.received -= 1;
				insertShipmentLine.run(
					id,
					part.line.id,
					part.pledge?.id ?? null,
					part.line.itemId,
					part.quantity,
					plan.received ? (short ? 'short' : 'received') : 'pending',
					got,
					plan.received ? teacher : null,
					plan.received ? receivedAt : null,
					short ? 'open' : 'none'
				);
				counts.shipmentLines++;
				if (plan.received)
					audit(
						teacher,
						'shipment',
						id,
						short ? 'receipt.short' : 'receipt.received',
						'pending',
						short ? 'short' : 'received',
						receivedAt
					);
				if (part.pledge) {
					audit(
						world.users.coordinator,
						'pledge',
						part.pledge.id,
						'ship',
						'active',
						'shipped',
						plan.at
					);
					if (plan.received) {
						audit(teacher, 'pledge', part.pledge.id, 'deliver', 'shipped', 'delivered', receivedAt);
						notifications.push([
							part.pledge.org.sponsor,
							'pledge_delivered',
							'pledge',
							part.pledge.id,
							JSON.stringify({ number, quantity: part.quantity }),
							receivedAt
						]);
					}
				} else {
					movements.push({
						itemId: part.line.itemId,
						kind: 'shipped',
						quantity: -part.quantity,
						organisationId: null,
						requestLineId: part.line.id,
						shipmentId: id,
						reason: '',
						at: plan.at
					});
				}
			}
			if (plan.received)
				audit(teacher, 'shipment', id, 'receive', 'dispatched', 'received', receivedAt);
		}
		const setCounter = sqlite.prepare(
			'insert into shipment_counter (year, last) values (?, ?) on conflict (year) do update set last = excluded.last'
		);
		for (const [year, last] of counters) setCounter.run(year, last);
		for (const line of lines)
			if (line.pledged || line.allocated || line.shipped || line.received)
				updateLine.run(line.pledged, line.allocated, line.shipped, line.received, line.id);
		for (const request of requests) {
			const at = request.created + 10 * DAY;
			if (request.status === FULFILLING || isDone(request.status))
				audit(
					world.users.coordinator,
					'request',
					request.id,
					'fulfil',
					'approved',
					'fulfilling',
					at
				);
			if (isDone(request.status))
				audit(
					request.school.teacher,
					'request',
					request.id,
					'deliver',
					'fulfilling',
					'delivered',
					at + 20 * DAY
				);
			if (request.status === CLOSED)
				audit(
					world.users.coordinator,
					'request',
					request.id,
					'close',
					'delivered',
					'closed',
					at + 30 * DAY
				);
		}
	})();
	counts.pledges = pledges.length;

	// ---- The stock ledger: the cover's real movements, the storeroom's daily work around them, and
	// a delivery in whenever a movement would take the shelf below what it must hold. ----------------
	const realCount = movements.length;
	const fillerLines = lines.filter((l) => l.approved > 0);
	for (let i = realCount; i < target.movements * 0.97;) {
		const itemId = rnd.pick(items);
		const at = start + rnd.int(0, YEARS * 365 * DAY - 1);
		const roll = rnd.next();
		if (roll < 0.45) {
			const org = rnd.chance(0.8) ? orgOf().id : null;
			movements.push({
				itemId,
				kind: 'received',
				quantity: rnd.int(5, 200),
				organisationId: org,
				requestLineId: null,
				shipmentId: null,
				reason: '',
				at
			});
			i++;
		} else if (roll < 0.6) {
			const d = rnd.chance(0.5) ? rnd.int(1, 3) : -rnd.int(1, 3);
			movements.push({
				itemId,
				kind: 'adjusted',
				quantity: d,
				organisationId: null,
				requestLineId: null,
				shipmentId: null,
				reason: rnd.pick(REASONS),
				at
			});
			i++;
		} else {
			// Set aside and given back (a sponsor's pledge took the need over).
			const line = rnd.pick(fillerLines);
			const q = rnd.int(1, 10);
			movements.push({
				itemId: line.itemId,
				kind: 'allocated',
				quantity: q,
				organisationId: null,
				requestLineId: line.id,
				shipmentId: null,
				reason: '',
				at
			});
			movements.push({
				itemId: line.itemId,
				kind: 'released',
				quantity: -q,
				organisationId: null,
				requestLineId: line.id,
				shipmentId: null,
				reason: '',
				at: at + DAY
			});
			i += 2;
		}
	}
	movements.sort((a, b) => a.itemId - b.itemId || a.at - b.at || (a.kind === 'received' ? -1 : 0));
	const insertMovement = sqlite.prepare(
		`insert into stock_movement (catalog_item_id, kind, quantity, organisation_id, request_line_id, shipment_id, reason, created_by, created_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const levels = new Map<number, { onHand: number; allocated: number }>(
		(
			sqlite
				.prepare('select catalog_item_id as id, on_hand as onHand, allocated from stock_level')
				.all() as {
				id: number;
				onHand: number;
				allocated: number;
			}[]
		).map((r) => [r.id, { onHand: r.onHand, allocated: r.allocated }])
	);
	const write = (mv: Movement) => {
		insertMovement.run(
			mv.itemId,
			mv.kind,
			mv.quantity,
			mv.organisationId,
			mv.requestLineId,
			mv.shipmentId,
			mv.reason,
			world.users.coordinator,
			mv.at
		);
		counts.stockMovements++;
	};
	sqlite.transaction(() => {
		for (const mv of movements) {
			const level = levels.get(mv.itemId) ?? { onHand: 0, allocated: 0 };
			levels.set(mv.itemId, level);
			const onHand =
				mv.kind === 'received' || mv.kind === 'adjusted' || mv.kind === 'shipped' ? mv.quantity : 0;
			const allocated =
				mv.kind === 'allocated' || mv.kind === 'released' || mv.kind === 'shipped'
					? mv.quantity
					: 0;
			// What the shelf must hold after this movement: on-hand ≥ allocated ≥ 0.
			const short = level.allocated + allocated - (level.onHand + onHand);
			if (short > 0) {
				const topUp = short + rnd.int(10, 100);
				write({
					...mv,
					kind: 'received',
					quantity: topUp,
					organisationId: orgOf().id,
					requestLineId: null,
					shipmentId: null,
					reason: '',
					at: mv.at - 1
				});
				level.onHand += topUp;
			}
			write(mv);
			level.onHand += onHand;
			level.allocated += allocated;
		}
		const setLevel = sqlite.prepare(
			`insert into stock_level (catalog_item_id, on_hand, allocated) values (?, ?, ?)
			 on conflict (catalog_item_id) do update set on_hand = excluded.on_hand, allocated = excluded.allocated`
		);
		for (const [itemId, level] of levels) setLevel.run(itemId, level.onHand, level.allocated);
	})();

	// ---- Thank-you notes for a third of what was delivered ----------------------------------------
	const insertNote = sqlite.prepare(
		`insert into thank_you_note (school_id, request_id, shipment_id, author_id, body, is_public, created_at) values (?, ?, null, ?, ?, ?, ?)`
	);
	sqlite.transaction(() => {
		for (const request of requests) {
			if (!isDone(request.status) || !rnd.chance(0.33)) continue;
			const at = request.created + 40 * DAY;
			const id = Number(
				insertNote.run(
					request.school.id,
					request.id,
					request.school.teacher,
					`谢谢你们！孩子们很喜欢。Thank you — the children love them. (#${request.id})`,
					rnd.chance(0.6) ? 1 : 0,
					at
				).lastInsertRowid
			);
			counts.thankYouNotes++;
			audit(request.school.teacher, 'thanks', id, 'posted', null, null, at);
			const org = request.lines.length ? orgOf() : null;
			if (org)
				notifications.push([
					org.sponsor,
					'thanks_posted',
					'thanks',
					id,
					JSON.stringify({ school: schoolName.get(request.school.id) }),
					at
				]);
		}
	})();

	// ---- Notifications: what the steps above sent, then the everyday rest up to the target --------
	while (notifications.length < target.notifications) {
		const request = rnd.pick(requests);
		if (request.status === DRAFT) continue;
		notifications.push([
			rnd.pick(coordinators),
			'request_submitted',
			'request',
			request.id,
			JSON.stringify({ id: request.id, school: schoolName.get(request.school.id) }),
			request.created + DAY
		]);
	}
	notifications.sort((a, b) => a[5] - b[5]);
	const insertNotification = sqlite.prepare(
		`insert into notification (user_id, kind, subject, subject_id, params, read_at, created_at) values (?, ?, ?, ?, ?, ?, ?)`
	);
	sqlite.transaction(() => {
		for (const [userId, kind, subject, subjectId, params, at] of notifications.slice(
			0,
			target.notifications
		)) {
			insertNotification.run(
				userId,
				kind,
				subject,
				subjectId,
				params,
				at < end - 30 * DAY && rnd.chance(0.85) ? at + DAY : null,
				at
			);
			counts.notifications++;
		}
	})();
	return counts;
}
