/**
 * Photos with known words drawn in (sharp rendering SVG text with the system's DejaVu and Liberation fonts, Debian
 * packages fonts-dejavu-core and fonts-liberation), for the OCR test and bench. Backgrounds are real group photos
 * from @vladmandic/face-api's demo and plain colours; sizes, fonts, colours and one small rotation vary.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { packageDir } from '../modelbuild/packageFiles.js';

type Background =
  Readonly<{ photo: string; width: number }> | Readonly<{ colour: string; width: number; height: number }>;

type TextRun = Readonly<{
  words: readonly string[];
  x: number;
  y: number;
  size: number;
  font: string;
  fill: string;
  /** A sign-like plate drawn behind the words. */
  plate?: string;
  /** Outline for text straight on a photo. */
  stroke?: string;
  /** Degrees, clockwise, around the run's start. */
  rotate?: number;
  weight?: 'bold';
}>;

export type TextPhotoSpec = Readonly<{ name: string; background: Background; runs: readonly TextRun[] }>;

/** A run of words; `style` adds a plate, outline, rotation or weight. */
const run = (
  words: string,
  x: number,
  y: number,
  size: number,
  font: string,
  fill: string,
  style: Partial<Pick<TextRun, 'plate' | 'stroke' | 'rotate' | 'weight'>> = {},
): TextRun => ({ words: words.split(' '), x, y, size, font, fill, ...style });

export const TEXT_PHOTOS: readonly TextPhotoSpec[] = [
  {
    name: 'plain-white-two-lines',
    background: { colour: '#ffffff', width: 900, height: 500 },
    runs: [
      run('WELCOME TO PARIS', 60, 140, 64, 'DejaVu Sans', '#111111'),
      run('bakery open daily', 80, 320, 44, 'Liberation Serif', '#223388'),
    ],
  },
  {
    name: 'plain-navy-light-text',
    background: { colour: '#1b2a4a', width: 640, height: 480 },
    runs: [
      run('Harbour Station', 40, 150, 52, 'Liberation Sans', '#f5f0e0'),
      run('platform 2019', 40, 330, 40, 'DejaVu Serif', '#ffd24a'),
    ],
  },
  {
    name: 'plain-cream-small',
    background: { colour: '#f3ead3', width: 480, height: 320 },
    runs: [run('Pharmacy Garden', 30, 170, 34, 'DejaVu Sans', '#7a1f1f')],
  },
  {
    name: 'plain-rotated',
    background: { colour: '#e8f0f8', width: 800, height: 600 },
    runs: [run('MUSEUM GALLERY', 120, 260, 60, 'Liberation Sans', '#202020', { rotate: -7, weight: 'bold' })],
  },
  {
    name: 'photo1-plate',
    background: { photo: 'sample1.jpg', width: 1024 },
    runs: [run('Coffee Library', 60, 110, 56, 'DejaVu Sans', '#ffffff', { plate: '#2e5e3e' })],
  },
  {
    name: 'photo2-outlined',
    background: { photo: 'sample2.jpg', width: 1280 },
    runs: [run('SUNSET FESTIVAL', 80, 120, 72, 'Liberation Sans', '#ffffff', { stroke: '#000000', weight: 'bold' })],
  },
  {
    name: 'photo3-plate-serif',
    background: { photo: 'sample3.jpg', width: 800 },
    runs: [run('Castle Bridge', 40, 90, 44, 'Liberation Serif', '#1a1a1a', { plate: '#f7f3e8' })],
  },
  {
    name: 'photo4-two-signs',
    background: { photo: 'sample4.jpg', width: 1600 },
    runs: [
      run('Airport Parking', 80, 140, 64, 'DejaVu Sans', '#ffffff', { plate: '#1f4fa0' }),
      run('market', 900, 900, 60, 'DejaVu Serif', '#ffff66', { stroke: '#000000' }),
    ],
  },
  {
    name: 'photo5-small-text',
    background: { photo: 'sample5.jpg', width: 1024 },
    runs: [run('Theatre Tickets', 40, 70, 30, 'Liberation Sans', '#000000', { plate: '#ffffff' })],
  },
  {
    name: 'photo6-mono',
    background: { photo: 'sample6.jpg', width: 1280 },
    runs: [run('Bicycle Picnic River', 60, 120, 50, 'Liberation Mono', '#ffffff', { plate: '#8a2b2b' })],
  },
];

/** The words drawn into a photo, lowercased as the OCR index keeps them. */
export function expectedWords(spec: TextPhotoSpec): string[] {
  return spec.runs.flatMap((r) => r.words.map((w) => w.toLowerCase()));
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function runSvg(run: TextRun): string {
  const text = escapeXml(run.words.join(' '));
  // A plate a little larger than the text: about 0.62 em per character is wide enough for these fonts.
  const plate = run.plate
    ? `<rect x="${run.x - run.size * 0.4}" y="${run.y - run.size * 1.05}" width="${text.length * run.size * 0.68 + run.size * 0.8}" height="${run.size * 1.45}" rx="${run.size * 0.15}" fill="${run.plate}"/>`
    : '';
  const stroke = run.stroke
    ? ` stroke="${run.stroke}" stroke-width="${Math.max(1, run.size / 24)}" paint-order="stroke"`
    : '';
  const weight = run.weight ? ` font-weight="${run.weight}"` : '';
  const rotate = run.rotate ? ` transform="rotate(${run.rotate} ${run.x} ${run.y})"` : '';
  return `<g${rotate}>${plate}<text x="${run.x}" y="${run.y}" font-family="${run.font}" font-size="${run.size}" fill="${run.fill}"${stroke}${weight}>${text}</text></g>`;
}

async function backgroundImage(background: Background): Promise<ReturnType<typeof sharp>> {
  if ('photo' in background) {
    const bytes = await readFile(join(packageDir('@vladmandic/face-api'), 'demo', background.photo));
    return sharp(bytes).resize({ width: background.width });
  }
  return sharp({
    create: { width: background.width, height: background.height, channels: 3, background: background.colour },
  });
}

/** The spec rendered as a JPEG (quality 90), as a camera or an editor would save it. */
export async function renderTextPhoto(spec: TextPhotoSpec): Promise<Buffer> {
  const base = await (await backgroundImage(spec.background)).png().toBuffer({ resolveWithObject: true });
  const { width, height } = base.info;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${spec.runs.map(runSvg).join('')}</svg>`;
  return sharp(base.data)
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}
