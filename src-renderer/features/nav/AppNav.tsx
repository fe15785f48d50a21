import type { ExportSubject, View } from '../../store/appState.js';
import { selectView } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';

const ITEMS: ReadonlyArray<Readonly<{ view: View; label: string }>> = [
  { view: { name: 'library' }, label: 'Library' },
  { view: { name: 'people' }, label: 'People' },
  { view: { name: 'scenes' }, label: 'Scenes' },
  { view: { name: 'search' }, label: 'Search' },
  { view: { name: 'find' }, label: 'Find by photo' },
  { view: { name: 'settings' }, label: 'Settings' },
];

/** The export dialog opened from a scenes screen is about scenes, from a people screen about people. */
function exportSubjectFor(current: View['name']): ExportSubject | undefined {
  if (current === 'scenes') return 'scenes';
  if (current === 'people') return 'people';
  return undefined;
}

/** The main screens, as links a keyboard reaches with Tab; the person screen belongs to People, a scene to Scenes. */
export function AppNav() {
  const view = useAppStore(selectView);
  const { navigate, setExportOpen } = useAppActions();
  const current = view.name === 'person' ? 'people' : view.name === 'scene' ? 'scenes' : view.name;
  return (
    <nav className="nav" aria-label="Main">
      <ul className="nav__list">
        {ITEMS.map((item) => (
          <li key={item.view.name}>
            <button
              type="button"
              className="nav__item"
              aria-current={current === item.view.name ? 'page' : undefined}
              onClick={() => navigate(item.view)}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button--quiet nav__export"
        onClick={() => setExportOpen(true, exportSubjectFor(current))}
      >
        Export…
      </button>
    </nav>
  );
}
