import { defineConfig } from 'vite';

// The page is served by the Java server from the jar (classpath /web); Maven passes --outDir.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../../../target/classes/web',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  server: {
    // `npx vite` for front-end work against a running `./inbetween serve`
    proxy: { '/api': 'http://localhost:8080', '/metrics': 'http://localhost:8080' },
  },
});
