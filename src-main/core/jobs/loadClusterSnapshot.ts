import type { ClusterSnapshot } from '../cluster/clusterSnapshot.js';
import type { Db } from '../db/database.js';
import * as people from '../db/repos/peopleRepo.js';

const DIM = 128;

export function loadClusterSnapshot(db: Db): ClusterSnapshot {
  const faces = [...people.clusterableFaces(db)];
  const n = faces.length;
  const snapshot = {
    dim: DIM,
    faceIds: new Int32Array(n),
    photoIds: new Int32Array(n),
    vectors: new Float32Array(n * DIM),
    confirmedPerson: new Int32Array(n).fill(-1),
    previousPerson: new Int32Array(n).fill(-1),
  };
  const row = new Map<number, number>();
  faces.forEach((face, i) => {
    row.set(face.id, i);
    snapshot.faceIds[i] = face.id;
    snapshot.photoIds[i] = face.photoId;
    snapshot.vectors.set(new Float32Array(face.embedding.buffer, face.embedding.byteOffset, DIM), i * DIM);
    if (face.personId !== null) {
      snapshot.previousPerson[i] = face.personId;
      if (face.source === 'user') snapshot.confirmedPerson[i] = face.personId;
    }
  });
  const rejections = people
    .allRejections(db)
    .flatMap(({ faceId, personId }) => (row.has(faceId) ? [[row.get(faceId)!, personId] as const] : []));
  return { ...snapshot, rejections };
}
