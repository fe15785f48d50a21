import type { PhotoId, RootId } from '../../../src-shared/types/ids.js';
import type { Page, PhotoDetail, PhotoQuery, PhotoSummary } from '../../../src-shared/types/photo.js';
import {
  MEDIA_NOT_FOUND,
  mediaUrl,
  type MediaFile,
  type MediaKind,
  type MediaMiss,
} from '../../../src-shared/util/media.js';
import { renderForDisplay } from '../inference/photo/displayPhoto.js';
import { createDisplayCache } from './displayCache.js';
import { faceThumbnail, facesOfPhoto } from '../db/repos/facesRepo.js';
import { faceSummary } from './faceSummary.js';
import { stageState } from '../db/repos/photoJobsRepo.js';
import { FACE_STAGE } from '../inference/faces/faceStage.js';
import type { FaceSummary } from '../../../src-shared/types/face.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import * as photosRepo from '../db/repos/photosRepo.js';
import { AppError } from '../errors.js';
import { assertNever } from '../../../src-shared/util/assertNever.js';

const DEFAULT_PAGE = 100;

export function createPhotosService(db: Db, config: CoreConfig) {
  const display = createDisplayCache((path) => renderForDisplay(path, config.maxPixels));
  function summary(row: photosRepo.PhotoRow): PhotoSummary {
    const id = row.id as PhotoId;
    return {
      id,
      rootId: row.rootId as RootId,
      path: row.path,
      name: row.name,
      format: row.format,
      width: row.width,
      height: row.height,
      status: row.status,
      problem: row.problemCode ? { code: row.problemCode, message: row.problemMessage ?? '' } : null,
      takenAt: row.takenAt,
      thumbUrl: row.hasThumbnail ? mediaUrl(config.mediaBase, 'thumb', id, config.mediaQuery) : null,
      // A photo the scan made a thumbnail of is one the display render can decode too.
      photoUrl: row.hasThumbnail ? mediaUrl(config.mediaBase, 'photo', id, config.mediaQuery) : null,
    };
  }

  return {
    /** Summaries of photos by id, in the order given; ids no longer indexed are left out. */
    summaries(ids: readonly number[]): PhotoSummary[] {
      return ids.flatMap((id) => {
        const row = photosRepo.getPhoto(db, id);
        return row ? [summary(row)] : [];
      });
    },

    list(query: PhotoQuery): Page<PhotoSummary> {
      const page = photosRepo.listPhotos(db, query, DEFAULT_PAGE);
      return { items: page.rows.map(summary), total: page.total, offset: page.offset, limit: page.limit };
    },

    get(id: PhotoId): PhotoDetail {
      const row = photosRepo.getPhoto(db, id);
      if (!row) throw new AppError('not-found', `no photo with id ${id}`);
      const faceStage = stageState(db, id, FACE_STAGE);
      return {
        ...summary(row),
        sizeBytes: row.size,
        modifiedAt: row.mtimeMs >= 0 ? new Date(row.mtimeMs).toISOString() : '',
        contentHash: row.contentHash ? Buffer.from(row.contentHash).toString('hex') : null,
        orientation: row.orientation,
        takenAtOffset: row.takenAtOffset,
        cameraMake: row.cameraMake,
        cameraModel: row.cameraModel,
        gps:
          row.gpsLat !== null && row.gpsLon !== null
            ? { latitude: row.gpsLat, longitude: row.gpsLon, altitude: row.gpsAlt }
            : null,
        firstSeenAt: row.firstSeenAt,
        updatedAt: row.updatedAt,
        faceAnalysis: faceStage ? { doneAt: faceStage.doneAt, error: faceStage.error } : null,
      };
    },

    faces(id: PhotoId): FaceSummary[] {
      if (!photosRepo.getPhoto(db, id)) throw new AppError('not-found', `no photo with id ${id}`);
      return facesOfPhoto(db, id).map((face) => faceSummary(config, face));
    },

    /**
     * Only what the index holds or names for a known id is ever served: media routes take nothing but a kind and an
     * id, and a `photo` is read from the path the scanner stored for that id, rendered for display.
     */
    async media(kind: MediaKind, id: number): Promise<MediaFile | MediaMiss> {
      if (!Number.isSafeInteger(id) || id <= 0) return MEDIA_NOT_FOUND;
      switch (kind) {
        case 'thumb':
          return photosRepo.getThumbnail(db, id) ?? MEDIA_NOT_FOUND;
        case 'face': {
          const face = faceThumbnail(db, id);
          return face ? { mime: 'image/webp', bytes: face } : MEDIA_NOT_FOUND;
        }
        case 'photo': {
          const path = photosRepo.photoPathRaw(db, id);
          if (!path) return MEDIA_NOT_FOUND;
          const shown = await display.get(id, path);
          if ('bytes' in shown) return { mime: shown.mime, bytes: shown.bytes };
          return { status: shown.stage === 'read' ? 404 : 422, message: shown.reason };
        }
        default:
          return assertNever(kind, 'media kind');
      }
    },
  };
}

export type PhotosService = ReturnType<typeof createPhotosService>;
