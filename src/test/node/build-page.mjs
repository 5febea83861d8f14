// Bundles y-webrtc-page.js and its page for the browser test: node build-page.mjs <output directory>.
import { build } from 'esbuild';
import { writeFileSync, mkdirSync } from 'node:fs';

const out = process.argv[2];
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [new URL('./y-webrtc-page.js', import.meta.url).pathname],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  outfile: `${out}/bundle.js`,
  // simple-peer, under y-webrtc, was written for browserify: it expects Node's globals.
  define: { global: 'globalThis', 'process.env.NODE_DEBUG': 'false' },
  inject: [new URL('./node-globals.js', import.meta.url).pathname],
  logLevel: 'warning',
});
writeFileSync(`${out}/index.html`, '<!doctype html><meta charset="utf-8"><title>y-webrtc over Hourglass</title><script src="bundle.js"></script>\n');
console.log(`bundled into ${out}`);
