import { defineConfig } from 'vite';

// Development only: `npm run dev` serves the app on 127.0.0.1:5173 and forwards the single origin's paths
// (DESIGN §8) to a running stack's services. The built app itself only ever calls same-origin URLs.
const port = (name, fallback) => process.env[`ETHERWATCH_${name}_PORT`] || fallback;
const auth = `http://127.0.0.1:${port('AUTH_SERVICE', 8081)}`;
const inventory = `http://127.0.0.1:${port('INVENTORY_SERVICE', 8082)}`;
const push = `http://127.0.0.1:${port('PUSH_SERVICE', 8083)}`;
const proxy = {
  '^/api/(authenticate|token|logout|verify|users)': { target: auth },
  '^/api/(ec2|metrics|log)': { target: inventory },
  '/api/stream': { target: push },
  '/ws': { target: push, ws: true },
};
// web-console's own policy (ConsoleConfig): `npm run build && npx vite preview` checks the built app under it.
const csp =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    // One small bundle; source maps stay out of the jar.
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.VITE_PORT || 5173),
    strictPort: true,
    proxy,
  },
  preview: {
    host: '127.0.0.1',
    port: Number(process.env.VITE_PORT || 4173),
    strictPort: true,
    proxy,
    headers: { 'Content-Security-Policy': csp },
  },
});
