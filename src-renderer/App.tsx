import { useEffect, useState } from 'react';
import { Tabs } from './components/Tabs.js';
import { ExportDialog } from './features/export/ExportDialog.js';
import { FindByPhotoView } from './features/find/FindByPhotoView.js';
import { JobPanel } from './features/jobs/JobPanel.js';
import { ScanPanel } from './features/jobs/ScanPanel.js';
import { FormatBreakdown } from './features/library/FormatBreakdown.js';
import { LibraryHeader } from './features/library/LibraryHeader.js';
import { PhotoGrid } from './features/library/PhotoGrid.js';
import { ProblemsList } from './features/library/ProblemsList.js';
import { RootsPanel } from './features/library/RootsPanel.js';
import { AppNav } from './features/nav/AppNav.js';
import { PeopleView } from './features/people/PeopleView.js';
import { PersonView } from './features/people/PersonView.js';
import { SceneView } from './features/scenes/SceneView.js';
import { ScenesView } from './features/scenes/ScenesView.js';
import { SearchView } from './features/search/SearchView.js';
import { SettingsView } from './features/settings/SettingsView.js';
import { selectView } from './store/peopleSelectors.js';
import { selectPhotoTotal, selectProblemTotal } from './store/selectors.js';
import { useAppActions, useAppStore } from './store/useAppStore.js';
import { countBadge } from './util/format.js';
import { assertNever } from '../src-shared/util/assertNever.js';

type LibraryTab = 'photos' | 'problems';
type AppProps = Readonly<{ pathForFile(file: File): string | null }>;

function LibraryView({ pathForFile }: AppProps) {
  const [tab, setTab] = useState<LibraryTab>('photos');
  const photoTotal = useAppStore(selectPhotoTotal);
  const problemTotal = useAppStore(selectProblemTotal);
  return (
    <div className="layout">
      <aside className="sidebar" aria-label="Library">
        <RootsPanel pathForFile={pathForFile} />
        <ScanPanel />
        <FormatBreakdown />
      </aside>
      <main className="content">
        <Tabs<LibraryTab>
          label="Library views"
          selected={tab}
          onSelect={setTab}
          tabs={[
            { key: 'photos', label: 'Photos', badge: countBadge(photoTotal) },
            {
              key: 'problems',
              label: 'Problems',
              badge: countBadge(problemTotal),
            },
          ]}
        >
          {tab === 'photos' ? <PhotoGrid /> : <ProblemsList />}
        </Tabs>
      </main>
    </div>
  );
}

function CurrentView({ pathForFile }: AppProps) {
  const view = useAppStore(selectView);
  switch (view.name) {
    case 'library':
      return <LibraryView pathForFile={pathForFile} />;
    case 'people':
      return (
        <main className="page">
          <PeopleView />
        </main>
      );
    case 'person':
      return (
        <main className="page">
          <PersonView personId={view.personId} />
        </main>
      );
    case 'scenes':
      return (
        <main className="page">
          <ScenesView />
        </main>
      );
    case 'scene':
      return (
        <main className="page">
          <SceneView sceneId={view.sceneId} />
        </main>
      );
    case 'find':
      return (
        <main className="page">
          <FindByPhotoView pathForFile={pathForFile} />
        </main>
      );
    case 'search':
      return (
        <main className="page">
          <SearchView />
        </main>
      );
    case 'settings':
      return (
        <main className="page">
          <SettingsView pathForFile={pathForFile} />
        </main>
      );
    default:
      return assertNever(view, 'view');
  }
}

export function App({ pathForFile }: AppProps) {
  const view = useAppStore(selectView);
  const { refreshLibrary, loadJobs } = useAppActions();
  useEffect(() => {
    void refreshLibrary();
    void loadJobs();
  }, [refreshLibrary, loadJobs]);
  // A new screen starts at its top, not where the last one was scrolled to.
  useEffect(() => {
    window.scrollTo({ top: 0 });
  }, [view]);

  return (
    <div className="app">
      <LibraryHeader showStats={view.name === 'library'}>
        <AppNav />
        <JobPanel />
      </LibraryHeader>
      <CurrentView pathForFile={pathForFile} />
      <ExportDialog pathForFile={pathForFile} />
    </div>
  );
}
