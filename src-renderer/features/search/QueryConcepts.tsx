import type { SearchResult } from '../../../src-shared/types/search.js';

/** Expansions shown per query word before "+N more"; all of them are in the tooltip. */
const SHOWN = 6;

function Expansions({ items }: Readonly<{ items: readonly string[] }>) {
  const shown = items.slice(0, SHOWN);
  return (
    <>
      {shown.map((item) => (
        <span key={item} className="chip chip--concept">
          {item}
        </span>
      ))}
      {items.length > SHOWN && (
        <span className="chip chip--more" title={items.slice(SHOWN).join(', ')}>
          +{items.length - SHOWN} more
        </span>
      )}
    </>
  );
}

/** How the query was understood: each word and the object labels and words it was widened to. */
export function QueryConcepts({ concepts }: Readonly<{ concepts: SearchResult['concepts'] }>) {
  if (concepts.length === 0) return null;
  return (
    <dl className="concepts" aria-label="How the search understood your words">
      {concepts.map((concept) => {
        const expansions = [...new Set([...concept.tags, ...concept.words])].filter((item) => item !== concept.text);
        return (
          <div key={concept.text} className="concept">
            <dt className="concept__word">{concept.text}</dt>
            <dd className="concept__expansions" title={expansions.join(', ')}>
              {expansions.length === 0 ? (
                <span className="muted">only this word</span>
              ) : (
                <>
                  <span className="visually-hidden">also </span>
                  <Expansions items={expansions} />
                </>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
