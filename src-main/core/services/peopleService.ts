import type { FaceSummary } from '../../../src-shared/types/face.js';
import { librarySettings } from '../librarySettings.js';
import type { FaceId, PersonId, PhotoId } from '../../../src-shared/types/ids.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import {
  DEFAULT_MIN_PHOTOS,
  type FaceTarget,
  type FindByPhotoOptions,
  type FindByPhotoResult,
  type FoundPhoto,
  type MergeSuggestion,
  type PageRequest,
  type PeopleQuery,
  type PersonSummary,
  type QueryFaceMatch,
} from '../../../src-shared/types/person.js';
import type { Page, PhotoSummary } from '../../../src-shared/types/photo.js';
import type { CoreConfig } from '../config.js';
import { lastWhileUnchanged, type Db } from '../db/database.js';
import { faceDescriptor, getFace, nearestFaces } from '../db/repos/facesRepo.js';
import * as jobsRepo from '../db/repos/jobsRepo.js';
import * as people from '../db/repos/peopleRepo.js';
import { AppError } from '../errors.js';
import { refreshNamedPeopleDocs, refreshPersonDocs, refreshSearchDocs } from '../search/searchIndex.js';
import { runClusterJob, type ClusterMode } from '../jobs/clusterJob.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import { closestPeoplePairs } from '../cluster/peopleCentroids.js';
import { squaredDistance } from '../cluster/vectorMath.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { faceSummary } from './faceSummary.js';
import { assignDistinct, matchingPhotos } from './matchingPhotos.js';
import type { FacesService } from './facesService.js';
import type { PhotosService } from './photosService.js';

/** A face in no person matches a query face directly within this pair distance (dlib's 0.6, a little stricter). */
export const FACE_DISTANCE = 0.55;
/** Library faces consulted per query face. */
const NEIGHBOURS = 30;
const DEFAULT_PAGE = 100;

export type PeopleServiceDeps = Readonly<{
  db: Db;
  config: CoreConfig;
  runner: JobRunner;
  pool: () => WorkerPool;
  photos: PhotosService;
  faces: FacesService;
  emitProgress: (progress: JobProgress) => void;
  emitChanged: (reason: 'corrected' | 'clustered') => void;
  /** Runs when a cluster job finished (with autoIndex): the next analysis in the chain. */
  afterCluster: () => void;
}>;

const now = () => new Date().toISOString();

export function createPeopleService(deps: PeopleServiceDeps) {
  const { db, config, runner } = deps;
  const face = (row: Parameters<typeof faceSummary>[1]) => faceSummary(config, row);
  /*
   * The last person's photos in order, while the library is unchanged: the grid asks for them a page at a time, and
   * sorting again for each page took 150-230 ms for a person in 100,000 photos (against 0.1 ms for a slice).
   */
  const photoOrderOf = lastWhileUnchanged(db, (id: PersonId) => people.photoOrderOfPerson(db, id), String);
  /*
   * The People view's order, while the library is unchanged: ranking groups every face (53 ms at 120,000 faces),
   * and the view asks again for each page it turns to and each time it opens.
   */
  const rankedPeople = lastWhileUnchanged(
    db,
    (filter: Parameters<typeof people.rankPeople>[1]) => people.rankPeople(db, filter),
    JSON.stringify,
  );

  function summary(row: people.PersonRow): PersonSummary {
    const cover = row.coverFaceId === null ? undefined : getFace(db, row.coverFaceId);
    return {
      id: row.id as PersonId,
      name: row.name,
      displayName: row.name ?? `Person ${row.id}`,
      hidden: row.hidden === 1,
      faceCount: row.faceCount,
      photoCount: row.photoCount,
      confirmedFaces: row.confirmedFaces,
      coverFace: cover ? face(cover) : null,
    };
  }

  function person(id: number): PersonSummary {
    const row = people.getPerson(db, id);
    if (!row) throw new AppError('not-found', `no person with id ${id}`);
    return summary(row);
  }

  /**
   * Throws unless the person exists. Cheaper than person(): a grid pages through a person's photos, and the counts
   * person() makes over all their faces took about as long as the page itself (a person in 100,000 photos).
   */
  function assertPerson(id: number): void {
    if (!people.personExists(db, id)) throw new AppError('not-found', `no person with id ${id}`);
  }

  function existingFace(id: number) {
    const row = getFace(db, id);
    if (!row) throw new AppError('not-found', `no face with id ${id}`);
    return row;
  }

  /** A page of the contract's items: repository rows never cross the boundary. */
  function page<T, U>(
    request: PageRequest,
    fetch: (offset: number, limit: number) => { rows: T[]; total: number },
    toItem: (row: T) => U,
  ): Page<U> {
    const offset = request.offset ?? 0;
    const limit = request.limit ?? DEFAULT_PAGE;
    const { rows, total } = fetch(offset, limit);
    return { items: rows.map(toItem), total, offset, limit };
  }

  /** Runs a correction in one transaction and tells listeners the people changed. */
  function correct<T>(change: () => T): T {
    const result = db.transaction(change)();
    deps.emitChanged('corrected');
    return result;
  }

  /** The person of `photoId` other than `faceId` (two faces of one photo are never one person). */
  function assertFreeInPhoto(personId: number, photoId: number, faceId: number) {
    const clash = people.facesOfPeopleInPhoto(db, photoId, [personId]).find((f) => f.faceId !== faceId);
    if (clash) {
      throw new AppError(
        'conflict',
        `${person(personId).displayName} already has a face in that photo (face ${clash.faceId})`,
      );
    }
  }

  /** Root-mean-square distance from a descriptor to all of a person's faces (`cache` keeps them for one query). */
  function distanceToPerson(descriptor: Float32Array, personId: number, cache: Map<number, Float32Array[]>): number {
    let faces = cache.get(personId);
    if (!faces) cache.set(personId, (faces = people.descriptorsOfPerson(db, personId)));
    let sum = 0;
    for (const face of faces) sum += squaredDistance(face, 0, descriptor, 0, descriptor.length);
    return faces.length === 0 ? Infinity : Math.sqrt(sum / faces.length);
  }

  /**
   * Who a query face is: the people among its nearest library faces it is within `personDistance` of (closest first;
   * a person split over two clusters is matched through both), and faces in no person within FACE_DISTANCE; for a
   * face the query uses, also the photos it matches.
   */
  function matchFace(
    descriptor: Float32Array,
    index: number,
    box: FaceSummary['box'],
    used: boolean,
    cache: Map<number, Float32Array[]>,
    personDistance: number,
  ) {
    const neighbours = nearestFaces(db, descriptor, NEIGHBOURS);
    const candidates = [...new Set(neighbours.flatMap((n) => (n.personId === null ? [] : [n.personId])))];
    const matched = candidates
      .map((personId) => ({ personId, distance: distanceToPerson(descriptor, personId, cache) }))
      .filter((c) => c.distance <= personDistance)
      .sort((a, b) => a.distance - b.distance);
    const direct = neighbours.filter((n) => n.personId === null && n.distance <= FACE_DISTANCE);
    const personIds = matched.map((m) => m.personId);
    const match: QueryFaceMatch = {
      index,
      box,
      person: matched[0] ? person(matched[0].personId) : null,
      distance: matched[0]?.distance ?? neighbours[0]?.distance ?? null,
    };
    const photos = !used || personIds.length + direct.length === 0 ? null : people.photoIdsOfPeople(db, personIds);
    for (const n of direct) photos?.add(n.photoId);
    return { match, personIds, direct, photos };
  }

  /** The faces of `photoId` that match a query face (one of its people's, or found directly), closest first. */
  function facesInPhotoFor(photoId: number, query: ReturnType<typeof matchFace>, descriptor: Float32Array) {
    const candidates = [
      ...people.facesOfPeopleInPhoto(db, photoId, query.personIds),
      ...query.direct.filter((n) => n.photoId === photoId).map((n) => ({ faceId: n.faceId, personId: n.personId })),
    ];
    return candidates
      .map((c) => {
        const stored = faceDescriptor(db, c.faceId);
        return {
          ...c,
          distance: stored ? Math.sqrt(squaredDistance(stored, 0, descriptor, 0, stored.length)) : Infinity,
        };
      })
      .sort((a, b) => a.distance - b.distance);
  }

  return {
    list(query: PeopleQuery): Page<PersonSummary> {
      return page(
        query,
        (offset, limit) => {
          const ranked = rankedPeople({
            minPhotos: query.minPhotos ?? DEFAULT_MIN_PHOTOS,
            visibility: query.visibility ?? 'visible',
            name: query.name,
          });
          const rows = ranked.slice(offset, offset + limit).map(({ chosenCover, ...row }) => ({
            ...row,
            coverFaceId: people.coverOf(db, { id: row.id, chosenCover }),
          }));
          return { rows, total: ranked.length };
        },
        summary,
      );
    },

    get: (id: PersonId) => person(id),

    photos(id: PersonId, request: PageRequest): Page<PhotoSummary> {
      assertPerson(id);
      const offset = request.offset ?? 0;
      const limit = request.limit ?? DEFAULT_PAGE;
      const order = photoOrderOf(id);
      const ids = Array.from(order.subarray(offset, offset + limit));
      return { items: deps.photos.summaries(ids), total: order.length, offset, limit };
    },

    faces(id: PersonId, request: PageRequest): Page<FaceSummary> {
      assertPerson(id);
      return page(request, (offset, limit) => people.facesOfPerson(db, id, offset, limit), face);
    },

    unassigned(request: PageRequest): Page<FaceSummary> {
      return page(request, (offset, limit) => people.unassignedFaces(db, offset, limit), face);
    },

    /** Names (or, with null, unnames) a person; naming confirms the faces it holds. */
    rename(id: PersonId, name: string | null): PersonSummary {
      assertPerson(id);
      const clean = name?.trim() || null;
      if (clean) {
        const same = people
          .listPeople(db, { minPhotos: 1, visibility: 'all', name: clean, offset: 0, limit: 50 })
          .rows.find((p) => p.id !== id && p.name?.toLowerCase() === clean.toLowerCase());
        if (same) throw new AppError('conflict', `"${clean}" is already person ${same.id}; merge the two instead`);
      }
      return correct(() => {
        people.renamePerson(db, id, clean, now());
        people.confirmFacesOf(db, id);
        refreshPersonDocs(db, id);
        return person(id);
      });
    },

    /**
     * Merges `from` into `into`: all their faces become `into`'s, confirmed (a must-link). Where both had a face in
     * the same photo, `from`'s face is taken out and marked "not this person" (one photo never shows one person twice).
     */
    merge(into: PersonId, from: readonly PersonId[]): PersonSummary {
      const target = person(into);
      const sources = [...new Set(from)].filter((id) => id !== into).map((id) => person(id));
      if (sources.length === 0)
        throw new AppError('invalid-argument', 'nothing to merge: give people other than the target');
      return correct(() => {
        for (const source of sources) {
          const intoPhotos = new Set(people.facesOfPerson(db, into, 0, 1e9).rows.map((f) => f.photoId));
          for (const f of people.facesOfPerson(db, source.id, 0, 1e9).rows) {
            if (!intoPhotos.has(f.photoId)) continue;
            people.unassignFace(db, f.id);
            people.rejectFaceFromPerson(db, f.id, into);
          }
          people.moveFaces(db, source.id, into);
          if (!target.name && source.name) people.renamePerson(db, into, source.name, now());
          people.deletePerson(db, source.id);
        }
        people.confirmFacesOf(db, into);
        refreshPersonDocs(db, into);
        return person(into);
      });
    },

    /** Moves a face to another person, or to a new one; the face is marked "not" its old person. */
    moveFace(faceId: FaceId, target: FaceTarget): FaceSummary {
      const row = existingFace(faceId);
      return correct(() => {
        const personId =
          'person' in target
            ? person(target.person).id
            : people.createPerson(db, target.newPerson.name?.trim() || null, now());
        assertFreeInPhoto(personId, row.photoId, faceId);
        const old = row.person?.id;
        if (old !== undefined && old !== personId) {
          people.rejectFaceFromPerson(db, faceId, old);
          people.confirmFacesOf(db, old);
        }
        people.assignFace(db, faceId, personId, 'user');
        people.deleteEmptyUnnamedPeople(db);
        refreshSearchDocs(db, [row.photoId]);
        return face(existingFace(faceId));
      });
    },

    /**
     * "Not this person" takes the face out of its person for good (the rest of the person is confirmed as reviewed);
     * "not a face" removes the detection from people, counts and clustering.
     */
    rejectFace(faceId: FaceId, verdict: 'notThisPerson' | 'notAFace'): void {
      const row = existingFace(faceId);
      correct(() => {
        if (verdict === 'notAFace') people.markNotAFace(db, faceId);
        else if (row.person) {
          people.unassignFace(db, faceId);
          people.rejectFaceFromPerson(db, faceId, row.person.id);
          people.confirmFacesOf(db, row.person.id);
        }
        people.deleteEmptyUnnamedPeople(db);
        refreshSearchDocs(db, [row.photoId]);
      });
    },

    setHidden(id: PersonId, hidden: boolean): PersonSummary {
      assertPerson(id);
      return correct(() => {
        people.setPersonHidden(db, id, hidden, now());
        people.confirmFacesOf(db, id);
        refreshPersonDocs(db, id);
        return person(id);
      });
    },

    setCover(id: PersonId, faceId: FaceId): PersonSummary {
      const row = existingFace(faceId);
      if (row.person?.id !== id) throw new AppError('invalid-argument', `face ${faceId} is not one of person ${id}'s`);
      return correct(() => {
        people.setPersonCover(db, id, faceId, now());
        return person(id);
      });
    },

    /** Pairs of people whose faces look alike (nearest mean descriptors), never two who share a photo. */
    suggestions(limit = 20): MergeSuggestion[] {
      const pairs = closestPeoplePairs(people.descriptorsOfPeople(db), limit, (a, b) =>
        people.peopleShareAPhoto(db, a, b),
      );
      return pairs.map(({ a, b, distance }) => ({ a: person(a), b: person(b), distance }));
    },

    /** Starts clustering in the background: 'incremental' places new faces, 'full' re-clusters everything. */
    cluster(mode: ClusterMode): JobProgress {
      const activeId = runner.activeJobId();
      if (activeId !== null) {
        const active = runner.progress(activeId);
        if (active.kind === 'cluster') return active;
        throw new AppError('busy', `a ${active.kind} job is running; clustering follows it`);
      }
      const emit = (p: JobProgress) => {
        runner.record(p);
        deps.emitProgress(p);
      };
      return runner.start(
        () => jobsRepo.findUnfinishedJob(db, 'cluster')?.id ?? jobsRepo.createJob(db, 'cluster', now()),
        async (jobId, signal) => {
          const state = await runClusterJob({ db, pool: deps.pool(), mode, emit }, jobId, signal);
          refreshNamedPeopleDocs(db);
          deps.emitChanged('clustered');
          return state;
        },
        (state) => {
          if (state === 'done' && config.autoIndex) deps.afterCluster();
        },
      );
    },

    /** The people in any image file, and the library photos holding all (or any) of them. */
    async findByPhoto(path: string, options: FindByPhotoOptions): Promise<FindByPhotoResult> {
      const mode = options.mode ?? 'all';
      const limit = options.limit ?? 500;
      const analysis = await deps.faces.analyze(path);
      const outOfRange = options.faces?.find((i) => i >= analysis.faces.length);
      if (outOfRange !== undefined) {
        throw new AppError(
          'invalid-argument',
          `the photo has ${analysis.faces.length} faces; there is no face ${outOfRange}`,
        );
      }
      const chosen = options.faces ? new Set(options.faces) : null;
      const cache = new Map<number, Float32Array[]>();
      // A query face is a person when its RMS distance to all the person's faces is within the clustering's own
      // threshold: the rule by which the face would join that person. (One close face is not enough: at dlib's pair
      // threshold 0.6 the faces eval measured 0.7 % false accepts per pair, and a person has many faces.)
      const { personDistance } = librarySettings(db);
      const queries = analysis.faces.map((f, i) =>
        matchFace(f.descriptor, i, f.box, !chosen || chosen.has(i), cache, personDistance),
      );
      const used = queries.map((q) => q.photos);
      const self = options.excludeSelf ? people.photoIdByPath(db, Buffer.from(analysis.path)) : undefined;
      const facesFor = (photoId: number, queryFaces: readonly number[]) =>
        queryFaces.map((q) => facesInPhotoFor(photoId, queries[q]!, analysis.faces[q]!.descriptor));
      /** Per query face, its face in the photo: distinct faces for 'all' (null when the photo lacks them). */
      const matchesIn = (photoId: number, queryFaces: readonly number[]) => {
        const perQuery = facesFor(photoId, queryFaces);
        const picked =
          mode === 'all'
            ? assignDistinct(perQuery.map((o) => o.map((c) => c.faceId)))
            : perQuery.map((o) => o[0]?.faceId);
        if (!picked) return null;
        return queryFaces.flatMap((queryFace, i) => {
          const face = perQuery[i]!.find((c) => c.faceId === picked[i]);
          if (!face) return [];
          const { faceId, personId, distance } = face;
          return [{ personId: personId as PersonId | null, faceId: faceId as FaceId, queryFace, distance }];
        });
      };
      const candidates = matchingPhotos(used, mode).filter((m) => m.photoId !== self);
      // With two or more query faces, 'all' needs as many distinct faces in the photo: checked on every candidate
      // (and those matches kept); otherwise matches are worked out for the returned page only.
      const checked = mode === 'all' && used.filter(Boolean).length > 1;
      const found = checked
        ? candidates.flatMap((m) => {
            const matches = matchesIn(m.photoId, m.queryFaces);
            return matches ? [{ ...m, matches }] : [];
          })
        : candidates.map((m) => ({ ...m, matches: null }));
      const page = found.slice(0, limit);
      const summaries = new Map(deps.photos.summaries(page.map((m) => m.photoId)).map((p) => [p.id, p]));
      const photos: FoundPhoto[] = page.flatMap((m) => {
        const photo = summaries.get(m.photoId as PhotoId);
        const matches = m.matches ?? matchesIn(m.photoId, m.queryFaces);
        return photo && matches ? [{ photo, matches }] : [];
      });
      return {
        mode,
        width: analysis.width,
        height: analysis.height,
        faces: queries.map((q) => q.match),
        photos,
        total: found.length,
      };
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
