import { useCallback, useMemo, useState } from 'react';
import type { FaceId } from '../../../src-shared/types/ids.js';

/** Ticked faces of the grid on screen: local to the view, forgotten when the faces shown change. */
export function useFaceSelection() {
  const [ids, setIds] = useState<readonly FaceId[]>([]);
  const set = useMemo(() => new Set(ids), [ids]);
  const toggle = useCallback(
    (id: FaceId) =>
      setIds((current) => (current.includes(id) ? current.filter((each) => each !== id) : [...current, id])),
    [],
  );
  const clear = useCallback(() => setIds([]), []);
  return { ids, set, toggle, clear };
}
