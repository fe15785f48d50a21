/*
 * Renderer entry: picks the transport for the host it runs in, builds the API client and the store, and mounts the UI.
 * The renderer imports only src-shared, the DOM, React and zustand: never Node, Electron or src-main.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createApiClient } from './api/client.js';
import { createElectronTransport } from './api/electronTransport.js';
import { createHttpTransport } from './api/httpTransport.js';
import { connectEvents } from './store/connectEvents.js';
import { AppStoreProvider, createAppStore } from './store/useAppStore.js';
import './styles.css';

const transport = window.facets ? createElectronTransport(window.facets) : createHttpTransport();

// The web host's address carries the token; once the page has it (in a meta tag and a cookie) the address bar need not.
if (new URL(window.location.href).searchParams.has('token')) {
  window.history.replaceState(null, '', window.location.pathname);
}

const store = createAppStore(createApiClient(transport));
connectEvents(store, transport.on);

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App pathForFile={(file) => transport.pathForFile(file)} />
    </AppStoreProvider>
  </StrictMode>,
);
