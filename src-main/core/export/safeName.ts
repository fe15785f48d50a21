import { isAbsolute, relative, resolve, sep } from 'node:path';

/*
 * Turns whatever a person or a photo is called into one safe path segment for every desktop file system: no
 * traversal, no Windows device names, no control or invisible direction characters, no trailing dots or spaces,
 * at most 255 UTF-8 bytes. Pure functions (no file system access).
 */

/** ext4, APFS and NTFS all cap a name near 255 (bytes or UTF-16 units); 255 UTF-8 bytes satisfies every one. */
export const MAX_NAME_BYTES = 255;

/** Windows refuses these as a name's first part whatever the case or extension ("con.txt", "Lpt1.jpg"). */
const WINDOWS_DEVICES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  'CONIN$',
  'CONOUT$',
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '¹', '²', '³'].flatMap((d) => [`COM${d}`, `LPT${d}`]),
]);

/** Characters Windows forbids in names (the slashes also make traversal impossible). */
const FORBIDDEN = new Set(['<', '>', ':', '"', '/', '\\', '|', '?', '*']);

/** Invisible direction marks and overrides: they can make "gpj.exe" display as "exe.jpg". */
const INVISIBLE = new Set([
  0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
]);

/** An extension longer than this is more likely part of the name ("Dr. Who and the very long title"). */
const MAX_EXTENSION_CHARS = 12;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function isUnsafe(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || FORBIDDEN.has(char) || INVISIBLE.has(code);
}

/** Leading dots would hide the entry on Unix ("..", ".x"); trailing dots and spaces are dropped by Windows. */
function trimEnds(name: string): string {
  return name.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

function isWindowsDevice(name: string): boolean {
  const stem = name.split('.')[0] ?? '';
  return WINDOWS_DEVICES.has(stem.trimEnd().toUpperCase());
}

/** Cuts whole graphemes (never half an emoji or an accent) until the UTF-8 encoding fits in `maxBytes`. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/** `{stem: "IMG_1", ext: ".jpg"}`; no extension when the dot leads the name or what follows it is not extension-like. */
export function splitExtension(name: string): Readonly<{ stem: string; ext: string }> {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, ext: '' };
  const ext = name.slice(dot);
  if (ext.length > MAX_EXTENSION_CHARS + 1 || /\s/u.test(ext) || ext.length === 1) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext };
}

function fit(name: string, keepExtension: boolean, suffix = ''): string {
  const { stem, ext } = keepExtension ? splitExtension(name) : { stem: name, ext: '' };
  const room = MAX_NAME_BYTES - Buffer.byteLength(suffix) - Buffer.byteLength(ext);
  const cut = truncateUtf8(stem, room);
  // A cut can end on a space or dot, which Windows would silently drop from a name's end.
  const tidyStem = suffix || !ext ? cut.replace(/[\s.]+$/u, '') : cut;
  return tidyStem + suffix + ext;
}

/**
 * One safe segment from `raw`; `fallback` (itself safe) when nothing usable is left. `keepExtension` keeps a file's
 * extension when the name has to be shortened.
 */
export function safeName(raw: string, fallback: string, keepExtension: boolean): string {
  const replaced = Array.from(raw.normalize('NFC'), (char) => (isUnsafe(char) ? '_' : char)).join('');
  let name = trimEnds(replaced);
  if (name === '' || /^_+$/u.test(name)) name = fallback;
  if (isWindowsDevice(name)) name = `_${name}`;
  name = fit(name, keepExtension);
  return trimEnds(name) === '' ? fallback : name;
}

/** `name` itself for n = 1, else "name (n)" (before the extension when `keepExtension`), still within 255 bytes. */
export function withCollisionSuffix(name: string, n: number, keepExtension: boolean): string {
  return n === 1 ? name : fit(name, keepExtension, ` (${n})`);
}

/**
 * The key two names collide under on some file system: case-insensitive (Windows, macOS) and normalization-
 * insensitive (macOS stores NFD).
 */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * The path of `name` below `parent`, refusing (throwing) any result that is not strictly inside `root`. Names are
 * sanitized before they get here; this is the backstop that holds even if sanitizing ever misses a case.
 */
export function pathInside(root: string, parent: string, name: string): string {
  const path = resolve(parent, name);
  const rel = relative(root, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw new Error(`export path ${JSON.stringify(name)} would leave the destination ${root}`);
  return path;
}
