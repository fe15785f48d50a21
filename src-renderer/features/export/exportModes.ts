import type { ExportMode } from '../../../src-shared/types/export.js';

export const EXPORT_MODE_LABELS: Readonly<Record<ExportMode, Readonly<{ title: string; hint: string }>>> = {
  copy: { title: 'Copy', hint: 'Independent files: uses as much space again.' },
  hardlink: { title: 'Hard link', hint: 'The same files under a second name: no extra space, same disk only.' },
  symlink: { title: 'Symbolic link', hint: 'Pointers to the originals: break if the originals move.' },
};
