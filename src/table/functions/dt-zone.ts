// Time-zone conversion for the `.dt` namespace (`to_utc`, `to_naive_in_timezone`) over IANA zones via Intl.
// Offsets are looked up with Intl.DateTimeFormat and memoized per zone per UTC hour, so a cell costs a Map lookup.

import { DateTimeNaive, DateTimeUtc, MS_PER_DAY, msFromCivil } from '../values/date-time.js';

const MS_PER_HOUR = 3_600_000;
const ZONE_CACHE_LIMIT = 100_000;

/**
 * Per-zone state: one formatter and offsets by UTC hour (NaN marks an hour containing a transition); a fixed-offset
 * zone (`+02:00`) has only its offset.
 */
interface Zone {
  format?: Intl.DateTimeFormat;
  fixed?: number;
  hours: Map<number, number>;
}

const zones = new Map<string, Zone>();

/** `+02:00`, `-0530`, `+05`: a fixed UTC offset in ms, as Pathway accepts besides zone names; else undefined. */
function fixedOffsetMs(timezone: string): number | undefined {
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(timezone);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

function zoneFor(timezone: string): Zone {
  let zone = zones.get(timezone);
  if (zone !== undefined) return zone;
  const fixed = fixedOffsetMs(timezone);
  if (fixed !== undefined) {
    zone = { fixed, hours: new Map() };
    zones.set(timezone, zone);
    return zone;
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new Error(
      `unknown time zone "${timezone}"; use an IANA name such as "Europe/Warsaw" or "UTC", or an offset such as "+02:00"`,
    );
  }
  zone = { format, hours: new Map() };
  zones.set(timezone, zone);
  return zone;
}

/** The zone's UTC offset in ms at a UTC instant, straight from Intl (whole seconds). */
function exactOffset(zone: Zone, utcMs: number): number {
  if (zone.format === undefined) return zone.fixed ?? 0;
  const whole = Math.floor(utcMs / 1000) * 1000;
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of zone.format.formatToParts(whole)) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
      default:
        break;
    }
  }
  return msFromCivil(y, mo, d, h, mi, s) - whole;
}

function offsetIn(zone: Zone, utcMs: number): number {
  if (zone.fixed !== undefined) return zone.fixed;
  const bucket = Math.floor(utcMs / MS_PER_HOUR);
  let cached = zone.hours.get(bucket);
  if (cached === undefined) {
    const start = exactOffset(zone, bucket * MS_PER_HOUR);
    const end = exactOffset(zone, (bucket + 1) * MS_PER_HOUR - 1000);
    cached = start === end ? start : NaN;
    if (zone.hours.size >= ZONE_CACHE_LIMIT) zone.hours.clear();
    zone.hours.set(bucket, cached);
  }
  return Number.isNaN(cached) ? exactOffset(zone, utcMs) : cached;
}

/** The UTC offset of `timezone` at the instant `utcMs`, in milliseconds (`+02:00` gives 7200000). */
export function timezoneOffsetMs(timezone: string, utcMs: number): number {
  return offsetIn(zoneFor(timezone), utcMs);
}

/**
 * Reads a naive wall-clock time in `timezone` and returns the instant (Pathway's `dt.to_utc(from_timezone)`), with
 * Pathway's rules: a time that exists twice (clocks turned back) is the later of the two instants, and a time skipped
 * by a forward jump is the first existing time after it, the jump itself (02:30 in a 02:00->03:00 gap is 03:00).
 */
export function toUtc(dt: DateTimeNaive, timezone: string): DateTimeUtc {
  const zone = zoneFor(timezone);
  const wall = dt.ms;
  // Offsets a day before and after bracket any single transition near this wall time: each gives a candidate
  // instant, valid when the zone has that offset there.
  const before = offsetIn(zone, wall - MS_PER_DAY);
  const after = offsetIn(zone, wall + MS_PER_DAY);
  const early = wall - before;
  const late = wall - after;
  const earlyOk = offsetIn(zone, early) === before;
  const lateOk = offsetIn(zone, late) === after;
  if (earlyOk && lateOk) return new DateTimeUtc(Math.max(early, late));
  if (earlyOk) return new DateTimeUtc(early);
  if (lateOk) return new DateTimeUtc(late);
  return new DateTimeUtc(transitionBetween(zone, Math.min(early, late), Math.max(early, late)));
}

/** The first instant (whole seconds) in (lo, hi] whose offset differs from the offset at `lo`: a transition. */
function transitionBetween(zone: Zone, lo: number, hi: number): number {
  const from = exactOffset(zone, lo);
  let a = Math.floor(lo / 1000);
  let b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (exactOffset(zone, mid * 1000) === from) a = mid;
    else b = mid;
  }
  return b * 1000;
}

/** The wall-clock time of an instant in `timezone` (Pathway's `dt.to_naive_in_timezone(timezone)`). */
export function toNaiveInTimezone(dt: DateTimeUtc, timezone: string): DateTimeNaive {
  return new DateTimeNaive(dt.ms + offsetIn(zoneFor(timezone), dt.ms));
}
