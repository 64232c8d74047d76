/**
 * How long what people type may be: one set of numbers, read by the server's input schemas and by
 * the forms' `maxlength`, so the browser and the server never disagree. Client-safe.
 */
export const LIMITS = {
	// People and places
	personName: 60,
	studentName: 40,
	username: 32,
	password: 1024,
	placeName: 100,
	village: 60,
	address: 200,
	contactName: 40,
	phone: 30,
	search: 60,
	classList: 4000,
	invitationNote: 200,
	// Catalog and supply requests
	itemName: 120,
	itemUnit: 20,
	itemDescription: 1000,
	purpose: 2000,
	lineDescription: 200,
	lineReason: 500,
	// Notes: a pledge's or a stock movement's, and the longer ones of reviews and shipments
	note: 500,
	longNote: 1000,
	carrier: 60,
	reference: 60,
	// Digits typed into number fields (a quantity, a count of days, an enrolment)
	quantityDigits: 12,
	daysDigits: 4,
	enrolmentDigits: 6
} as const;

export type LimitName = keyof typeof LIMITS;

/** The note limit most forms share. */
export const NOTE_MAX = LIMITS.note;
