/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run build` writes web/dist, which `motcua serve --web web/dist` serves at `/` (API calls
// go to the same origin). `npm run dev` proxies /api to a server on MOTCUA_API (default :8080).
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    manifest: true, // read by scripts/size-budget.mjs to measure each page's critical path
    assetsInlineLimit: 2048,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': process.env.MOTCUA_API ?? 'http://localhost:8080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
  },
})
