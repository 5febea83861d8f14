// The Hourglass page: room mode and contacts mode over one signaling connection.
import { Signaling } from './signaling.js';
import { PeerLink } from './rtc.js';
import { contactKeyFor, fromBase64Url, signingKeyFor, unitAt, userIdFor } from './ids.js';
import { addContact, deviceSecret, loadContacts, newSecret, removeContact } from './contacts.js';

const $ = (id) => document.getElementById(id);
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const signaling = new Signaling(wsUrl);

let settings = { unitSeconds: 3600, iceServers: [] };
let mode = 'room';
const room = { name: null, links: new Map() }; // peerId -> PeerLink
const contactState = {
  hourId: null,
  byKey: new Map(), // contact key (this unit) -> contact
  online: new Map(), // contact id -> Set of peer ids
  links: new Map(), // contact id -> { link, peerId }
  signer: null,
  wantedHello: null, // the hello for the current registration
  helloInFlight: null, // the hello sent and not yet answered with bound or error
  boundAs: null, // JSON of the hello the connection is bound with
  registering: Promise.resolve(),
  rolloverTimer: null,
};

// ---------- small UI helpers ----------
function notice(text) {
  $('notice').textContent = text || '';
}

function setServerState(state, text) {
  const pill = $('server-status');
  pill.dataset.state = state;
  pill.textContent = text;
}

function addMessage(text, mine, who) {
  const item = document.createElement('li');
  item.className = mine ? 'me' : 'them';
  item.textContent = `${mine ? 'me' : who}: ${text}`;
  $('messages').append(item);
  item.scrollIntoView({ block: 'nearest' });
}

function shortId(peerId) {
  return peerId.slice(0, 6);
}

function showMode(next) {
  mode = next;
  $('room-view').hidden = next !== 'room';
  $('contacts-view').hidden = next !== 'contacts';
  $('tab-room').setAttribute('aria-selected', String(next === 'room'));
  $('tab-contacts').setAttribute('aria-selected', String(next === 'contacts'));
}

document.addEventListener('click', (event) => {
  const id = event.target.dataset && event.target.dataset.copy;
  if (id) {
    $(id).select();
    navigator.clipboard?.writeText($(id).value).catch(() => {});
  }
});

// ---------- room mode ----------
function renderRoom() {
  const list = $('room-peers');
  list.replaceChildren();
  if (room.links.size === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = room.name ? 'Waiting for someone to join…' : 'Nobody here yet.';
    list.append(empty);
  }
  for (const [peerId, link] of room.links) {
    const item = document.createElement('li');
    item.dataset.peer = peerId;
    item.dataset.state = link.state;
    item.innerHTML = '<span class="name"></span><span class="state"></span>';
    item.querySelector('.name').textContent = `Peer ${shortId(peerId)}`;
    item.querySelector('.state').textContent = link.state;
    list.append(item);
  }
  $('room-share').hidden = !room.name;
  if (room.name) $('room-link').value = `${location.origin}/#room=${encodeURIComponent(room.name)}`;
}

function roomLink(peerId, initiator = false) {
  let link = room.links.get(peerId);
  if (link) return link;
  const roomName = room.name;
  link = new PeerLink({
    polite: signaling.peerId > peerId,
    initiator,
    iceServers: settings.iceServers,
    sendSignal: (data) => signaling.send({ type: 'signal', room: roomName, to: peerId, data }),
  });
  link.addEventListener('state', () => {
    renderRoom();
    if (link.state === 'failed') notice(`Connection to peer ${shortId(peerId)} failed.`);
  });
  link.addEventListener('chat', (event) => addMessage(event.detail, false, `peer ${shortId(peerId)}`));
  link.addEventListener('failure', (event) => notice(`Peer ${shortId(peerId)}: ${event.detail}`));
  room.links.set(peerId, link);
  renderRoom();
  return link;
}

function dropRoomLink(peerId) {
  const link = room.links.get(peerId);
  if (link) {
    link.close();
    room.links.delete(peerId);
    renderRoom();
  }
}

function joinRoom(name) {
  if (room.name && room.name !== name) leaveRoom();
  room.name = name;
  $('room-name').value = name;
  history.replaceState(null, '', `#room=${encodeURIComponent(name)}`);
  signaling.start();
  if (signaling.connected) signaling.send({ type: 'join', room: name });
  renderRoom();
}

function leaveRoom() {
  if (room.name && signaling.connected) signaling.send({ type: 'leave', room: room.name });
  for (const peerId of [...room.links.keys()]) dropRoomLink(peerId);
  room.name = null;
  history.replaceState(null, '', location.pathname);
  renderRoom();
}

signaling.addEventListener('joined', ({ detail }) => {
  if (detail.room !== room.name) return;
  // The newcomer reaches out to everyone already there; the others answer.
  for (const peerId of detail.peers) roomLink(peerId, true);
  renderRoom();
});
signaling.addEventListener('peer-joined', ({ detail }) => {
  if (detail.room === room.name) roomLink(detail.peerId);
});
signaling.addEventListener('peer-left', ({ detail }) => {
  if (detail.room === room.name) dropRoomLink(detail.peerId);
});

// ---------- contacts mode ----------
function renderContacts() {
  const contacts = loadContacts();
  const list = $('contact-list');
  list.replaceChildren();
  if (contacts.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'No contacts yet. Make one with “New contact” and send the link.';
    list.append(empty);
  }
  for (const contact of contacts) {
    const online = contactState.online.get(contact.id);
    const entry = contactState.links.get(contact.id);
    const status = entry && entry.link.state === 'open' ? 'connected' : online && online.size > 0 ? 'online' : 'offline';
    const item = document.createElement('li');
    item.dataset.contact = contact.id;
    item.dataset.status = status;
    item.innerHTML = '<span class="name"></span><span class="state"></span><span class="row"></span>';
    item.querySelector('.name').textContent = contact.name;
    item.querySelector('.state').textContent = entry && status !== 'connected' ? `${status}, ${entry.link.state}` : status;
    const actions = item.querySelector('.row');
    const connect = document.createElement('button');
    connect.type = 'button';
    connect.className = 'connect';
    connect.textContent = 'Connect';
    connect.disabled = status !== 'online';
    connect.addEventListener('click', () => connectContact(contact));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove ${contact.name}`);
    remove.addEventListener('click', () => {
      removeContact(contact.id);
      dropContactLink(contact.id);
      contactState.online.delete(contact.id);
      register();
    });
    actions.append(connect, remove);
    list.append(item);
  }
}

function contactLink(contact, peerId, initiator = false) {
  const existing = contactState.links.get(contact.id);
  if (existing && existing.peerId === peerId) return existing.link;
  if (existing) dropContactLink(contact.id);
  const key = [...contactState.byKey].find(([, c]) => c.id === contact.id)?.[0];
  const link = new PeerLink({
    polite: signaling.peerId > peerId,
    initiator,
    iceServers: settings.iceServers,
    // A contact may be online in several tabs: toPeer tells the others to ignore this exchange.
    sendSignal: (data) => signaling.send({ type: 'signal', to: key, data: { ...data, toPeer: peerId } }),
  });
  link.addEventListener('state', () => {
    renderContacts();
    if (link.state === 'failed') notice(`Connection to ${contact.name} failed.`);
  });
  link.addEventListener('chat', (event) => addMessage(event.detail, false, contact.name));
  link.addEventListener('failure', (event) => notice(`${contact.name}: ${event.detail}`));
  contactState.links.set(contact.id, { link, peerId });
  renderContacts();
  return link;
}

function dropContactLink(contactId) {
  const entry = contactState.links.get(contactId);
  if (entry) {
    entry.link.close();
    contactState.links.delete(contactId);
  }
  renderContacts();
}

function connectContact(contact) {
  const peers = contactState.online.get(contact.id);
  if (!peers || peers.size === 0) {
    notice(`${contact.name} is offline.`);
    return;
  }
  notice('');
  contactLink(contact, [...peers][0], true);
}

// One registration at a time: a second request waits for the first, so hellos never cross.
function register() {
  contactState.registering = contactState.registering.then(registerNow).catch((error) => notice(String(error)));
  return contactState.registering;
}

async function registerNow() {
  const contacts = loadContacts();
  renderContacts();
  if (contacts.length === 0) {
    $('registration-status').textContent = '';
    return;
  }
  const hourId = unitAt(settings.unitSeconds);
  const device = fromBase64Url(deviceSecret());
  const byKey = new Map();
  for (const contact of contacts) byKey.set(await contactKeyFor(fromBase64Url(contact.secret), hourId), contact);
  const userId = await userIdFor(device, hourId);
  const signer = await signingKeyFor(device, hourId);
  const body = { ephemeralContactKeysList: [...byKey.keys()], tempEphemeralUserId: userId, hourId };
  if (signer) body.publicKey = signer.publicKey;
  let response;
  try {
    response = await fetch('/register', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    $('registration-status').textContent = 'Server unreachable: registration will be retried.';
    setTimeout(register, 5000);
    return;
  }
  if (response.status !== 202) {
    const problem = await response.json().catch(() => ({}));
    $('registration-status').textContent = `Registration refused (${response.status}): ${problem.detail || 'unknown reason'}`;
    return;
  }
  contactState.hourId = hourId;
  contactState.byKey = byKey;
  contactState.signer = signer;
  contactState.wantedHello = { type: 'hello', userId, hourId, contactKeys: [...byKey.keys()] };
  $('registration-status').textContent = `Registered for this ${settings.unitSeconds === 3600 ? 'hour' : 'unit'}.`;
  scheduleRollover();
  signaling.start();
  hello();
}

/** Sends the wanted hello unless the connection is bound with it already or another hello awaits its answer. */
function hello() {
  const wanted = contactState.wantedHello;
  if (!wanted || contactState.helloInFlight || !signaling.connected) return;
  if (JSON.stringify(wanted) === contactState.boundAs) return;
  contactState.helloInFlight = { hello: wanted, signer: contactState.signer };
  signaling.send(wanted);
}

function scheduleRollover() {
  clearTimeout(contactState.rolloverTimer);
  const nextUnitMs = (unitAt(settings.unitSeconds) + 1) * settings.unitSeconds * 1000;
  contactState.rolloverTimer = setTimeout(register, Math.max(1000, nextUnitMs - Date.now() + 500));
}

function contactOnline(contactKey, peerId, online) {
  const contact = contactState.byKey.get(contactKey);
  if (!contact) return;
  const peers = contactState.online.get(contact.id) || new Set();
  if (online) peers.add(peerId);
  else {
    peers.delete(peerId);
    const entry = contactState.links.get(contact.id);
    if (entry && entry.peerId === peerId) dropContactLink(contact.id);
  }
  contactState.online.set(contact.id, peers);
  renderContacts();
}

signaling.addEventListener('challenge', async ({ detail }) => {
  const inFlight = contactState.helloInFlight;
  if (!inFlight || !inFlight.signer) return;
  signaling.send({ ...inFlight.hello, signature: await inFlight.signer.sign(detail.nonce) });
});
signaling.addEventListener('bound', ({ detail }) => {
  contactState.boundAs = contactState.helloInFlight ? JSON.stringify(contactState.helloInFlight.hello) : null;
  contactState.helloInFlight = null;
  // Additive: a contact-online may have arrived before bound.
  for (const { contactKey, peerId } of detail.online) contactOnline(contactKey, peerId, true);
  renderContacts();
});
signaling.addEventListener('contact-online', ({ detail }) => contactOnline(detail.contactKey, detail.peerId, true));
signaling.addEventListener('contact-offline', ({ detail }) => contactOnline(detail.contactKey, detail.peerId, false));
signaling.addEventListener('bound', () => hello()); // the registration may have moved on meanwhile
signaling.addEventListener('rebind', () => {
  contactState.boundAs = null;
  register();
});

// ---------- signals, errors, connection ----------
signaling.addEventListener('signal', ({ detail }) => {
  const data = detail.data || {};
  if (detail.room !== undefined) {
    if (detail.room === room.name) roomLink(detail.from).handleSignal(data);
    return;
  }
  if (detail.contactKey) {
    if (data.toPeer && data.toPeer !== signaling.peerId) return;
    const contact = contactState.byKey.get(detail.contactKey);
    if (contact) contactLink(contact, detail.from).handleSignal(data);
  }
});

const HELLO_ERRORS = new Set(['bad-signature', 'not-registered', 'unknown-contact-key', 'contact-key-busy', 'bad-message']);

signaling.addEventListener('error', ({ detail }) => {
  if (contactState.helloInFlight && HELLO_ERRORS.has(detail.code)) contactState.helloInFlight = null;
  const messages = {
    'room-full': 'That room is full.',
    unreachable: 'Your contact is offline.',
    'not-registered': 'Registration expired; registering again.',
  };
  notice(messages[detail.code] || `Server: ${detail.message}`);
  if (detail.code === 'not-registered') register();
});

signaling.addEventListener('open', () => {
  setServerState('connected', 'Connected');
  notice('');
  if (room.name) signaling.send({ type: 'join', room: room.name });
  hello();
});
signaling.addEventListener('close', ({ detail }) => {
  if (detail.code === 4002) setServerState('idle', 'Idle');
  else setServerState('unreachable', 'Server unreachable, retrying…');
  for (const peerId of [...room.links.keys()]) dropRoomLink(peerId);
  contactState.helloInFlight = null;
  contactState.boundAs = null;
  contactState.online.clear();
  renderContacts();
});

// ---------- forms ----------
$('tab-room').addEventListener('click', () => showMode('room'));
$('tab-contacts').addEventListener('click', () => showMode('contacts'));
$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('room-name').value.trim();
  if (name) joinRoom(name);
});
$('room-random').addEventListener('click', () => joinRoom(newSecret().slice(0, 12)));
$('room-leave').addEventListener('click', leaveRoom);
$('new-contact').addEventListener('click', () => {
  const secret = newSecret();
  addContact(secret);
  $('invite').hidden = false;
  $('invite-link').value = `${location.origin}/#invite=${secret}`;
  $('invite-link').select();
  register();
});
$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('chat-input').value;
  if (!text) return;
  const links = mode === 'room' ? [...room.links.values()] : [...contactState.links.values()].map((e) => e.link);
  const sent = links.filter((link) => link.send(text)).length;
  if (sent === 0) {
    notice(mode === 'room' ? 'No peer is connected yet.' : 'Connect to a contact first.');
    return;
  }
  addMessage(text, true);
  $('chat-input').value = '';
});

// Leaving or reloading the page: close every link now rather than when the page is collected.
window.addEventListener('pagehide', () => {
  for (const link of room.links.values()) link.close();
  for (const { link } of contactState.links.values()) link.close();
});

// ---------- start ----------
function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has('invite')) {
    const secret = params.get('invite');
    history.replaceState(null, '', location.pathname);
    if (/^[A-Za-z0-9_-]{43}$/.test(secret)) {
      addContact(secret);
      showMode('contacts');
      notice('');
      register();
    } else {
      notice('This invite link is damaged.');
    }
  } else if (params.has('room')) {
    showMode('room');
    joinRoom(params.get('room'));
  }
}

async function start() {
  try {
    const response = await fetch('/config');
    if (response.ok) settings = await response.json();
  } catch {
    setServerState('unreachable', 'Server unreachable');
  }
  renderRoom();
  renderContacts();
  window.addEventListener('hashchange', route);
  signaling.start();
  route();
  if (loadContacts().length > 0) register();
}

start();
