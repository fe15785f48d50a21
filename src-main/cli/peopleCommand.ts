import type { FaceId, PersonId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import type { PersonSummary } from '../../src-shared/types/person.js';
import type { Core } from '../core/createCore.js';
import { positiveNumber } from './cliArgs.js';
import { openCore, type GlobalOptions } from './openCore.js';
import { createProgressRenderer } from './progressBar.js';

export type PeopleOptions = GlobalOptions &
  Readonly<{
    json?: boolean | undefined;
    all?: boolean | undefined;
    hidden?: boolean | undefined;
    'min-photos'?: string | undefined;
  }>;

export const PEOPLE_HELP = `  facets people [list]                 people with at least 3 photos (--min-photos N, --hidden, --all: every cluster)
  facets people show <id>              a person's photos and faces
  facets people rename <id> <name>     name a person (its faces become confirmed)
  facets people merge <into> <from>... merge people into one
  facets people hide|unhide <id>
  facets people move-face <face> <person|new> [name]   move a face to a person or a new one
  facets people reject-face <face> [--not-a-face]       "not this person" (or "not a face")
  facets people suggest                closest pairs of people, to merge
  facets people unassigned             faces in no person
  facets people recluster              cluster every face again, keeping all corrections`;

const id = positiveNumber;

const line = (p: PersonSummary) =>
  `${String(p.id).padStart(6)}  ${p.displayName.padEnd(28)} ${String(p.photoCount).padStart(6)} photos ${String(p.faceCount).padStart(6)} faces${p.hidden ? '  (hidden)' : ''}${p.confirmedFaces > 0 ? `  ${p.confirmedFaces} confirmed` : ''}`;

async function runCluster(core: Core, mode: 'full' | 'incremental'): Promise<JobProgress> {
  const renderer = createProgressRenderer(process.stderr);
  const off = core.events.on('job.progress', (p) => renderer.update(p));
  try {
    const started = await core.handlers.people.cluster(mode);
    return await core.waitForJob(started.jobId);
  } finally {
    off();
    renderer.finish();
  }
}

/** `facets people …`: list, inspect and correct people. */
export async function peopleCommand(args: readonly string[], options: PeopleOptions): Promise<number> {
  const [action = 'list', ...rest] = args;
  const core = await openCore(options, { create: false });
  const people = core.handlers.people;
  const out = (value: unknown, text: () => string) =>
    process.stdout.write(options.json ? `${JSON.stringify(value)}\n` : `${text()}\n`);
  try {
    switch (action) {
      case 'list': {
        const page = await people.list({
          minPhotos: options.all ? 1 : options['min-photos'] ? id(options['min-photos'], '--min-photos') : undefined,
          visibility: options.hidden ? 'hidden' : 'visible',
          limit: 1000,
        });
        const everyone = await people.list({
          minPhotos: 1,
          visibility: options.hidden ? 'hidden' : 'visible',
          limit: 1,
        });
        const smaller = everyone.total - page.total;
        const hint =
          smaller > 0 && !options.all ? [`(${smaller} more with fewer photos: --all or --min-photos N)`] : [];
        out(page, () => [`${page.total} people`, ...page.items.map(line), ...hint].join('\n'));
        return 0;
      }
      case 'show': {
        const personId = id(rest[0], 'person') as PersonId;
        const person = await people.get(personId);
        const photos = await people.photos(personId, { limit: 1000 });
        out({ person, photos }, () => [line(person), ...photos.items.map((p) => `        ${p.path}`)].join('\n'));
        return 0;
      }
      case 'rename': {
        const name = rest.slice(1).join(' ').trim();
        if (!name) throw new Error('facets people rename <id> <name>');
        const person = await people.rename(id(rest[0], 'person') as PersonId, name);
        out(person, () => line(person));
        return 0;
      }
      case 'merge': {
        const [into, ...from] = rest.map((r) => id(r, 'person') as PersonId);
        if (into === undefined || from.length === 0) throw new Error('facets people merge <into> <from>...');
        const person = await people.merge(into, from);
        out(person, () => line(person));
        return 0;
      }
      case 'hide':
      case 'unhide': {
        const person = await people.setHidden(id(rest[0], 'person') as PersonId, action === 'hide');
        out(person, () => line(person));
        return 0;
      }
      case 'move-face': {
        const faceId = id(rest[0], 'face') as FaceId;
        const target =
          rest[1] === 'new'
            ? { newPerson: rest[2] ? { name: rest.slice(2).join(' ') } : {} }
            : { person: id(rest[1], 'person') as PersonId };
        const face = await people.moveFace(faceId, target);
        out(
          face,
          () => `face ${face.id} → ${face.person ? (face.person.name ?? `Person ${face.person.id}`) : 'nobody'}`,
        );
        return 0;
      }
      case 'reject-face': {
        const faceId = id(rest[0], 'face') as FaceId;
        const verdict = rest.includes('--not-a-face') || rest.includes('not-a-face') ? 'notAFace' : 'notThisPerson';
        await people.rejectFace(faceId, verdict);
        out({ faceId, verdict }, () => `face ${faceId}: ${verdict === 'notAFace' ? 'not a face' : 'not this person'}`);
        return 0;
      }
      case 'suggest': {
        const pairs = await people.suggestions(20);
        out(
          pairs,
          () =>
            pairs
              .map((s) => `${s.distance.toFixed(3)}  ${s.a.displayName} (${s.a.id}) ~ ${s.b.displayName} (${s.b.id})`)
              .join('\n') || 'no suggestions',
        );
        return 0;
      }
      case 'unassigned': {
        const faces = await people.unassigned({ limit: 1000 });
        out(faces, () => `${faces.total} faces in no person`);
        return 0;
      }
      case 'recluster': {
        const job = await runCluster(core, 'full');
        const page = await people.list({ minPhotos: 1, visibility: 'all', limit: 1 });
        out(job, () => `clustering ${job.state}: ${job.done} faces, ${page.total} people`);
        return job.state === 'done' ? 0 : 1;
      }
      default:
        throw new Error(`unknown people action "${action}"\n${PEOPLE_HELP}`);
    }
  } finally {
    await core.close();
  }
}
