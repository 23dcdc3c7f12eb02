/**
 * `GET /_sandbox/phone/{waId}`: the simulated customer's WhatsApp chat with the business, as a page. Type as
 * the customer, tap the reply buttons of a message or a template, open a list message and tap a row, send an image; ticks show what the business's messages
 * reached. With the console in another tab a newcomer sees both ends of a conversation. Demo and tests only:
 * the sandbox is never a production server.
 */

/** The page's HTML for one customer (the number is escaped into the page). */
export function phonePage(waId: string): string {
  const safe = waId.replace(/[^0-9A-Za-z.]/g, '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phone of +${safe}</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;background:#efeae2;display:flex;flex-direction:column;height:100vh}
header{background:#075e54;color:#fff;padding:.7rem 1rem;font-weight:600}
ol{list-style:none;margin:0;padding:1rem;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:.4rem}
li{max-width:75%;padding:.4rem .6rem;border-radius:8px;background:#fff;white-space:pre-wrap}
li.inbound{align-self:flex-end;background:#d9fdd3}
li small{display:block;text-align:right;color:#555;font-size:.75rem}
li .menu{display:flex;flex-direction:column;gap:.3rem;margin-top:.3rem}
li .menu h3{margin:.2rem 0 0;font-size:.8rem;color:#555}
li .menu button{margin:0;text-align:left;border-radius:8px}
li .menu small{text-align:left}
li button{margin:.3rem .3rem 0 0;background:#fff;border:1px solid #075e54;color:#075e54;border-radius:1rem;padding:.2rem .7rem;font:inherit;cursor:pointer}
form{display:flex;gap:.4rem;padding:.6rem;background:#f0f0f0}
input{flex:1;font:inherit;padding:.5rem;border:1px solid #888;border-radius:1.2rem}
form button{font:inherit;border:0;border-radius:1.2rem;padding:.5rem 1rem;background:#075e54;color:#fff;cursor:pointer}
</style></head>
<body>
<header>WhatsApp · +${safe}</header>
<ol id="chat" aria-label="Chat with the business" aria-live="polite"></ol>
<form id="compose"><input id="text" aria-label="Type a message" autocomplete="off" required>
<button type="submit">Send</button><button type="button" id="image">Send an image</button></form>
<script type="module">
const waId = ${JSON.stringify(safe)};
const url = '/_sandbox/customers/' + waId + '/messages';
const chat = document.getElementById('chat');
const ticks = { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓ read', failed: '⚠ failed' };
async function send(body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) alert((await response.json()).error?.message ?? response.statusText);
  await refresh();
}
function tap(message, choice) {
  if (message.type === 'template') return send({ type: 'button', button: { text: choice.text, payload: choice.payload }, context: { id: message.id } });
  return send({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: choice.payload, title: choice.text } }, context: { id: message.id } });
}
function pick(message, row) {
  return send({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) } }, context: { id: message.id } });
}
function button(label, onclick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  element.onclick = onclick;
  return element;
}
// The list message whose menu is open; kept across redraws.
let opened = null;
function listMenu(m) {
  const open = opened === m.id;
  const toggle = button(m.list.button || 'Options', () => { opened = open ? null : m.id; shown = ''; refresh(); });
  toggle.setAttribute('aria-expanded', String(open));
  if (!open) return [toggle];
  const menu = document.createElement('div');
  menu.className = 'menu';
  menu.setAttribute('role', 'group');
  menu.setAttribute('aria-label', m.list.button || 'Options');
  for (const section of m.list.sections) {
    if (section.title) menu.append(Object.assign(document.createElement('h3'), { textContent: section.title }));
    for (const row of section.rows) {
      const choice = button(row.title, () => { opened = null; pick(m, row); });
      if (row.description) choice.append(Object.assign(document.createElement('small'), { textContent: row.description }));
      menu.append(choice);
    }
  }
  return [toggle, menu];
}
let shown = '';
async function refresh() {
  const { data } = await (await fetch(url)).json();
  const key = JSON.stringify(data.map((m) => [m.id, m.status]));
  if (key === shown) return;
  shown = key;
  chat.replaceChildren(...data.map((m) => {
    const li = document.createElement('li');
    li.className = m.direction === 'outbound' ? 'business' : 'inbound';
    li.append(m.text || '[' + m.type + ']');
    for (const choice of m.buttons ?? []) li.append(button(choice.text, () => tap(m, choice)));
    if (m.list) li.append(...listMenu(m));
    const meta = document.createElement('small');
    meta.textContent = new Date(m.timestamp).toLocaleTimeString() + (m.direction === 'inbound' ? ' ' + (ticks[m.status] ?? '') : '');
    li.append(meta);
    return li;
  }));
  chat.scrollTop = chat.scrollHeight;
}
document.getElementById('compose').onsubmit = (event) => {
  event.preventDefault();
  const input = document.getElementById('text');
  const body = input.value;
  input.value = '';
  send({ type: 'text', text: { body } });
};
document.getElementById('image').onclick = () => send({ type: 'image', image: { caption: document.getElementById('text').value || 'Photo' } });
refresh();
setInterval(refresh, 700);
</script></body></html>`;
}
