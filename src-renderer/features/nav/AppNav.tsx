import type { View } from '../../store/appState.js';
import { selectView } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';

const ITEMS: ReadonlyArray<Readonly<{ view: View; label: string }>> = [
  { view: { name: 'library' }, label: 'Library' },
  { view: { name: 'people' }, label: 'People' },
  { view: { name: 'search' }, label: 'Search' },
  { view: { name: 'find' }, label: 'Find by photo' },
  { view: { name: 'settings' }, label: 'Settings' },
];

/** The main screens, as links a keyboard reaches with Tab; the person screen belongs to People. */
export function AppNav() {
  const view = useAppStore(selectView);
  const { navigate, setExportOpen } = useAppActions();
  const current = view.name === 'person' ? 'people' : view.name;
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
      <button type="button" className="button button--quiet nav__export" onClick={() => setExportOpen(true)}>
        Export…
      </button>
    </nav>
  );
}
