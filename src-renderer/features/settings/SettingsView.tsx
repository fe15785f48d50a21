import { ViewHead } from '../../components/ViewHead.js';
import { selectStatus } from '../../store/selectors.js';
import { useAppStore } from '../../store/useAppStore.js';
import { ScanPanel } from '../jobs/ScanPanel.js';
import { RootsPanel } from '../library/RootsPanel.js';
import { ClipPackPanel } from './ClipPackPanel.js';
import { AnalysisPanel } from './AnalysisPanel.js';
import { ModelsPanel } from './ModelsPanel.js';

/** Where the index, thumbnails and models' results are kept (the photos stay where they are). */
function LibraryCard() {
  const status = useAppStore(selectStatus);
  return (
    <section className="card" aria-labelledby="library-dir-title">
      <h2 id="library-dir-title" className="card__title">
        Library
      </h2>
      <p className="muted">The index, thumbnails and analysis results are kept here; your photos are never moved.</p>
      <code className="library-dir">{status?.libraryDir ?? '–'}</code>
    </section>
  );
}

type SettingsViewProps = Readonly<{ pathForFile(file: File): string | null }>;

/** Where the library's photos come from and which engine search uses. */
export function SettingsView({ pathForFile }: SettingsViewProps) {
  return (
    <section className="view" aria-labelledby="settings-title">
      <ViewHead
        titleId="settings-title"
        title="Settings"
        lead="Library folders, how people and scenes are grouped, the models analysis runs and the one search may add. Everything stays on this computer."
      />
      <div className="settings">
        <div className="stack">
          <LibraryCard />
          <RootsPanel pathForFile={pathForFile} />
          <ScanPanel />
          <AnalysisPanel />
        </div>
        <div className="stack">
          <ClipPackPanel />
          <ModelsPanel />
        </div>
      </div>
    </section>
  );
}
