import { Dialog } from '../../components/Dialog.js';
import { Thumbnail } from '../../components/Thumbnail.js';
import { selectSimilar } from '../../store/scenesSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';

/**
 * "More like this": the photos whose backgrounds are nearest the chosen one's, nearest first, with their distances;
 * each can be the next one asked about.
 */
export function SimilarDialog() {
  const similar = useAppStore(selectSimilar);
  const { closeSimilar, findSimilar } = useAppActions();
  return (
    <Dialog
      open={similar !== null}
      title={similar ? `More like ${similar.photo.name}` : 'More like this'}
      onClose={closeSimilar}
      wide
    >
      {similar && (
        <div className="similar">
          <div className="similar__query">
            <Thumbnail photo={similar.photo} />
          </div>
          <div className="similar__results">
            {similar.load.loading && (
              <p className="empty" role="status">
                Looking for similar backgrounds…
              </p>
            )}
            {similar.load.error && (
              <p role="alert" className="alert">
                {similar.load.error}
              </p>
            )}
            {similar.results?.length === 0 && (
              <div className="empty">
                <p className="empty__title">Nothing alike yet</p>
                <p className="muted">No other indexed photo has a background near this one.</p>
              </div>
            )}
            {similar.results && similar.results.length > 0 && (
              <ul className="similar__grid" aria-label="Similar photos">
                {similar.results.map((each) => (
                  <li key={each.photo.id}>
                    <Thumbnail photo={each.photo} />
                    <span className="similar__distance">distance {each.distance.toFixed(2)}</span>
                    {/* Following a chain of alike photos, one step at a time. */}
                    <button
                      type="button"
                      className="button button--quiet button--small tile-action"
                      aria-label={`More like this: ${each.photo.name}`}
                      onClick={() => void findSimilar(each.photo)}
                    >
                      More like this
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}
