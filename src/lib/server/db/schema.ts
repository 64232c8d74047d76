import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps are UTC milliseconds since the epoch (integer, portable as bigint). */
export type Millis = number;

export const ROLES = ['coordinator', 'teacher', 'student', 'judge', 'sponsor'] as const;
export type Role = (typeof ROLES)[number];

export const SCHOOL_KINDS = ['primary', 'kindergarten', 'nine_year', 'teaching_point'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

/** Kindergarten classes (小班, 中班, 大班) then primary grades 1–6. */
export const GRADES = ['k1', 'k2', 'k3', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6'] as const;
export type Grade = (typeof GRADES)[number];

export interface CountyTable {
	id: Generated<number>;
	name: string;
	province: string;
	createdAt: Millis;
}

export interface SchoolTable {
	id: Generated<number>;
	countyId: number;
	name: string;
	kind: SchoolKind;
	village: string;
	address: string;
	contactName: string;
	contactPhone: string;
	createdAt: Millis;
}

export interface SchoolGradeTable {
	schoolId: number;
	grade: Grade;
	enrolment: number;
}

export interface OrganisationTable {
	id: Generated<number>;
	name: string;
	parentId: number | null;
	createdAt: Millis;
}

export interface UserTable {
	id: Generated<number>;
	username: string;
	displayName: string;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
	grade: Grade | null;
	email: string | null;
	passwordHash: string;
	disabledAt: Millis | null;
	createdAt: Millis;
	createdBy: number | null;
}

export interface SessionTable {
	id: string;
	userId: number;
	secretHash: Uint8Array;
	createdAt: Millis;
	lastVerifiedAt: Millis;
}

export interface InvitationTable {
	id: Generated<number>;
	tokenHash: string;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
	note: string;
	createdBy: number;
	createdAt: Millis;
	expiresAt: Millis;
	usedAt: Millis | null;
	usedBy: number | null;
	revokedAt: Millis | null;
}

export interface SignInThrottleTable {
	key: string;
	/** Attempts counted before their check; a success gives its own back. */
	failures: number;
	lockedUntil: Millis;
	updatedAt: Millis;
	/** When the row may be swept (the count is forgotten from then on). */
	forgetAt: Millis;
}

export interface SignInFailureTable {
	id: Generated<number>;
	username: string;
	clientAddress: string;
	reason: string;
	at: Millis;
}

export interface AuditLogTable {
	id: Generated<number>;
	actorId: number | null;
	subject: string;
	subjectId: number;
	action: string;
	fromState: string | null;
	toState: string | null;
	reason: string | null;
	at: Millis;
}

export const CATEGORIES = [
	'book',
	'toy',
	'sports',
	'classroom',
	'stationery',
	'library',
	'other'
] as const;
export type Category = (typeof CATEGORIES)[number];

export const AGE_BANDS = ['kindergarten', 'lower_primary', 'upper_primary', 'all'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** How an item is counted: a code, labelled in each language (`unitLabel`); CHECKed in the table. */
export const UNITS = [
	'piece',
	'pack',
	'box',
	'set',
	'copy',
	'bottle',
	'ream',
	'sheet',
	'pair',
	'unit'
] as const;
export type Unit = (typeof UNITS)[number];

export const REQUEST_STATUSES = [
	'draft',
	'submitted',
	'approved',
	'partially_approved',
	'rejected',
	'fulfilling',
	'delivered',
	'closed'
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type PledgeStatus = 'active' | 'cancelled' | 'shipped' | 'delivered';
export type StockMovementKind = 'received' | 'allocated' | 'released' | 'shipped' | 'adjusted';
export type ShipmentStatus = 'preparing' | 'dispatched' | 'received' | 'closed';
export const RECEIPTS = ['pending', 'received', 'short', 'damaged', 'wrong_item'] as const;
export type Receipt = (typeof RECEIPTS)[number];
export type Discrepancy = 'none' | 'open' | 'resolved';
export const RESOLUTIONS = ['reship', 'replace', 'return_to_need'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface CatalogItemTable {
	id: Generated<number>;
	/** The name on Chinese pages; `itemName(item, locale)` picks one. */
	nameZh: string;
	/** The name on English pages. */
	nameEn: string;
	category: Category;
	unit: Unit;
	ageBand: AgeBand;
	unitValueFen: number;
	description: Generated<string>;
	active: Generated<number>;
	createdAt: Millis;
}

export interface SupplyRequestTable {
	id: Generated<number>;
	schoolId: number;
	createdBy: number;
	purpose: string;
	/** A calendar date, YYYY-MM-DD, in the program's time zone. */
	neededBy: string;
	status: RequestStatus;
	reviewNote: Generated<string>;
	submittedAt: Millis | null;
	reviewedAt: Millis | null;
	reviewedBy: number | null;
	deliveredAt: Millis | null;
	createdAt: Millis;
	updatedAt: Millis;
}

export interface RequestLineTable {
	id: Generated<number>;
	requestId: number;
	position: number;
	catalogItemId: number | null;
	description: Generated<string>;
	quantityRequested: number;
	reason: Generated<string>;
	quantityApproved: number | null;
	reviewNote: Generated<string>;
	quantityPledged: Generated<number>;
	quantityAllocated: Generated<number>;
	quantityShipped: Generated<number>;
	quantityReceived: Generated<number>;
}

export interface PledgeTable {
	id: Generated<number>;
	requestLineId: number;
	organisationId: number;
	pledgedBy: number;
	quantity: number;
	status: PledgeStatus;
	note: Generated<string>;
	createdAt: Millis;
	cancelledAt: Millis | null;
}

export interface StockMovementTable {
	id: Generated<number>;
	catalogItemId: number;
	kind: StockMovementKind;
	/** Signed: what this movement adds to (or takes from) its kind's running total. */
	quantity: number;
	organisationId: number | null;
	requestLineId: number | null;
	shipmentId: number | null;
	reason: Generated<string>;
	createdBy: number;
	createdAt: Millis;
}

export interface StockLevelTable {
	catalogItemId: number;
	onHand: number;
	allocated: number;
}

export interface ShipmentTable {
	id: Generated<number>;
	number: string;
	schoolId: number;
	source: 'stock' | 'sponsor';
	organisationId: number | null;
	carrier: Generated<string>;
	reference: Generated<string>;
	dispatchedOn: string | null;
	status: ShipmentStatus;
	createdBy: number;
	createdAt: Millis;
	updatedAt: Millis;
}

export interface ShipmentCounterTable {
	year: number;
	last: number;
}

export interface ShipmentLineTable {
	id: Generated<number>;
	shipmentId: number;
	requestLineId: number | null;
	pledgeId: number | null;
	catalogItemId: number | null;
	description: Generated<string>;
	replacesCatalogItemId: number | null;
	replacesShipmentLineId: number | null;
	quantity: number;
	receipt: Generated<Receipt>;
	quantityReceived: number | null;
	reasonCode: Generated<string>;
	receiptNote: Generated<string>;
	confirmedBy: number | null;
	confirmedAt: Millis | null;
	discrepancy: Generated<Discrepancy>;
	resolution: Resolution | null;
	resolutionNote: Generated<string>;
	resolvedBy: number | null;
	resolvedAt: Millis | null;
}

export interface UploadTable {
	id: Generated<number>;
	storedName: string;
	purpose: 'receipt' | 'thank_you';
	schoolId: number;
	uploadedBy: number;
	mime: 'image/jpeg' | 'image/png' | 'image/webp';
	bytes: number;
	width: number;
	height: number;
	createdAt: Millis;
}

export interface ReceiptPhotoTable {
	shipmentLineId: number;
	uploadId: number;
}

export interface ThankYouNoteTable {
	id: Generated<number>;
	schoolId: number;
	requestId: number | null;
	shipmentId: number | null;
	authorId: number;
	body: string;
	isPublic: Generated<number>;
	createdAt: Millis;
}

export interface ThankYouPhotoTable {
	noteId: number;
	uploadId: number;
}

export interface NotificationTable {
	id: Generated<number>;
	userId: number;
	kind: string;
	subject: string;
	subjectId: number;
	/** JSON object of the message's parameters. */
	params: Generated<string>;
	readAt: Millis | null;
	createdAt: Millis;
}

/** A secret shown once; `payload` is AES-256-GCM (iv ‖ tag ‖ ciphertext) under the cookie's key. */
export interface OnceSecretTable {
	/** Hex SHA-256 of the random secret the cookie carries. */
	keyHash: string;
	ownerId: number;
	kind: string;
	payload: Uint8Array;
	createdAt: Millis;
	expiresAt: Millis;
}

/** A confirmation for the next page: a message key and its JSON parameters, read once. */
export interface FlashTable {
	/** Hex SHA-256 of the random token the cookie carries. */
	tokenHash: string;
	key: string;
	params: string;
	createdAt: Millis;
	expiresAt: Millis;
}

export interface Database {
	county: CountyTable;
	school: SchoolTable;
	schoolGrade: SchoolGradeTable;
	organisation: OrganisationTable;
	user: UserTable;
	session: SessionTable;
	invitation: InvitationTable;
	signInThrottle: SignInThrottleTable;
	signInFailure: SignInFailureTable;
	auditLog: AuditLogTable;
	catalogItem: CatalogItemTable;
	supplyRequest: SupplyRequestTable;
	requestLine: RequestLineTable;
	pledge: PledgeTable;
	stockMovement: StockMovementTable;
	stockLevel: StockLevelTable;
	shipment: ShipmentTable;
	shipmentCounter: ShipmentCounterTable;
	shipmentLine: ShipmentLineTable;
	upload: UploadTable;
	receiptPhoto: ReceiptPhotoTable;
	thankYouNote: ThankYouNoteTable;
	thankYouPhoto: ThankYouPhotoTable;
	notification: NotificationTable;
	onceSecret: OnceSecretTable;
	flash: FlashTable;
}

export type County = Selectable<CountyTable>;
export type School = Selectable<SchoolTable>;
export type NewSchool = Insertable<SchoolTable>;
export type SchoolUpdate = Updateable<SchoolTable>;
export type Organisation = Selectable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Invitation = Selectable<InvitationTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type CatalogItem = Selectable<CatalogItemTable>;
export type SupplyRequest = Selectable<SupplyRequestTable>;
export type RequestLine = Selectable<RequestLineTable>;
export type Pledge = Selectable<PledgeTable>;
export type StockMovement = Selectable<StockMovementTable>;
export type Shipment = Selectable<ShipmentTable>;
export type ShipmentLine = Selectable<ShipmentLineTable>;
export type Upload = Selectable<UploadTable>;
export type ThankYouNote = Selectable<ThankYouNoteTable>;
export type Notification = Selectable<NotificationTable>;
