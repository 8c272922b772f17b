// Triad's one script: the live session page and approvals page (Server-Sent Events, no reloads), and confirmations.
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

  let countDownTimer;
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

  // Markup the server rendered (and escaped) for one element: a task card, an approval card.
  function fragment(text) {
    const template = document.createElement('template');
    template.innerHTML = text.trim();
    return template.content.firstElementChild;
  }

  // Fetches one piece of a page; the newest request per key wins, so a slow older answer never overwrites a newer one.
  const latest = new Map();
  async function fetchFragment(key, url) {
    const ticket = (latest.get(key) || 0) + 1;
    latest.set(key, ticket);
    const response = await fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
    if (latest.get(key) !== ticket || response.status !== 200) return undefined;
    return fragment(await response.text());
  }

  function recount() {
    for (const c of document.querySelectorAll('.board .column')) {
      const count = c.querySelectorAll('.task').length;
      c.querySelector('.count').textContent = String(count);
      c.toggleAttribute('data-empty', count === 0);
    }
  }

  function columnFor(state) {
    return [...document.querySelectorAll('.board .column')].find((c) => c.dataset.states.split(' ').includes(state));
  }

  // Puts a card in the column of its state, in place of the card it replaces.
  function placeCard(card) {
    const column = columnFor(card.dataset.state);
    if (!column) return;
    document.getElementById(card.id)?.remove();
    column.querySelector('ol').append(card);
    document.querySelector('.board')?.removeAttribute('hidden');
    document.getElementById('no-tasks')?.remove();
    recount();
  }

  // Moves the card at once (the event says where), then redraws it from the server (reason, commit, links).
  function moveCard(event) {
    const to = event.data?.to;
    const card = event.taskId && document.getElementById(`task-${event.taskId}`);
    if (!to || !card || !columnFor(to)) return;
    card.dataset.state = to;
    const tag = card.querySelector('.tag');
    if (tag) {
      tag.className = `tag ${to}`;
      tag.textContent = to.replace('_', ' ');
    }
    placeCard(card);
  }

  async function refreshCard(sessionId, taskId) {
    const card = await fetchFragment(
      `task-${taskId}`,
      `/sessions/${sessionId}/tasks/${encodeURIComponent(taskId)}/card`,
    );
    if (card) placeCard(card);
  }

  const TASK_EVENTS = new Set([
    'task.created',
    'task.transition',
    'approval.requested',
    'approval.decided',
    'commit.pushed',
  ]);

  function endSession(event) {
    const state = document.getElementById('session-state');
    if (state) {
      state.className = 'tag state-ended';
      state.textContent = event.data?.reason ? `ended · ${event.data.reason}` : 'ended';
    }
    clearInterval(countDownTimer);
    document.querySelector('form[action$="/stop"]')?.remove();
    const left = document.querySelector('.time-box .muted');
    if (left) left.textContent = 'ended';
    const noTasks = document.getElementById('no-tasks');
    if (noTasks) noTasks.textContent = 'The session planned no task.';
  }

  function showReport(sessionId) {
    if (document.getElementById('report-link')) return;
    const link = el('a', 'button', 'Read the report');
    link.href = `/sessions/${sessionId}/report`;
    link.id = 'report-link';
    const paragraph = el('p');
    paragraph.append(link);
    document.querySelector('.time-box')?.closest('section')?.append(paragraph);
  }

  // The session page applies each event where it belongs: the timeline, the card it is about, the session's state.
  function follow(list) {
    const sessionId = list.dataset.stream.split('/')[3];
    const url = `${list.dataset.stream}?after=${encodeURIComponent(list.dataset.after || '0')}`;
    const source = new EventSource(url);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      list.prepend(timelineItem(event));
      list.dataset.after = event.id;
      if (event.type === 'task.transition') moveCard(event);
      if (event.taskId && TASK_EVENTS.has(event.type)) refreshCard(sessionId, event.taskId).catch(() => {});
      if (event.type === 'report.written') showReport(sessionId);
      if (event.type === 'session.ended') {
        endSession(event);
        if (event.data?.report) showReport(sessionId);
        source.close();
      }
    };
  }

  // The approvals page: new requests appear, decided ones show their decision; the badge and the title count them.
  function showPending(count) {
    const badge = document.getElementById('approvals-badge');
    if (badge) {
      badge.textContent = String(count);
      badge.hidden = count === 0;
    }
    const title = document.title.replace(/^\(\d+\) /, '');
    document.title = count > 0 ? `(${count}) ${title}` : title;
  }

  async function showApproval(list, taskId) {
    const card = await fetchFragment(
      `approval-${taskId}`,
      `/approvals/${encodeURIComponent(taskId)}/card${location.search}`,
    );
    const present = document.getElementById(`approval-${taskId}`);
    if (!card) return;
    if (present) present.replaceWith(card);
    else {
      list.append(card);
      document.getElementById('no-approvals')?.remove();
    }
  }

  function followApprovals(root) {
    const list = document.getElementById('pending-approvals');
    const source = new EventSource(root.dataset.stream);
    source.onmessage = (message) => {
      const news = JSON.parse(message.data);
      showPending(news.pending.length);
      if (!list) return;
      const missing = news.taskId ? [news.taskId] : news.pending;
      for (const taskId of missing) {
        const known = document.getElementById(`approval-${taskId}`);
        if (news.type === 'approval.decided' || !known) showApproval(list, taskId).catch(() => {});
      }
    };
  }

  document.addEventListener('submit', (event) => {
    const message = event.target.dataset?.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  document.addEventListener('DOMContentLoaded', () => {
    refreshTimes();
    setInterval(refreshTimes, 30_000);
    const box = document.querySelector('.time-box[data-deadline]');
    if (box) countDownTimer = countDown(box);
    const list = document.querySelector('#timeline[data-stream]');
    if (list && 'EventSource' in window) follow(list);
    const approvals = document.querySelector('#approvals[data-stream]');
    if (approvals && 'EventSource' in window) followApprovals(approvals);
  });
})();
