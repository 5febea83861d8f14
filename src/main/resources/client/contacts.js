// Contacts live in this browser only (localStorage); the shared secret never leaves it.
import { randomBytes, toBase64Url } from './ids.js';

const CONTACTS = 'hourglass.contacts';
const DEVICE = 'hourglass.device';

export function deviceSecret() {
  let secret = localStorage.getItem(DEVICE);
  if (!secret) {
    secret = toBase64Url(randomBytes(32));
    localStorage.setItem(DEVICE, secret);
  }
  return secret;
}

export function loadContacts() {
  try {
    const contacts = JSON.parse(localStorage.getItem(CONTACTS) || '[]');
    return Array.isArray(contacts) ? contacts.filter((c) => c && typeof c.secret === 'string') : [];
  } catch {
    return [];
  }
}

function save(contacts) {
  localStorage.setItem(CONTACTS, JSON.stringify(contacts));
}

/** Adds a contact for this secret, or returns the one that has it already. */
export function addContact(secret, name) {
  const contacts = loadContacts();
  const existing = contacts.find((c) => c.secret === secret);
  if (existing) return existing;
  const contact = { id: toBase64Url(randomBytes(8)), name: name || `Contact ${contacts.length + 1}`, secret };
  contacts.push(contact);
  save(contacts);
  return contact;
}

export function removeContact(id) {
  save(loadContacts().filter((c) => c.id !== id));
}

export function newSecret() {
  return toBase64Url(randomBytes(32));
}
