import { useEffect, useState } from 'react';
import { Tabs } from './components/Tabs.js';
import { ScanPanel } from './features/jobs/ScanPanel.js';
import { FormatBreakdown } from './features/library/FormatBreakdown.js';
import { LibraryHeader } from './features/library/LibraryHeader.js';
import { PhotoGrid } from './features/library/PhotoGrid.js';
import { ProblemsList } from './features/library/ProblemsList.js';
import { RootsPanel } from './features/library/RootsPanel.js';
import { selectPhotoTotal, selectProblemTotal } from './store/selectors.js';
import { useAppActions, useAppStore } from './store/useAppStore.js';
import { formatCount } from './util/format.js';

type View = 'photos' | 'problems';

export function App({ pathForFile }: Readonly<{ pathForFile(file: File): string | null }>) {
  const [view, setView] = useState<View>('photos');
  const photoTotal = useAppStore(selectPhotoTotal);
  const problemTotal = useAppStore(selectProblemTotal);
  const { refreshLibrary, loadJobs } = useAppActions();

  useEffect(() => {
    void refreshLibrary();
    void loadJobs();
  }, [refreshLibrary, loadJobs]);

  return (
    <div className="app">
      <LibraryHeader />
      <div className="layout">
        <aside className="sidebar" aria-label="Library">
          <RootsPanel pathForFile={pathForFile} />
          <ScanPanel />
          <FormatBreakdown />
        </aside>
        <main className="content">
          <Tabs<View>
            label="Library views"
            selected={view}
            onSelect={setView}
            tabs={[
              { key: 'photos', label: 'Photos', badge: photoTotal === undefined ? undefined : formatCount(photoTotal) },
              {
                key: 'problems',
                label: 'Problems',
                badge: problemTotal === undefined ? undefined : formatCount(problemTotal),
              },
            ]}
          >
            {view === 'photos' ? <PhotoGrid /> : <ProblemsList />}
          </Tabs>
        </main>
      </div>
    </div>
  );
}
