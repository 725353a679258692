import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build` writes src/generated/lifecycle.json from the review machine, then runs
// `vite build web` into web/dist, which the API's WebModule serves at /.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
