import { describe, expect, it } from 'vitest';
import {
  cleanText,
  EMPTY_EXIF,
  exifDateTime,
  gpsAltitude,
  gpsCoordinate,
  gpsPoint,
  normalizeExif,
  utcOffset,
} from './exifFields.js';

describe('exifDateTime', () => {
  it('turns EXIF date-times into ISO local times', () => {
    expect(exifDateTime('2021:06:15 14:30:00')).toBe('2021-06-15T14:30:00');
    expect(exifDateTime('2021-06-15T14:30:00')).toBe('2021-06-15T14:30:00');
    expect(exifDateTime('  2021:06:15 14:30:00\0')).toBe('2021-06-15T14:30:00');
    expect(exifDateTime('2021:06:15 14:30:00.123+02:00')).toBe('2021-06-15T14:30:00');
    expect(exifDateTime('2016:12:31 23:59:60')).toBe('2016-12-31T23:59:60'); // leap second
    expect(exifDateTime('2024:02:29 08:00:00')).toBe('2024-02-29T08:00:00');
  });

  it('drops what is not a real calendar time', () => {
    for (const value of [
      '0000:00:00 00:00:00', // the camera's "no clock set"
      '    :  :     :  :  ',
      '2019:02:30 10:00:00',
      '2023:02:29 10:00:00', // not a leap year
      '2021:04:31 10:00:00',
      '2021:13:01 10:00:00',
      '2021:00:10 10:00:00',
      '2021:06:00 10:00:00',
      '2021:06:15 24:00:00',
      '2021:06:15 12:60:00',
      '2021:06:15 12:00:61',
      '1700:01:01 00:00:00',
      '9999:12:31 23:59:59',
      '2021:06:15',
      'yesterday',
      '',
    ]) {
      expect(exifDateTime(value), value).toBeNull();
    }
    expect(exifDateTime(20210615)).toBeNull();
    expect(exifDateTime(null)).toBeNull();
    expect(exifDateTime(undefined)).toBeNull();
  });
});

describe('utcOffset', () => {
  it('keeps well-formed offsets', () => {
    expect(utcOffset('+02:00')).toBe('+02:00');
    expect(utcOffset('-12:00')).toBe('-12:00');
    expect(utcOffset('+05:45')).toBe('+05:45');
    expect(utcOffset('+14:00')).toBe('+14:00');
    expect(utcOffset(' +01:00 ')).toBe('+01:00');
  });

  it('drops impossible or malformed ones', () => {
    for (const value of ['+99:00', '+15:00', '+02:60', '02:00', '+2:00', 'Z', '', '   :  '])
      expect(utcOffset(value), value).toBeNull();
    expect(utcOffset(120)).toBeNull();
  });
});

describe('gpsCoordinate', () => {
  it('adds up degrees, minutes and seconds, signed by the reference', () => {
    expect(gpsCoordinate([48, 51, 24], 'N', 90)).toBeCloseTo(48.8567, 4);
    expect(gpsCoordinate([33, 51, 36], 'S', 90)).toBeCloseTo(-33.86, 4);
    expect(gpsCoordinate([151, 12, 36], 'E', 180)).toBeCloseTo(151.21, 4);
    expect(gpsCoordinate([0, 7, 39], 'W', 180)).toBeCloseTo(-0.1275, 4);
    expect(gpsCoordinate([10, 30.5], 's', 90)).toBeCloseTo(-10.5083, 4); // decimal minutes, lowercase ref
    expect(gpsCoordinate([12], 'N', 90)).toBe(12);
    expect(gpsCoordinate(45.25, 'N', 90)).toBe(45.25);
    expect(gpsCoordinate(45.25, undefined, 90)).toBe(45.25); // no reference: north/east
  });

  it('drops out-of-range and garbage values', () => {
    expect(gpsCoordinate([400, 0, 0], 'N', 90)).toBeNull();
    expect(gpsCoordinate([91, 0, 0], 'N', 90)).toBeNull();
    expect(gpsCoordinate([181, 0, 0], 'E', 180)).toBeNull();
    expect(gpsCoordinate([90, 0, 1], 'N', 90)).toBeNull();
    expect(gpsCoordinate([-10, 0, 0], 'N', 90)).toBeNull();
    expect(gpsCoordinate([10, 75, 0], 'N', 90)).toBeNull();
    expect(gpsCoordinate([10, 0, 60], 'N', 90)).toBeNull();
    expect(gpsCoordinate([10, -5, 0], 'N', 90)).toBeNull();
    expect(gpsCoordinate([Number.NaN, 0, 0], 'N', 90)).toBeNull(); // 0/0 rationals
    expect(gpsCoordinate([10, Number.POSITIVE_INFINITY, 0], 'N', 90)).toBeNull();
    expect(gpsCoordinate(['10', 0, 0], 'N', 90)).toBeNull();
    expect(gpsCoordinate([], 'N', 90)).toBeNull();
    expect(gpsCoordinate('48.85', 'N', 90)).toBeNull();
    expect(gpsCoordinate(undefined, 'N', 90)).toBeNull();
  });
});

describe('gpsAltitude', () => {
  it('applies the below-sea-level reference however exifr hands it over', () => {
    expect(gpsAltitude(35, 0)).toBe(35);
    expect(gpsAltitude(35, undefined)).toBe(35);
    expect(gpsAltitude(12, 1)).toBe(-12);
    expect(gpsAltitude(12, new Uint8Array([1]))).toBe(-12);
    expect(gpsAltitude(12, [1])).toBe(-12);
    expect(gpsAltitude(12, new Uint8Array([0]))).toBe(12);
  });

  it('drops impossible altitudes', () => {
    expect(gpsAltitude(4294967295, 0)).toBeNull();
    expect(gpsAltitude(20_000, 1)).toBeNull();
    expect(gpsAltitude(-5, 0)).toBeNull(); // the magnitude is unsigned; a negative one is garbage
    expect(gpsAltitude(Number.NaN, 0)).toBeNull();
    expect(gpsAltitude('100', 0)).toBeNull();
    expect(gpsAltitude(undefined, 1)).toBeNull();
  });
});

describe('gpsPoint', () => {
  it('builds a point from both coordinates', () => {
    const point = gpsPoint({
      GPSLatitude: [48, 51, 24],
      GPSLatitudeRef: 'N',
      GPSLongitude: [2, 21, 3],
      GPSLongitudeRef: 'E',
      GPSAltitude: 35,
      GPSAltitudeRef: 0,
    });
    expect(point?.latitude).toBeCloseTo(48.8567, 4);
    expect(point?.longitude).toBeCloseTo(2.3508, 4);
    expect(point?.altitude).toBe(35);
  });

  it('keeps the point but not a garbage altitude', () => {
    expect(gpsPoint({ GPSLatitude: 10, GPSLongitude: 20, GPSAltitude: Number.NaN })).toEqual({
      latitude: 10,
      longitude: 20,
      altitude: null,
    });
  });

  it('needs both coordinates, and treats (0, 0) as "no fix"', () => {
    expect(gpsPoint({ GPSLatitude: [10, 0, 0], GPSLatitudeRef: 'N' })).toBeNull();
    expect(gpsPoint({ GPSLatitude: [10, 0, 0], GPSLongitude: [400, 0, 0] })).toBeNull();
    expect(
      gpsPoint({ GPSLatitude: [0, 0, 0], GPSLatitudeRef: 'N', GPSLongitude: [0, 0, 0], GPSLongitudeRef: 'E' }),
    ).toBeNull();
    expect(gpsPoint({ GPSLatitude: 0, GPSLongitude: 12 })).toEqual({ latitude: 0, longitude: 12, altitude: null }); // on the equator
  });
});

describe('cleanText', () => {
  it('strips NUL padding and control bytes, trims and caps the length', () => {
    expect(cleanText('Canon\0\0\0\0')).toBe('Canon');
    expect(cleanText('  NIKON CORPORATION  ')).toBe('NIKON CORPORATION');
    expect(cleanText('EOS\x015D\x7f')).toBe('EOS5D');
    expect(cleanText('Ünïcödé Kamera')).toBe('Ünïcödé Kamera');
    expect(cleanText('x'.repeat(500))).toHaveLength(120);
  });

  it('returns null for empty or non-text values', () => {
    expect(cleanText('\0\0\0')).toBeNull();
    expect(cleanText('   ')).toBeNull();
    expect(cleanText(42)).toBeNull();
    expect(cleanText(new Uint8Array([65, 66]))).toBeNull();
  });
});

describe('normalizeExif', () => {
  it('prefers DateTimeOriginal and OffsetTimeOriginal, falling back to CreateDate and OffsetTime', () => {
    expect(
      normalizeExif({
        DateTimeOriginal: '2020:01:02 03:04:05',
        CreateDate: '2019:01:01 00:00:00',
        OffsetTimeOriginal: '+01:00',
        OffsetTime: '+02:00',
      }),
    ).toMatchObject({
      takenAt: '2020-01-02T03:04:05',
      takenAtOffset: '+01:00',
    });
    expect(
      normalizeExif({
        DateTimeOriginal: '0000:00:00 00:00:00',
        CreateDate: '2019:01:01 00:00:00',
        OffsetTimeOriginal: 'junk',
        OffsetTime: '+02:00',
      }),
    ).toMatchObject({
      takenAt: '2019-01-01T00:00:00',
      takenAtOffset: '+02:00',
    });
  });

  it('drops each bad field alone', () => {
    expect(
      normalizeExif({
        Make: 'Canon',
        Model: '\0',
        DateTimeOriginal: '2019:02:30 10:00:00',
        GPSLatitude: [400, 0, 0],
        GPSLongitude: [10, 0, 0],
      }),
    ).toEqual({
      ...EMPTY_EXIF,
      cameraMake: 'Canon',
    });
  });

  it('ignores what exifr adds besides tags (e.g. its errors list)', () => {
    expect(normalizeExif({ errors: [new Error('IFD0 offset points to outside of file')] })).toEqual(EMPTY_EXIF);
  });
});
