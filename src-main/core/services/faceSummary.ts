import type { FaceSummary } from '../../../src-shared/types/face.js';
import type { FaceId, PersonId, PhotoId } from '../../../src-shared/types/ids.js';
import { mediaUrl } from '../../../src-shared/util/media.js';
import type { CoreConfig } from '../config.js';
import type { FaceRow } from '../db/repos/facesRepo.js';

/** A stored face as the contract shows it, with the URL of its crop. */
export function faceSummary(config: CoreConfig, face: FaceRow): FaceSummary {
  const id = face.id as FaceId;
  return {
    id,
    photoId: face.photoId as PhotoId,
    box: face.box,
    score: face.score,
    quality: face.quality,
    thumbUrl: face.hasThumbnail ? mediaUrl(config.mediaBase, 'face', id, config.mediaQuery) : null,
    person: face.person && { ...face.person, id: face.person.id as PersonId },
  };
}
