/**
 * The one rule for instants crossing a boundary (API bodies and queries, job payloads): a real
 * date from 1970 through 9999. JavaScript dates reach ±275,760 years and `Date` parses
 * "-000001-01-01", but ISO strings outside four-digit years fail `datetime()` checks, bucket
 * arithmetic and the store: such a date is a client error, caught where it enters.
 */
import { z } from 'zod';

export const EARLIEST_DATE = new Date('1970-01-01T00:00:00.000Z');
export const LATEST_DATE = new Date('9999-12-31T23:59:59.999Z');
const RANGE_MESSAGE = `must be a date between ${EARLIEST_DATE.toISOString()} and ${LATEST_DATE.toISOString()}`;

const inRange = (d: Date) => !Number.isNaN(d.getTime()) && d >= EARLIEST_DATE && d <= LATEST_DATE;

/** An API input (ISO string or epoch ms) coerced to a `Date` within the rule. */
export const dateInput = () => z.coerce.date({ errorMap: () => ({ message: RANGE_MESSAGE }) }).refine(inRange, RANGE_MESSAGE);

/** A job payload's ISO 8601 instant within the same rule. */
export const isoInstant = () =>
  z
    .string()
    .datetime({ offset: true })
    .refine((s) => inRange(new Date(s)), RANGE_MESSAGE);
