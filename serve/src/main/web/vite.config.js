import { defineConfig } from 'vite';

// The page is served by the Java server from the jar (classpath /web); Maven passes --outDir.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../../../target/classes/web',
    assetsDir: 'assets',
    sourcemap: false,
    // the page itself stays under 200 kB; hls.js (light build, about 400 kB) loads only when a live job is watched
    chunkSizeWarningLimit: 450,
  },
  server: {
    // `npx vite` for front-end work against a running `./inbetween serve`
    proxy: { '/api': 'http://localhost:8080', '/metrics': 'http://localhost:8080' },
  },
});
