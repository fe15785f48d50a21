/*
 * A synthetic library of any size, for benchmarks and the 100k-photo e2e: a real index (the same repositories the
 * scan and the stages write through) whose photos exist only as rows. COCO-80 tags, "person" on 45% of photos and the
 * other labels Zipf-distributed (1–6 per photo, random confidences and box sizes), OCR text on 10% of photos, one of
 * 400 named people on 20%, dates over ten years and 200 folders. Seeded, so every run builds the same library.
 */
import { seededRandom } from '../core/cluster/random.js';
import type { Db } from '../core/db/database.js';
import { replacePhotoFaces } from '../core/db/repos/facesRepo.js';
import { assignFace, createPerson } from '../core/db/repos/peopleRepo.js';
import { putThumbnail, upsertPhoto, type ThumbnailWrite } from '../core/db/repos/photosRepo.js';
import { insertRoot } from '../core/db/repos/rootsRepo.js';
import { replacePhotoTags, replacePhotoText, type TagWrite } from '../core/db/repos/searchRepo.js';
import { faceWrite, photoWrite } from '../core/db/testing.js';
import { COCO_LABELS } from '../core/inference/preprocess/cocoLabels.js';
import { ocrText } from '../core/search/searchDoc.js';
import { refreshStaleSearchDocs } from '../core/search/searchIndex.js';

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ne', 'to', 'vi', 'su', 'pe', 'zo', 'da', 'ri', 'mo', 'ki', 'la'];

export type SyntheticLibraryOptions = Readonly<{
  /** Thumbnails handed out in turn, photo by photo (none: the photos have no thumbnail). */
  thumbnails?: readonly ThumbnailWrite[];
  /** The name of one more person, whose face is in every photo: a person as large as the library. */
  personInEveryPhoto?: string;
}>;

export function fillSyntheticLibrary(db: Db, photos: number, options: SyntheticLibraryOptions = {}): void {
  const random = seededRandom(7);
  const word = (n: number) =>
    Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  const others = COCO_LABELS.filter((l) => l !== 'person');
  // Zipf weights over the other labels: the k-th most common is 1/k as frequent as the first.
  const weights = others.map((_, k) => 1 / (k + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickLabel = () => {
    let r = random() * totalWeight;
    for (let k = 0; k < others.length; k++) if ((r -= weights[k]!) <= 0) return others[k]!;
    return others[others.length - 1]!;
  };
  const thumbnails = options.thumbnails ?? [];
  const rootId = insertRoot(db, { path: '/library', pathRaw: Buffer.from('/library'), addedAt: 'bench' });
  const people = Array.from({ length: 400 }, () => createPerson(db, `${word(2)} ${word(3)}`, 'bench'));
  const everywhere =
    options.personInEveryPhoto === undefined ? null : createPerson(db, options.personInEveryPhoto, 'bench');
  const folders = Array.from({ length: 200 }, () => `${word(3)} ${2015 + Math.floor(random() * 10)}`);
  const batch = 2000;
  for (let start = 0; start < photos; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(photos, start + batch); i++) {
        const day = new Date(Date.UTC(2015, 0, 1) + Math.floor(random() * 3650) * 86_400_000).toISOString();
        const folder = folders[Math.floor(random() * folders.length)]!;
        const id = upsertPhoto(
          db,
          photoWrite(rootId, `/library/${folder}/IMG_${i}.jpg`, {
            takenAt: day.slice(0, 19),
            width: 4000,
            height: 3000,
          }),
          'bench',
        );
        if (thumbnails.length > 0) putThumbnail(db, id, thumbnails[i % thumbnails.length]!);
        const tags: TagWrite[] = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({
          label: pickLabel(),
          confidence: 0.3 + 0.7 * random(),
          area: random() * random(),
        }));
        if (random() < 0.45) tags.push({ label: 'person', confidence: 0.3 + 0.7 * random(), area: random() * 0.5 });
        replacePhotoTags(db, id, tags);
        if (random() < 0.1) {
          const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${word(3)}${word(2)} ${word(2)}`);
          if (random() < 0.05) lines.push('WELCOMETO');
          replacePhotoText(db, id, ocrText(lines));
        }
        const inPhoto: number[] = [];
        if (random() < 0.2) inPhoto.push(people[Math.floor(random() * people.length)]!);
        if (everywhere !== null) inPhoto.push(everywhere);
        if (inPhoto.length > 0) {
          const faceIds = replacePhotoFaces(
            db,
            id,
            inPhoto.map(() => faceWrite()),
            'bench',
          );
          inPhoto.forEach((person, k) => assignFace(db, faceIds[k]!, person, 'cluster'));
        }
      }
    })();
  }
  refreshStaleSearchDocs(db);
}
