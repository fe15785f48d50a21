import type { FindByPhotoResult } from '../../../src-shared/types/person.js';

type QueryPhotoProps = Readonly<{ result: FindByPhotoResult; imageUrl: string | null; name: string }>;

/** The query photo with its faces boxed and numbered; a plain frame of the right shape when there is no preview. */
export function QueryPhoto({ result, imageUrl, name }: QueryPhotoProps) {
  return (
    <figure className="query-photo">
      <div className="query-photo__frame" style={{ aspectRatio: `${result.width} / ${result.height}` }}>
        {imageUrl ? (
          <img src={imageUrl} alt={`The photo searched with: ${name}`} />
        ) : (
          <div className="query-photo__placeholder" role="img" aria-label={`${name} (no preview in the browser)`} />
        )}
        {result.faces.map((face) => (
          <span
            key={face.index}
            className={`query-photo__box${face.person ? '' : ' query-photo__box--unknown'}`}
            style={{
              left: `${face.box.x * 100}%`,
              top: `${face.box.y * 100}%`,
              width: `${face.box.width * 100}%`,
              height: `${face.box.height * 100}%`,
            }}
            aria-hidden="true"
          >
            <span className="query-photo__number">{face.index + 1}</span>
          </span>
        ))}
      </div>
      <figcaption className="muted">{name}</figcaption>
    </figure>
  );
}
