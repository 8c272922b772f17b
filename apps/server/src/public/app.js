// Triad's one script: the live timeline (Server-Sent Events), moving task cards as they change state, and confirmations.
// Everything works without it except the live updates.
(() => {
  const ACTORS = { lead: 'Lead', 'co-lead': 'Co-Lead', cio: 'CIO', human: 'Human', tool: 'Tool', system: 'System' };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function timelineItem(event) {
    const item = el('li', `event actor-${event.actor} fresh`);
    item.dataset.id = event.id || '';
    const time = el('time', '', (event.at || '').slice(11, 16));
    time.dateTime = event.at || '';
    showTime(time, Date.now());
    item.append(time, el('span', 'actor', ACTORS[event.actor] || event.actor), el('span', 'message', event.message));
    return item;
  }

  // "3 min ago" in the text, the viewer's own local date and time on hover.
  function relative(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 45) return 'just now';
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `${minutes} min ago`;
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return `${hours} h ${minutes % 60} min ago`;
    return `${Math.floor(hours / 24)} d ${hours % 24} h ago`;
  }

  function showTime(time, now) {
    const at = Date.parse(time.dateTime);
    if (Number.isNaN(at)) return;
    time.textContent = relative(now - at);
    time.title = new Date(at).toLocaleString();
  }

  function refreshTimes() {
    const now = Date.now();
    for (const time of document.querySelectorAll('time[datetime]')) showTime(time, now);
  }

  // The time left, counted down each second (as the server writes it: 7h30m left, 4m10s left).
  function leftText(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const d = Math.floor(total / 86400);
    const h = Math.floor((total % 86400) / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (d > 0) return `${d}d${h}h left`;
    if (h > 0) return `${h}h${m}m left`;
    if (m > 0) return `${m}m${s}s left`;
    return `${s}s left`;
  }

  function countDown(box) {
    const deadline = Date.parse(box.dataset.deadline);
    const created = Date.parse(box.dataset.created);
    const text = box.querySelector('.muted');
    const bar = box.querySelector('progress');
    const tick = () => {
      const now = Date.now();
      if (text) text.textContent = leftText(deadline - now);
      if (bar && deadline > created)
        bar.value = Math.min(100, Math.round(((now - created) / (deadline - created)) * 100));
    };
    tick();
    return setInterval(tick, 1000);
  }

  function moveCard(event) {
    const to = event.data?.to;
    const card = event.taskId && document.getElementById(`task-${event.taskId}`);
    if (!to || !card) return false;
    const column = [...document.querySelectorAll('.board .column')].find((c) =>
      c.dataset.states.split(' ').includes(to),
    );
    if (!column) return false;
    card.dataset.state = to;
    const tag = card.querySelector('.tag');
    if (tag) {
      tag.className = `tag ${to}`;
      tag.textContent = to.replace('_', ' ');
    }
    column.querySelector('ol').append(card);
    for (const c of document.querySelectorAll('.board .column')) {
      const count = c.querySelectorAll('.task').length;
      c.querySelector('.count').textContent = String(count);
      c.toggleAttribute('data-empty', count === 0);
    }
    return true;
  }

  function follow(list) {
    const url = `${list.dataset.stream}?after=${encodeURIComponent(list.dataset.after || '0')}`;
    const source = new EventSource(url);
    let reloadSoon = false;
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      list.prepend(timelineItem(event));
      list.dataset.after = event.id;
      if (event.type === 'task.transition' && !moveCard(event)) reloadSoon = true;
      if (event.type === 'task.created' || event.type === 'approval.requested') reloadSoon = true;
      if (event.type === 'session.ended') {
        source.close();
        reloadSoon = true;
      }
      if (reloadSoon) scheduleReload();
    };
  }

  // New cards, a new approval or the end of the session change more than the timeline: redraw once things settle.
  let reloadTimer;
  function scheduleReload() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      if (!document.activeElement?.closest('form')) location.reload();
    }, 1500);
  }

  document.addEventListener('submit', (event) => {
    const message = event.target.dataset?.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  document.addEventListener('DOMContentLoaded', () => {
    refreshTimes();
    setInterval(refreshTimes, 30_000);
    const box = document.querySelector('.time-box[data-deadline]');
    if (box) countDown(box);
    const list = document.querySelector('#timeline[data-stream]');
    if (list && 'EventSource' in window) follow(list);
  });
})();
