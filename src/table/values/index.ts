// Public surface of the cell value classes: date-times, durations, JSON, errors, and the value order.

export {
  DateTimeNaive,
  DateTimeUtc,
  civilFromMs,
  daysFromCivil,
  daysInMonth,
  isLeapYear,
  msFromCivil,
  type CivilFields,
  type DateTimeParts,
} from './date-time.js';
export { Duration, type DurationParts } from './duration.js';
export { Json, dumpJson, formatNumber, jsonTypeName, type JsonValue } from './json.js';
export { ErrorValue, isError } from './error-value.js';
export { compareValues, valuesEqual, compareStrings, compareJson } from './compare.js';
export { Pending, PENDING, isPending } from './pending.js';
