import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

const server = `http://127.0.0.1:${process.env.PORT ?? 3000}`
/** This build's id: in the bundle (__BUILD_ID__) and in dist/build.json for the server to announce. */
const buildId = Date.now().toString(36)

export default defineConfig({
  root: 'client',
  plugins: [vue(), { name: 'build-id', generateBundle() { this.emitFile({ type: 'asset', fileName: 'build.json', source: JSON.stringify({ id: buildId }) }) } }],
  define: { __BUILD_ID__: JSON.stringify(buildId) },
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  // `npm run dev`: Vite serves the client with hot reload and forwards API and Socket.IO to the server.
  server: {
    port: 5173,
    proxy: { '/api': server, '/healthz': server, '/socket.io': { target: server, ws: true } },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    // One real PostgreSQL for the run; each test file clones a migrated template.
    globalSetup: ['test/helpers/pgCluster.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Chromium is heavy: two workers on a 2-core machine.
    maxWorkers: 2,
  },
})
