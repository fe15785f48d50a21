import type { DocSourceRow, SearchDocWrite } from '../db/repos/searchRepo.js';
import { despace, tokenize } from './tokenize.js';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Words a capture date is found by: the year, the month's name and the ISO day ("2019 june 2019-06-14"). */
export function dateWords(takenAt: string | null): string {
  const match = takenAt ? /^(\d{4})-(\d{2})-(\d{2})/.exec(takenAt) : null;
  if (!match) return '';
  const month = MONTHS[Number(match[2]) - 1];
  return [match[1], month, `${match[1]}-${match[2]}-${match[3]}`].filter(Boolean).join(' ');
}

/** Folder names between the root's parent and the file: a photo in /pics/Italy 2019/Rome is found by "rome" and "italy". */
export function folderWords(path: string, rootPath: string): string {
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/';
  const rootParts = rootPath.split(sep).filter((p) => p.length > 0);
  const parts = path.split(sep).filter((p) => p.length > 0);
  const within = parts.slice(Math.max(0, rootParts.length - 1), -1);
  return within.join('\n');
}

/** The search document of one photo, and its de-spaced OCR text for substring matching. */
export function buildSearchDoc(source: DocSourceRow): { doc: SearchDocWrite; despaced: string } {
  return {
    doc: {
      ocr: source.ocr ?? '',
      people: source.people ?? '',
      scenes: source.scenes ?? '',
      folders: folderWords(source.path, source.rootPath),
      dates: dateWords(source.takenAt),
    },
    despaced: source.despaced ?? '',
  };
}

/** OCR lines as stored: the words as read, and letters and digits with every space removed. */
export function ocrText(lines: readonly string[]): { words: string; despaced: string } | null {
  const kept = lines.map((l) => l.trim()).filter((l) => tokenize(l).length > 0);
  if (kept.length === 0) return null;
  return { words: kept.join('\n'), despaced: despace(kept.join(' ')) };
}
