// The Hourglass page: room, contacts and groups modes over one signaling connection.
import { Signaling } from './signaling.js';
import { PeerLink } from './rtc.js';
import { contactKeyFor, fromBase64Url, signingKeyFor, unitAt, userIdFor } from './ids.js';
import { addContact, deviceSecret, loadContacts, newSecret, removeContact } from './contacts.js';
import {
  admissionMessage, authMessage, chainAdmits, descriptionMessage, deviceKey, fingerprint, foundGroup, invitationLink,
  loadGroups, newInvitationSecret, parseInvitation, removeGroup, saveGroup, verify,
} from './groups.js';
import qrcode from './qrcode.js';

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
  for (const name of ['room', 'contacts', 'groups']) {
    $(`${name}-view`).hidden = next !== name;
    $(`tab-${name}`).setAttribute('aria-selected', String(next === name));
  }
  if (next === 'groups') showDevice();
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

// ---------- groups mode (realms) ----------
// realm -> { group (as stored), joined, identity, members: Map identity -> { key, link, queue } }
const groupState = { live: new Map(), selected: null, nonce: null, challenging: false };

function qrInto(image, text) {
  const code = qrcode(0, 'M');
  code.addData(text);
  code.make();
  image.src = code.createDataURL(4, 2);
}

async function showDevice() {
  try {
    const me = await deviceKey();
    $('my-fingerprint').textContent = fingerprint(me.identity);
    $('device-key-state').textContent = me.extractable ? '' : '(key kept in this browser, not extractable)';
    if ($('device-code').value !== me.key) {
      $('device-code').value = me.key;
      qrInto($('device-qr'), me.key);
    }
  } catch (error) {
    $('my-fingerprint').textContent = 'unavailable';
    notice(`This browser cannot make an Ed25519 device key: ${error.message || error}`);
  }
}

function liveGroup(group) {
  let live = groupState.live.get(group.realm);
  if (!live) {
    live = { group, joined: false, identity: null, members: new Map() };
    groupState.live.set(group.realm, live);
  }
  live.group = group;
  return live;
}

function renderGroups() {
  const list = $('group-list');
  list.replaceChildren();
  const groups = loadGroups();
  if (groups.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'No groups yet. Make one with “New group”, or join with an invitation.';
    list.append(empty);
  }
  for (const group of groups) {
    const live = groupState.live.get(group.realm);
    const item = document.createElement('li');
    item.dataset.realm = group.realm;
    item.dataset.selected = String(groupState.selected === group.realm);
    item.dataset.state = live && live.joined ? 'joined' : group.chain ? 'offline' : group.invitation ? 'joining' : 'unconfirmed';
    item.innerHTML = '<div class="row"><span class="name"></span><span class="state"></span><button type="button" class="select">Chat here</button>'
      + '<button type="button" class="invite">Invite by link</button><input class="invitee" placeholder="or paste a device code" aria-label="Device code to invite">'
      + '<button type="button" class="invite-device">Invite device</button><button type="button" class="leave">Leave</button></div><ul class="members"></ul>';
    item.querySelector('.name').textContent = group.name;
    item.querySelector('.state').textContent = {
      joined: 'joined', offline: 'not connected', joining: 'joining…', unconfirmed: 'waiting for a member to confirm this device',
    }[item.dataset.state];
    item.querySelector('.select').addEventListener('click', () => selectGroup(group.realm));
    item.querySelector('.invite').addEventListener('click', () => inviteByLink(group.realm));
    item.querySelector('.invite-device').addEventListener('click', () => inviteDevice(group.realm, item.querySelector('.invitee').value.trim()));
    item.querySelector('.leave').addEventListener('click', () => leaveGroup(group.realm));
    const members = item.querySelector('.members');
    for (const [identity, member] of live ? live.members : []) {
      const entry = document.createElement('li');
      entry.dataset.identity = identity;
      entry.dataset.state = member.link ? member.link.state : 'online';
      entry.innerHTML = '<span class="fingerprint"></span><span class="state"></span>';
      entry.querySelector('.fingerprint').textContent = fingerprint(identity);
      entry.querySelector('.state').textContent = entry.dataset.state;
      members.append(entry);
    }
    list.append(item);
  }
}

function selectGroup(realm) {
  groupState.selected = realm;
  renderGroups();
}

/** Authenticates every kept group once this connection has its nonce (asked for at most once per connection). */
function authenticateGroups() {
  const groups = loadGroups().filter((g) => g.chain || g.invitation);
  if (groups.length === 0 || !signaling.connected) return;
  if (!groupState.nonce) {
    if (!groupState.challenging) {
      groupState.challenging = true;
      signaling.send({ type: 'realm-challenge' });
    }
    return;
  }
  for (const group of groups) {
    const live = liveGroup(group);
    if (!live.joined && !live.asked) authenticate(live);
  }
}

async function authenticate(live) {
  live.asked = true;
  const me = await deviceKey();
  const { realm, founder, salt, chain, invitation } = live.group;
  const proof = await me.sign(authMessage(realm, fromBase64Url(groupState.nonce)));
  if (founder === me.key) {
    signaling.send({ type: 'realm-create', salt, key: me.key, proof });
  } else if (chain) {
    signaling.send({ type: 'realm-auth', realm, founder, salt, key: me.key, chain, proof });
  } else if (invitation) {
    signaling.send({ type: 'realm-accept', realm, founder, salt, key: me.key, invitation, proof });
  }
}

function memberLink(live, identity, key, initiator) {
  let member = live.members.get(identity);
  if (!member) {
    member = { key, link: null, inbox: Promise.resolve(), outbox: Promise.resolve() };
    live.members.set(identity, member);
  }
  if (member.link) return member;
  const realm = live.group.realm;
  const link = new PeerLink({
    polite: live.identity > identity,
    initiator,
    iceServers: settings.iceServers,
    // Descriptions go out signed for this realm and this recipient (skypod signs its SDP too), in the order made.
    sendSignal: (data) => {
      member.outbox = member.outbox.then(async () => {
        const signed = data.description
          ? { ...data, sdpSignature: await (await deviceKey()).sign(descriptionMessage(realm, identity, data.description.sdp)) }
          : data;
        signaling.send({ type: 'realm-signal', realm, to: identity, data: signed });
      });
    },
  });
  link.addEventListener('state', renderGroups);
  link.addEventListener('chat', (event) => addMessage(event.detail, false, fingerprint(identity)));
  link.addEventListener('failure', (event) => notice(`${fingerprint(identity)}: ${event.detail}`));
  member.link = link;
  renderGroups();
  return member;
}

function dropMember(live, identity) {
  const member = live.members.get(identity);
  if (member) {
    if (member.link) member.link.close();
    live.members.delete(identity);
  }
  renderGroups();
}

/** A device admitted by an unsigned invitation asks each member it meets to sign its admission. */
function askEndorsement(live, identity) {
  if (!live.group.chain) signaling.send({ type: 'realm-signal', realm: live.group.realm, to: identity, data: { endorse: 'request' } });
}

async function newGroup() {
  try {
    const group = await foundGroup(`Group ${loadGroups().length + 1}`);
    groupState.selected = group.realm;
    renderGroups();
    signaling.start();
    authenticateGroups();
  } catch (error) {
    notice(`No group: ${error.message || error}`);
  }
}

function inviteByLink(realm, key, admission) {
  const live = groupState.live.get(realm);
  if (!live || !live.joined) {
    notice('Connect to the group before inviting.');
    return;
  }
  const secret = newInvitationSecret();
  live.pendingInvitation = secret;
  const message = { type: 'realm-invite', realm, invitation: secret };
  if (key) Object.assign(message, { key, admission });
  signaling.send(message);
}

async function inviteDevice(realm, code) {
  const live = groupState.live.get(realm);
  if (!/^[A-Za-z0-9_-]{43}$/.test(code)) {
    notice('A device code is 43 characters: copy it from the other device’s Groups tab.');
    return;
  }
  if (!live || !live.group.chain) {
    notice('This device cannot admit others yet.');
    return;
  }
  // Bound and signed: only that device can redeem it, and it gets its chain at once (the QR-code flow).
  const admission = await (await deviceKey()).sign(admissionMessage(realm, fromBase64Url(code)));
  inviteByLink(realm, code, admission);
}

async function joinWith(text) {
  const group = await parseInvitation(text);
  if (!group) {
    notice('This is not a valid group invitation.');
    return;
  }
  const existing = loadGroups().find((g) => g.realm === group.realm);
  if (existing && existing.chain) {
    notice('This device is in that group already.');
    return;
  }
  saveGroup(group);
  groupState.selected = group.realm;
  showMode('groups');
  renderGroups();
  signaling.start();
  authenticateGroups();
}

function leaveGroup(realm) {
  const live = groupState.live.get(realm);
  if (live) {
    for (const identity of [...live.members.keys()]) dropMember(live, identity);
    if (live.joined) signaling.send({ type: 'realm-leave', realm });
    groupState.live.delete(realm);
  }
  removeGroup(realm);
  if (groupState.selected === realm) groupState.selected = null;
  renderGroups();
}

signaling.addEventListener('realm-challenge', ({ detail }) => {
  groupState.nonce = detail.nonce;
  groupState.challenging = false;
  authenticateGroups();
});
signaling.addEventListener('realm-joined', ({ detail }) => {
  const stored = loadGroups().find((g) => g.realm === detail.realm);
  if (!stored) return;
  if (detail.chain && !stored.chain) stored.chain = detail.chain;
  stored.invitation = null; // spent
  saveGroup(stored);
  const live = liveGroup(stored);
  live.joined = true;
  live.identity = detail.identity;
  groupState.selected ??= detail.realm;
  // The newcomer reaches out to everyone already there; the others answer.
  for (const { identity, key } of detail.online) {
    memberLink(live, identity, key, true);
    askEndorsement(live, identity);
  }
  renderGroups();
});
signaling.addEventListener('peer-joined', ({ detail }) => {
  const live = detail.realm && groupState.live.get(detail.realm);
  if (!live) return;
  memberLink(live, detail.identity, detail.key, false);
  askEndorsement(live, detail.identity);
});
signaling.addEventListener('peer-left', ({ detail }) => {
  const live = detail.realm && groupState.live.get(detail.realm);
  if (live) dropMember(live, detail.identity);
});
signaling.addEventListener('realm-invited', ({ detail }) => {
  const live = groupState.live.get(detail.realm);
  if (!live || !live.pendingInvitation) return;
  const link = invitationLink(live.group, live.pendingInvitation);
  live.pendingInvitation = null;
  $('group-invite').hidden = false;
  $('group-invite-link').value = link;
  qrInto($('group-invite-qr'), link);
});
signaling.addEventListener('realm-signal', ({ detail }) => {
  const live = groupState.live.get(detail.realm);
  const member = live && live.members.get(detail.from);
  if (!member) return;
  const data = detail.data || {};
  // In the order received, each after the one before it is handled (verification is asynchronous).
  member.inbox = member.inbox.then(() => onGroupSignal(live, detail.from, member, data)).catch((error) => notice(String(error)));
});

async function onGroupSignal(live, from, member, data) {
  const realm = live.group.realm;
  if (data.endorse === 'request') {
    if (!live.group.chain) return; // nothing to admit with yet
    const signature = await (await deviceKey()).sign(admissionMessage(realm, fromBase64Url(member.key)));
    signaling.send({ type: 'realm-signal', realm, to: from, data: { endorsement: { key: member.key, signature }, chain: live.group.chain } });
  } else if (data.endorsement) {
    if (live.group.chain || !Array.isArray(data.chain)) return;
    const me = await deviceKey();
    const chain = [...data.chain, data.endorsement];
    if (await chainAdmits(realm, live.group.founder, chain, me.key)) {
      live.group.chain = chain;
      saveGroup(live.group);
      renderGroups();
    }
  } else if (data.description) {
    const mine = live.identity;
    if (!(await verify(member.key, descriptionMessage(realm, mine, data.description.sdp), data.sdpSignature || ''))) {
      notice(`A session description from ${fingerprint(from)} did not verify against its key; ignored.`);
      return;
    }
    await member.link.handleSignal(data);
  } else if (data.candidate) {
    await member.link.handleSignal(data);
  }
}

function resetGroups() {
  groupState.nonce = null;
  groupState.challenging = false;
  for (const live of groupState.live.values()) {
    for (const identity of [...live.members.keys()]) dropMember(live, identity);
    live.joined = false;
    live.asked = false;
  }
  renderGroups();
}

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
  if (detail.realm) {
    const live = groupState.live.get(detail.realm);
    if (live && detail.code === 'realm-refused' && live.group.invitation && !live.group.chain) {
      // The invitation was spent, expired, or meant for another device: this device is not in the group.
      leaveGroup(detail.realm);
      notice('That invitation cannot be used (already used, expired, or for another device).');
      return;
    }
    if (live) live.asked = false;
  }
  if (contactState.helloInFlight && HELLO_ERRORS.has(detail.code)) contactState.helloInFlight = null;
  const messages = {
    'room-full': 'That room is full.',
    unreachable: 'Your contact is offline.',
    'not-registered': 'Registration expired; registering again.',
    'realm-refused': 'The group did not admit this device.',
    'realm-full': 'That group has as many members online as allowed.',
  };
  notice(messages[detail.code] || `Server: ${detail.message}`);
  if (detail.code === 'not-registered') register();
});

signaling.addEventListener('open', () => {
  setServerState('connected', 'Connected');
  notice('');
  if (room.name) signaling.send({ type: 'join', room: room.name });
  hello();
  authenticateGroups();
});
signaling.addEventListener('close', ({ detail }) => {
  if (detail.code === 4002) setServerState('idle', 'Idle');
  else setServerState('unreachable', 'Server unreachable, retrying…');
  for (const peerId of [...room.links.keys()]) dropRoomLink(peerId);
  contactState.helloInFlight = null;
  contactState.boundAs = null;
  contactState.online.clear();
  renderContacts();
  resetGroups();
});

// ---------- forms ----------
$('tab-room').addEventListener('click', () => showMode('room'));
$('tab-contacts').addEventListener('click', () => showMode('contacts'));
$('tab-groups').addEventListener('click', () => showMode('groups'));
$('new-group').addEventListener('click', newGroup);
$('group-join').addEventListener('click', () => joinWith($('group-paste').value));
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
  const group = groupState.live.get(groupState.selected);
  const links = mode === 'room' ? [...room.links.values()]
    : mode === 'groups' ? [...(group ? group.members.values() : [])].map((m) => m.link).filter(Boolean)
      : [...contactState.links.values()].map((e) => e.link);
  const sent = links.filter((link) => link.send(text)).length;
  if (sent === 0) {
    notice({ room: 'No peer is connected yet.', contacts: 'Connect to a contact first.', groups: 'No member of this group is connected yet.' }[mode]);
    return;
  }
  addMessage(text, true);
  $('chat-input').value = '';
});

// Leaving or reloading the page: close every link now rather than when the page is collected.
window.addEventListener('pagehide', () => {
  for (const link of room.links.values()) link.close();
  for (const { link } of contactState.links.values()) link.close();
  for (const live of groupState.live.values()) for (const member of live.members.values()) member.link?.close();
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
  } else if (params.has('group')) {
    const text = location.hash;
    history.replaceState(null, '', location.pathname);
    joinWith(text);
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
  renderGroups();
  window.addEventListener('hashchange', route);
  signaling.start();
  route();
  if (loadContacts().length > 0) register();
  if (loadGroups().length > 0) showMode('groups');
}

start();
