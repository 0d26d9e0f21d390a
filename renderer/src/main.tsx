import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import './app.css';
import { createRoot } from 'react-dom/client';
import { parsePrintHash } from '../../shared/print';
import { captureToken } from './api';

captureToken();
const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('#root missing from index.html');
// `#/print/<page>?…`: a print page alone, without the app shell (renderer/src/print/). The app's
// code is imported only for the app, so a print page does not evaluate it (it is most of the bundle).
const printRoute = parsePrintHash(window.location.hash);
if (printRoute) {
  void import('./print/PrintRoot').then(({ PrintRoot }) =>
    createRoot(rootEl).render(<PrintRoot page={printRoute.page} params={printRoute.params} />),
  );
} else {
  void import('./AppRoot').then(({ mountApp }) => mountApp(rootEl));
}
