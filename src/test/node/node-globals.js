// What simple-peer's dependencies (readable-stream, randombytes) take from Node in a browser bundle.
import { Buffer } from 'buffer';

export const process = { env: {}, nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)), browser: true, version: '' };
export { Buffer };
