import { ScanPanel } from '../jobs/ScanPanel.js';
import { RootsPanel } from '../library/RootsPanel.js';
import { ClipPackPanel } from './ClipPackPanel.js';

type SettingsViewProps = Readonly<{ pathForFile(file: File): string | null }>;

/** Where the library's photos come from and which engine search uses. */
export function SettingsView({ pathForFile }: SettingsViewProps) {
  return (
    <section className="view" aria-labelledby="settings-title">
      <div className="view__head">
        <div>
          <h2 id="settings-title" className="view__title">
            Settings
          </h2>
          <p className="muted">Library folders and the models search uses. Everything stays on this computer.</p>
        </div>
      </div>
      <div className="settings">
        <div className="stack">
          <RootsPanel pathForFile={pathForFile} />
          <ScanPanel />
        </div>
        <div className="stack">
          <ClipPackPanel />
        </div>
      </div>
    </section>
  );
}
