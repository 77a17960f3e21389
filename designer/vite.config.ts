import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The runtime the dev server proxies API calls to (`pnpm start` listens on 3000 by default).
const runtime = process.env.ATRIUM_URL ?? `http://127.0.0.1:${process.env.ATRIUM_PORT ?? 3000}`;
const proxied = ['/api', '/graphql', '/health', '/docs'];

export default defineConfig({
  plugins: [react()],
  // Served by the runtime at the site root; hashed assets under /assets/ are cached for a year.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1600,
    // No inline scripts or data: URLs for scripts: the Content-Security-Policy is script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than the app (long-cached),
        // and the form library only loads with the record form.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/, priority: 6 },
            // Ajv (the designer's metadata checks, the record form's validation) apart from json-logic-js
            // (which lists need for their rules): a list loads no schema validator.
            { name: 'ajv', test: /node_modules[\\/](ajv|ajv-formats|fast-uri|fast-deep-equal|json-schema-traverse)[\\/]/, priority: 4 },
            { name: 'json-logic', test: /node_modules[\\/]json-logic-js[\\/]/, priority: 4 },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.DESIGNER_PORT ?? 5173),
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: runtime, changeOrigin: false }])),
  },
  preview: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: runtime, changeOrigin: false }])),
  },
});
