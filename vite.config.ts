import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served both from Electron's app:// protocol and from the loopback HTTP host, so
// every asset URL must be relative (base './').
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // The CSP forbids inline scripts; Vite's module preload polyfill would inject one.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
