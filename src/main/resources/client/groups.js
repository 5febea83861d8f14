// Groups are realms (docs/protocol.md, "Realms"): invite-only groups of device keys. The device key is an Ed25519
// WebCrypto key made non-extractable and kept in IndexedDB, so no script can read it out; what this browser keeps of
// each group (its charter and this device's chain of admissions, which the server checks at every authentication)
// lives in localStorage. Nothing here is secret but the invitation secrets, which travel in URL fragments only.
import { fromBase64Url, randomBytes, toBase64Url } from './ids.js';

const encoder = new TextEncoder();
const GROUPS = 'hourglass.groups';
const DATABASE = 'hourglass';
const KEYS = 'keys';

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256(...parts) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

/** realm id = base64url(SHA-256("hourglass realm id v1\0" ‖ founder key ‖ salt)). */
export async function realmId(founderKey, salt) {
  return toBase64Url(await sha256(encoder.encode('hourglass realm id v1\0'), founderKey, salt));
}

/** identity id = base64url of the first 16 bytes of SHA-256("hourglass identity v1\0" ‖ key). */
export async function identityId(publicKey) {
  return toBase64Url((await sha256(encoder.encode('hourglass identity v1\0'), publicKey)).slice(0, 16));
}

export function authMessage(realm, nonce) {
  return concat(encoder.encode('hourglass realm auth v1\0'), encoder.encode(realm), new Uint8Array(1), nonce);
}

export function admissionMessage(realm, key) {
  return concat(encoder.encode('hourglass realm admission v1\0'), encoder.encode(realm), new Uint8Array(1), key);
}

/** What a member signs of a session description: for this realm, to this identity, so it cannot be replayed elsewhere. */
export function descriptionMessage(realm, to, sdp) {
  return concat(encoder.encode('hourglass realm sdp v1\0'), encoder.encode(realm), new Uint8Array(1), encoder.encode(to),
    new Uint8Array(1), encoder.encode(sdp));
}

/** The short fingerprint people compare: the identity id's first twelve characters in three groups. */
export function fingerprint(identity) {
  return `${identity.slice(0, 4)}-${identity.slice(4, 8)}-${identity.slice(8, 12)}`;
}

// ---------- the device key, in IndexedDB ----------
function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(KEYS);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transact(db, mode, run) {
  return new Promise((resolve, reject) => {
    const request = run(db.transaction(KEYS, mode).objectStore(KEYS));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let device = null;

/** This browser's device key: made once, non-extractable, kept in IndexedDB (a CryptoKey survives structured cloning). */
export function deviceKey() {
  device ??= (async () => {
    const db = await database();
    let pair = await transact(db, 'readonly', (store) => store.get('device'));
    if (!pair) {
      pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
      await transact(db, 'readwrite', (store) => store.put(pair, 'device'));
    }
    const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    return {
      publicKey,
      key: toBase64Url(publicKey),
      identity: await identityId(publicKey),
      extractable: pair.privateKey.extractable,
      sign: async (bytes) => toBase64Url(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, bytes)),
    };
  })();
  return device;
}

export async function verify(key, bytes, signature) {
  try {
    const publicKey = await crypto.subtle.importKey('raw', fromBase64Url(key), { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, fromBase64Url(signature), bytes);
  } catch {
    return false;
  }
}

/** The server's check, done here too: each admission signed by the key before it, from the founder to the member. */
export async function chainAdmits(realm, founder, chain, member) {
  let signer = founder;
  for (const link of chain) {
    if (!(await verify(signer, admissionMessage(realm, fromBase64Url(link.key)), link.signature))) return false;
    signer = link.key;
  }
  return signer === member;
}

// ---------- groups, in localStorage ----------
// { realm, founder, salt, name, chain (null until a member endorsed this device), invitation (a secret to redeem) }
export function loadGroups() {
  try {
    const groups = JSON.parse(localStorage.getItem(GROUPS) || '[]');
    return Array.isArray(groups) ? groups.filter((g) => g && typeof g.realm === 'string') : [];
  } catch {
    return [];
  }
}

export function saveGroup(group) {
  const groups = loadGroups().filter((g) => g.realm !== group.realm);
  groups.push(group);
  localStorage.setItem(GROUPS, JSON.stringify(groups));
}

export function removeGroup(realm) {
  localStorage.setItem(GROUPS, JSON.stringify(loadGroups().filter((g) => g.realm !== realm)));
}

/** A new group founded by this device: its id names the device's key and a random salt. */
export async function foundGroup(name) {
  const me = await deviceKey();
  const salt = randomBytes(16);
  const group = { realm: await realmId(me.publicKey, salt), founder: me.key, salt: toBase64Url(salt), name, chain: [], invitation: null };
  saveGroup(group);
  return group;
}

export function newInvitationSecret() {
  return toBase64Url(randomBytes(32));
}

/** The link an invitation travels in: everything after #, which a browser never sends to a server. */
export function invitationLink(group, secret) {
  const payload = { r: group.realm, f: group.founder, s: group.salt, i: secret, n: group.name };
  return `${location.origin}/#group=${toBase64Url(encoder.encode(JSON.stringify(payload)))}`;
}

/** An invitation from a link, its fragment, or the text of a QR code; null when it is not one. */
export async function parseInvitation(text) {
  const match = /(?:#|^)group=([A-Za-z0-9_-]+)/.exec(String(text).trim());
  if (!match) return null;
  try {
    const { r, f, s, i, n } = JSON.parse(new TextDecoder().decode(fromBase64Url(match[1])));
    if (typeof r !== 'string' || typeof f !== 'string' || typeof s !== 'string' || typeof i !== 'string') return null;
    // The charter must name its founder: a link whose realm id does not hash from its founder's key is forged.
    if ((await realmId(fromBase64Url(f), fromBase64Url(s))) !== r) return null;
    return { realm: r, founder: f, salt: s, name: typeof n === 'string' ? n.slice(0, 60) : 'Group', chain: null, invitation: i };
  } catch {
    return null;
  }
}
