import type { ExportSummary } from '../../../src-shared/types/export.js';
import { formatCount, plural } from '../../util/format.js';
import { EXPORT_MODE_LABELS } from './exportModes.js';

/** What an export wrote (or, for a dry run, would write): counts, one row per folder, the manifest and failures. */
export function ExportSummaryView({ summary, noun }: Readonly<{ summary: ExportSummary; noun: 'person' | 'scene' }>) {
  const { counts } = summary;
  const rows: ReadonlyArray<[string, number]> = [
    [summary.dryRun ? 'Would write' : 'Written', counts.written],
    ['Already there', counts.unchanged],
    ['Renamed (name taken)', counts.renamedForCollision],
    [`No longer in the ${noun}`, counts.stale],
    ['Failed', counts.failed],
  ];
  return (
    <section className="export-summary" aria-labelledby="export-summary-title">
      <h3 id="export-summary-title" className="export-summary__title" aria-live="polite">
        {summary.dryRun ? 'Dry run: nothing was written' : 'Export finished'}
        <span className="muted">
          {' '}
          · {EXPORT_MODE_LABELS[summary.mode].title.toLowerCase()} into <code>{summary.destination}</code>
        </span>
      </h3>
      <dl className="export-counts">
        {rows.map(([label, value]) => (
          <div key={label} className={`stat${label === 'Failed' && value > 0 ? ' stat--error' : ''}`}>
            <dt>{label}</dt>
            <dd>{formatCount(value)}</dd>
          </div>
        ))}
      </dl>
      {summary.folders.length > 0 && (
        <table className="problems export-folders">
          <caption className="visually-hidden">Folders</caption>
          <thead>
            <tr>
              <th scope="col">Folder</th>
              <th scope="col">Files</th>
            </tr>
          </thead>
          <tbody>
            {summary.folders.map((folder) => (
              <tr key={folder.key}>
                <td className="problems__file">
                  <span className="problems__name">{folder.folderName}</span>
                  <span className="problems__folder" title={folder.path}>
                    {folder.path}
                  </span>
                </td>
                <td>{formatCount(folder.files)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="export-manifest">
        <span className="field-label">Manifest</span>
        <code title={summary.manifest.json}>{summary.manifest.json}</code>
        <code title={summary.manifest.csv}>{summary.manifest.csv}</code>
      </div>
      {summary.failures.length > 0 && (
        <div className="export-failures">
          <span className="field-label">{plural(counts.failed, 'failure')} (first ones; all are in the manifest)</span>
          <ul>
            {summary.failures.map((failure) => (
              <li key={failure.source}>
                <code>{failure.source}</code> <span className="muted">{failure.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
