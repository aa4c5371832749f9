// OpenLVA console: plain JavaScript, no library, nothing fetched from outside this server.
'use strict';
const $ = (s, e) => (e || document).querySelector(s);
const el = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => k === 'class' ? e.className = v : k.startsWith('on') ? e[k] = v : e.setAttribute(k, v));
  kids.flat().forEach(k => e.append(k instanceof Node ? k : document.createTextNode(k == null ? '' : String(k))));
  return e;
};
async function api(path, options) {
  const r = await fetch(path, Object.assign({ credentials: 'same-origin' }, options || {}));
  if (r.status === 401) { location.href = '/console/login.html'; throw new Error('login'); }
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
  return { status: r.status, body };
}
const timers = [];
function every(ms, fn) { fn(); timers.push(setInterval(fn, ms)); }
function stopTimers() { while (timers.length) clearInterval(timers.pop()); }

// ---- Pipelines
async function loadPipelines() {
  const [topologies, instances] = await Promise.all([api('/api/topologies'), api('/api/instances')]);
  const ib = $('#instances tbody'); ib.replaceChildren();
  for (const i of (instances.body && instances.body.value) || []) {
    const state = i.properties.state;
    const act = (what) => async () => {
      const r = await api('/api/instances/' + encodeURIComponent(i.name) + '/' + what, { method: 'POST' });
      if (r.status >= 300) alert(JSON.stringify(r.body));
      loadPipelines();
    };
    ib.append(el('tr', { id: 'instance-' + i.name, 'data-state': state },
      el('td', {}, i.name), el('td', {}, i.properties.topologyName), el('td', { class: 'state' }, state),
      el('td', {},
        el('button', { class: 'activate', onclick: act('activate') }, 'Activate'), ' ',
        el('button', { class: 'deactivate', onclick: act('deactivate') }, 'Deactivate'), ' ',
        el('button', { class: 'delete', onclick: async () => {
          if (!confirm('Delete instance ' + i.name + '?')) return;
          const r = await api('/api/instances/' + encodeURIComponent(i.name), { method: 'DELETE' });
          if (r.status >= 300) alert(JSON.stringify(r.body));
          loadPipelines();
        } }, 'Delete'))));
  }
  const tb = $('#topologies tbody'); tb.replaceChildren();
  for (const t of (topologies.body && topologies.body.value) || []) {
    const p = t.properties || {};
    const n = (p.sources || []).length + (p.processors || []).length + (p.sinks || []).length;
    tb.append(el('tr', { id: 'topology-' + t.name }, el('td', {}, t.name), el('td', {}, p.description || ''), el('td', {}, n),
      el('td', {}, el('button', { onclick: async () => {
        if (!confirm('Delete topology ' + t.name + '?')) return;
        const r = await api('/api/topologies/' + encodeURIComponent(t.name), { method: 'DELETE' });
        if (r.status >= 300) alert(JSON.stringify(r.body));
        loadPipelines();
      } }, 'Delete'))));
  }
}
function pastedKind() { return document.querySelector('input[name=kind]:checked').value; }
// Shows LVA's error details next to the node they name (target properties.<group>[i]...), the rest above.
function showValidation(doc, result) {
  const out = $('#validation'); out.replaceChildren();
  const details = (result.body && result.body.error && result.body.error.details) || [];
  const general = el('ul', { id: 'general-errors' });
  if (result.status >= 300 && result.body && result.body.error) {
    general.append(el('li', { class: 'error' }, el('code', {}, result.body.error.code), ' ', result.body.error.message));
  }
  const byNode = new Map();
  for (const d of details) {
    const m = /^properties\.(sources|processors|sinks)\[(\d+)\]/.exec(d.target || '');
    const node = m && doc && doc.properties && (doc.properties[m[1]] || [])[Number(m[2])];
    if (node) {
      const key = m[1] + '[' + m[2] + ']';
      if (!byNode.has(key)) byNode.set(key, []);
      byNode.get(key).push(d);
    } else {
      general.append(el('li', { class: 'error' }, el('code', {}, d.code), ' ', d.target || '', ': ', d.message));
    }
  }
  out.append(general);
  if (doc && doc.properties) {
    const list = el('ul', { id: 'pasted-nodes' });
    for (const group of ['sources', 'processors', 'sinks']) {
      (doc.properties[group] || []).forEach((n, i) => {
        const errs = byNode.get(group + '[' + i + ']') || [];
        list.append(el('li', { class: 'pasted-node', 'data-node': n && n.name },
          el('strong', {}, (n && n.name) || '(no name)'), ' ', el('span', {}, (n && n['@type']) || ''),
          errs.map(d => el('div', { class: 'node-error' }, el('code', { class: 'error-code' }, d.code), ' ', d.message))));
      });
    }
    out.append(list);
  }
  $('#graph-result').textContent = result.status < 300 ? 'valid' : 'invalid';
  $('#graph-result').className = result.status < 300 ? 'ok' : 'error';
}
async function validatePasted(save) {
  let doc = null;
  try { doc = JSON.parse($('#graph-json').value); } catch (e) {
    showValidation(null, { status: 400, body: { error: { code: 'InvalidResource', message: 'not JSON: ' + e.message } } });
    return;
  }
  const kind = pastedKind();
  let r = await api('/api/console/validate/' + kind, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
  if (r.status < 300 && save) {
    r = await api('/api/' + (kind === 'topology' ? 'topologies' : 'instances') + '/' + encodeURIComponent(doc.name),
      { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
    loadPipelines();
  }
  showValidation(doc, r);
}

// ---- Live
function drawPreview(canvas, data) {
  const f = data.frame;
  const ctx = canvas.getContext('2d');
  const boxes = [];
  const det = data.detections && data.detections.body && data.detections.body.inferences || [];
  det.filter(i => i.type === 'entity' && i.entity && i.entity.box).forEach(i => boxes.push({ kind: 'entity', box: i.entity.box,
    label: i.entity.tag.value + ' ' + Math.round(i.entity.tag.confidence * 100) + '%' }));
  const motion = (f && f.inferences) || (data.motion && data.motion.body && data.motion.body.inferences) || [];
  motion.filter(i => i.type === 'motion' && i.motion && i.motion.box).forEach(i => boxes.push({ kind: 'motion', box: i.motion.box }));
  const render = (img) => {
    const w = f ? f.pictureWidth : 640, h = f ? f.pictureHeight : 360;
    canvas.width = w; canvas.height = h;
    if (!img) {
      ctx.fillStyle = '#000'; ctx.fillRect(0, 0, w, h); ctx.fillStyle = '#fff';
      ctx.fillText('waiting for a frame (instances with an extension node only)', 10, 20);
      canvas.dataset.boxes = '0';
      return;
    }
    ctx.drawImage(img, f.pictureX, f.pictureY, w, h, 0, 0, w, h);
    ctx.lineWidth = 2; ctx.font = '14px sans-serif';
    let drawn = 0;
    for (const b of boxes) {
      const x = b.box.l * w, y = b.box.t * h, bw = b.box.w * w, bh = b.box.h * h;
      ctx.strokeStyle = b.kind === 'entity' ? '#00e676' : '#ffab00';
      ctx.strokeRect(x, y, bw, bh);
      if (b.label) { ctx.fillStyle = '#00e676'; ctx.fillText(b.label, x + 3, Math.max(14, y - 3)); }
      if (b.kind === 'entity') drawn++;
    }
    canvas.dataset.boxes = String(drawn);
    canvas.dataset.frames = String(Number(canvas.dataset.frames || 0) + 1);
  };
  if (!f) { render(null); return; }
  const img = new Image();
  img.onload = () => render(img);
  img.src = f.image;
}
async function loadLive() {
  const instances = await api('/api/instances');
  const active = ((instances.body && instances.body.value) || []).filter(i => i.properties.state === 'Active');
  const box = $('#previews'); box.replaceChildren();
  if (!active.length) box.append(el('p', {}, 'No active instance.'));
  for (const i of active) {
    const canvas = el('canvas', { id: 'preview-' + i.name, width: 640, height: 360 });
    const labels = el('ul', { class: 'detections' });
    box.append(el('div', { class: 'preview' }, el('h3', {}, i.name), canvas, labels));
    every(700, async () => {
      const r = await api('/api/console/live/' + encodeURIComponent(i.name));
      if (r.status !== 200) return;
      drawPreview(canvas, r.body);
      const inf = r.body.detections && r.body.detections.body.inferences || [];
      labels.replaceChildren(...inf.filter(x => x.type === 'entity').map(x =>
        el('li', {}, x.entity.tag.value + ' ' + x.entity.tag.confidence)));
    });
  }
  openFeed();
}
let feed = null;
function openFeed() {
  if (feed) return;
  feed = new EventSource('/api/console/events/live');
  feed.onmessage = (m) => {
    const e = JSON.parse(m.data);
    const list = $('#feed');
    list.prepend(el('li', {}, e.eventTime + ' ' + e.instance + '/' + (e.node || '') + ' ' + e.eventType.split('.').pop() + ' ' + (e.labels || []).join(', ')));
    while (list.children.length > 200) list.lastChild.remove();
  };
}
function closeFeed() { if (feed) { feed.close(); feed = null; } }

// ---- Events
function summary(e) {
  if (e.labels && e.labels.length) return e.labels.join(', ');
  const b = e.body || {};
  if (b.outputLocation) return b.outputLocation;
  if ((b.inferences || []).some(i => i.type === 'motion')) return 'motion';
  return JSON.stringify(b).slice(0, 120);
}
async function loadEvents() {
  const q = new URLSearchParams();
  new FormData($('#event-filter')).forEach((v, k) => { if (v) q.set(k, v); });
  const r = await api('/api/console/events?' + q);
  const tb = $('#events tbody'); tb.replaceChildren();
  for (const e of (r.body && r.body.value) || []) {
    tb.append(el('tr', {}, el('td', {}, e.eventTime), el('td', {}, e.instance), el('td', {}, e.node || ''),
      el('td', {}, e.eventType.split('.').pop()), el('td', {}, summary(e)),
      el('td', {}, el('a', { href: '#recordings?instance=' + encodeURIComponent(e.instance) + '&at=' + encodeURIComponent(e.eventTime) }, 'clip'))));
  }
}

// ---- Recordings
function play(rec) {
  const v = $('#player');
  v.src = '/api/console/recordings/file?path=' + encodeURIComponent(rec.path);
  $('#player-title').textContent = rec.path;
  v.play().catch(() => {});
}
async function loadRecordings(params) {
  const r = await api('/api/console/recordings');
  const tb = $('#recordings tbody'); tb.replaceChildren();
  const list = (r.body && r.body.value) || [];
  if (r.status !== 200) tb.append(el('tr', {}, el('td', { class: 'error', colspan: 6 }, JSON.stringify(r.body))));
  const at = params.get('at') ? Date.parse(params.get('at')) : null;
  let covering = null;
  for (const rec of list) {
    const start = Date.parse(rec.start), end = start + rec.lengthSeconds * 1000;
    const hit = at != null && (!params.get('instance') || params.get('instance') === rec.instance)
      && at >= start - 2000 && at <= end + 2000;
    if (hit && !covering) covering = rec;
    tb.append(el('tr', { class: hit ? 'recording selected' : 'recording' }, el('td', {}, rec.start),
      el('td', {}, rec.lengthSeconds.toFixed(1) + ' s'), el('td', {}, (rec.size / 1048576).toFixed(2) + ' MiB'),
      el('td', {}, rec.instance + ' / ' + rec.node), el('td', {}, rec.path.split('/').pop()),
      el('td', {}, el('button', { class: 'play', onclick: () => play(rec) }, 'Play'))));
  }
  if (at != null) $('#player-title').textContent = covering ? '' : 'no clip covers ' + params.get('at');
  if (covering) play(covering);
}

// ---- Health
async function loadHealth() {
  const r = await api('/api/console/health');
  const sb = $('#services tbody'); sb.replaceChildren();
  for (const s of (r.body && r.body.services) || []) {
    sb.append(el('tr', { 'data-service': s.name }, el('td', {}, s.name), el('td', { class: s.status === 'UP' ? 'ok' : 'error' }, s.status), el('td', {}, s.reason)));
  }
  const nb = $('#nodes tbody'); nb.replaceChildren();
  for (const n of (r.body && r.body.nodes) || []) {
    const m = Object.entries(n.metrics).filter(([, v]) => v != null).map(([k, v]) => k.replace(/^openlva_/, '') + ': ' + v);
    nb.append(el('tr', {}, el('td', {}, n.service), el('td', {}, n.instance), el('td', {}, n.node), el('td', {}, m.join('  ·  '))));
  }
}

// ---- pages
const pages = {
  pipelines: () => every(3000, loadPipelines),
  live: () => loadLive(),
  events: () => loadEvents(),
  recordings: (p) => loadRecordings(p),
  health: () => every(5000, loadHealth),
};
function route() {
  stopTimers(); closeFeed();
  const [name, query] = (location.hash.slice(1) || 'pipelines').split('?');
  const page = pages[name] ? name : 'pipelines';
  document.querySelectorAll('.page').forEach(p => p.classList.toggle('shown', p.id === 'page-' + page));
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.id === 'nav-' + page));
  pages[page](new URLSearchParams(query || ''));
}
$('#validate').onclick = () => validatePasted(false);
$('#save').onclick = () => validatePasted(true);
$('#event-filter').onsubmit = (ev) => { ev.preventDefault(); loadEvents(); };
window.addEventListener('hashchange', route);
route();
