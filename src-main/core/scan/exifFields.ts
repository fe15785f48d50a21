import type { GeoPoint } from '../../../src-shared/types/photo.js';

export type ExifFields = Readonly<{
  takenAt: string | null;
  takenAtOffset: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  gps: GeoPoint | null;
}>;

export const EMPTY_EXIF: ExifFields = {
  takenAt: null,
  takenAtOffset: null,
  cameraMake: null,
  cameraModel: null,
  gps: null,
};

/** The tags we read: asking exifr for these alone keeps parsing cheap. */
export const EXIF_TAGS = [
  'Make',
  'Model',
  'DateTimeOriginal',
  'CreateDate',
  'OffsetTimeOriginal',
  'OffsetTime',
  'GPSLatitude',
  'GPSLatitudeRef',
  'GPSLongitude',
  'GPSLongitudeRef',
  'GPSAltitude',
  'GPSAltitudeRef',
] as const;

type RawExif = Readonly<Record<string, unknown>>;

/**
 * Turns raw (unrevived) EXIF values into validated fields. Cameras write garbage often enough ("0000:00:00",
 * NaN rationals, latitudes of 400°) that every field is checked and dropped alone rather than failing the photo.
 */
export function normalizeExif(raw: RawExif): ExifFields {
  return {
    takenAt: exifDateTime(raw['DateTimeOriginal']) ?? exifDateTime(raw['CreateDate']),
    takenAtOffset: utcOffset(raw['OffsetTimeOriginal']) ?? utcOffset(raw['OffsetTime']),
    cameraMake: cleanText(raw['Make']),
    cameraModel: cleanText(raw['Model']),
    gps: gpsPoint(raw),
  };
}

/** `YYYY:MM:DD HH:MM:SS` (also with `-` or `T`) to `YYYY-MM-DDTHH:MM:SS`; null unless it is a real calendar time. */
export function exifDateTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1826 || year > 2200 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
}

export function utcOffset(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  return value.trim();
}

// eslint-disable-next-line no-control-regex -- EXIF strings are NUL-padded and sometimes carry control bytes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(CONTROL_CHARACTERS, '').trim().slice(0, 120);
  return text.length > 0 ? text : null;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Degrees from EXIF's [degrees, minutes, seconds] (or a plain number) and its N/S/E/W reference. */
export function gpsCoordinate(value: unknown, ref: unknown, limit: number): number | null {
  let degrees: number | null;
  if (Array.isArray(value)) {
    const [d, min = 0, s = 0] = value.map(finite);
    // Minutes and seconds are sexagesimal; anything else is a writer's garbage, not a place.
    const valid =
      d !== null && d !== undefined && min !== null && s !== null && min >= 0 && min < 60 && s >= 0 && s < 60;
    degrees = valid ? d + min / 60 + s / 3600 : null;
  } else {
    degrees = finite(value);
  }
  if (degrees === null || degrees < 0 || degrees > limit) return null;
  const sign = typeof ref === 'string' && /^[SW]/i.test(ref.trim()) ? -1 : 1;
  return sign * degrees;
}

export function gpsPoint(raw: RawExif): GeoPoint | null {
  const latitude = gpsCoordinate(raw['GPSLatitude'], raw['GPSLatitudeRef'], 90);
  const longitude = gpsCoordinate(raw['GPSLongitude'], raw['GPSLongitudeRef'], 180);
  // (0, 0) is what many cameras write when they had no fix; it is in the Atlantic, not a place anyone photographs.
  if (latitude === null || longitude === null || (latitude === 0 && longitude === 0)) return null;
  return { latitude, longitude, altitude: gpsAltitude(raw['GPSAltitude'], raw['GPSAltitudeRef']) };
}

/** Altitudes (m) a photo can plausibly be taken at, from the deepest ocean trench to the edge of space. */
const ALTITUDE_RANGE = [-11_000, 100_000] as const;

/** Metres above sea level; EXIF stores the magnitude and a reference byte, 1 meaning below sea level. */
export function gpsAltitude(value: unknown, ref: unknown): number | null {
  const magnitude = finite(value);
  if (magnitude === null || magnitude < 0) return null;
  const below = ref === 1 || (ref instanceof Uint8Array && ref[0] === 1) || (Array.isArray(ref) && ref[0] === 1);
  const altitude = below ? -magnitude : magnitude;
  return altitude >= ALTITUDE_RANGE[0] && altitude <= ALTITUDE_RANGE[1] ? altitude : null;
}
