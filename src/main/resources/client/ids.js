// Ephemeral identifiers, derived exactly as docs/protocol.md specifies, with WebCrypto only.
const encoder = new TextEncoder();

export function randomBytes(length) {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64Url(bytes) {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function hmac(secret, label) {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', key, encoder.encode(label));
}

/** The unit index: floor(unix seconds / unit seconds). */
export function unitAt(unitSeconds, nowMs = Date.now()) {
  return Math.floor(nowMs / 1000 / unitSeconds);
}

/** tempEphemeralUserId = hex(HMAC-SHA256(deviceSecret, "hourglass/v1/user/" + hourId)). */
export async function userIdFor(deviceSecret, hourId) {
  return toHex(await hmac(deviceSecret, `hourglass/v1/user/${hourId}`));
}

/** contact key = hex(HMAC-SHA256(sharedSecret, "hourglass/v1/contact/" + hourId)): both contacts derive the same. */
export async function contactKeyFor(sharedSecret, hourId) {
  return toHex(await hmac(sharedSecret, `hourglass/v1/contact/${hourId}`));
}

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed prefix, then the 32 bytes.
const ED25519_PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

/**
 * The unit's Ed25519 key: seed = HMAC-SHA256(deviceSecret, "hourglass/v1/sign/" + hourId). A new key every unit,
 * so the public key links nothing across units; the same key after a reload, so re-registration is accepted.
 * Null where the browser's WebCrypto has no Ed25519.
 */
export async function signingKeyFor(deviceSecret, hourId) {
  try {
    const seed = new Uint8Array(await hmac(deviceSecret, `hourglass/v1/sign/${hourId}`));
    const pkcs8 = new Uint8Array(ED25519_PKCS8_PREFIX.length + seed.length);
    pkcs8.set(ED25519_PKCS8_PREFIX);
    pkcs8.set(seed, ED25519_PKCS8_PREFIX.length);
    const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', key);
    return {
      publicKey: jwk.x,
      sign: async (nonce) => toBase64Url(await crypto.subtle.sign({ name: 'Ed25519' }, key, fromBase64Url(nonce))),
    };
  } catch {
    return null;
  }
}
