import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  PERSON_DISTANCE_RANGE,
  SCENE_MIN_PHOTOS_RANGE,
  type LibrarySettings,
} from '../../../src-shared/types/settings.js';
import { selectLibrarySettings, selectSettingsLoad } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';

/** The two tunable thresholds, edited as a form and saved together. */
function AnalysisForm({ saved }: Readonly<{ saved: LibrarySettings }>) {
  const { saveSettings } = useAppActions();
  const load = useAppStore(selectSettingsLoad);
  const [draft, setDraft] = useState(saved);
  const [done, setDone] = useState(false);
  useEffect(() => setDraft(saved), [saved]);
  const distanceId = useId();
  const distanceHint = useId();
  const scenesId = useId();
  const scenesHint = useId();
  const changed = draft.personDistance !== saved.personDistance || draft.sceneMinPhotos !== saved.sceneMinPhotos;
  const sceneValid =
    Number.isInteger(draft.sceneMinPhotos) &&
    draft.sceneMinPhotos >= SCENE_MIN_PHOTOS_RANGE.min &&
    draft.sceneMinPhotos <= SCENE_MIN_PHOTOS_RANGE.max;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(await saveSettings(draft));
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={distanceId} className="field-label">
          Person distance: <output htmlFor={distanceId}>{draft.personDistance.toFixed(2)}</output>
        </label>
        <input
          id={distanceId}
          type="range"
          min={PERSON_DISTANCE_RANGE.min}
          max={PERSON_DISTANCE_RANGE.max}
          step={PERSON_DISTANCE_RANGE.step}
          value={draft.personDistance}
          aria-describedby={distanceHint}
          onChange={(event) => {
            setDone(false);
            setDraft({ ...draft, personDistance: Number(event.target.value) });
          }}
        />
        <p id={distanceHint} className="field-hint">
          How alike faces must be to be one person. Lower keeps look-alikes apart but may split someone; higher joins
          more. Used by the next clustering and by find by photo.
        </p>
      </div>
      <div className="field">
        <label htmlFor={scenesId} className="field-label">
          Smallest scene (photos)
        </label>
        <input
          id={scenesId}
          className="input input--narrow"
          type="number"
          min={SCENE_MIN_PHOTOS_RANGE.min}
          max={SCENE_MIN_PHOTOS_RANGE.max}
          step={1}
          value={Number.isNaN(draft.sceneMinPhotos) ? '' : draft.sceneMinPhotos}
          aria-describedby={scenesHint}
          aria-invalid={!sceneValid}
          onChange={(event) => {
            setDone(false);
            setDraft({ ...draft, sceneMinPhotos: event.target.valueAsNumber });
          }}
        />
        <p id={scenesHint} className="field-hint">
          A place needs this many photos to show as a scene ({SCENE_MIN_PHOTOS_RANGE.min}–{SCENE_MIN_PHOTOS_RANGE.max}).
          Used by the next scene clustering.
        </p>
      </div>
      <div className="row">
        <button type="submit" className="button button--primary" disabled={!changed || !sceneValid || load.loading}>
          Save
        </button>
        {done && !changed && (
          <span role="status" className="muted">
            Saved. Re-cluster people or scenes to apply it now.
          </span>
        )}
      </div>
    </form>
  );
}

/** The thresholds clustering uses, which the user may tune for their library. */
export function AnalysisPanel() {
  const settings = useAppStore(selectLibrarySettings);
  const load = useAppStore(selectSettingsLoad);
  const { loadSettings } = useAppActions();
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  return (
    <section className="card" aria-labelledby="analysis-title">
      <h2 id="analysis-title" className="card__title">
        Analysis
      </h2>
      {load.error && (
        <p role="alert" className="alert">
          The settings were not changed: {load.error}
        </p>
      )}
      {settings ? (
        <AnalysisForm saved={settings} />
      ) : (
        <p className="muted">{load.loading ? 'Loading the settings…' : 'The settings are not known yet.'}</p>
      )}
    </section>
  );
}
