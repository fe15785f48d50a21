import type { PhotoStatus } from '../../src-shared/types/photo.js';
import { STATUS_LABELS } from '../util/format.js';

export function StatusBadge({ status }: Readonly<{ status: PhotoStatus }>) {
  return <span className={`badge badge--${status}`}>{STATUS_LABELS[status]}</span>;
}
