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
    item.append(time, el('span', 'actor', ACTORS[event.actor] || event.actor), el('span', 'message', event.message));
    return item;
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
      c.querySelector('.count').textContent = String(c.querySelectorAll('.task').length);
    }
    return true;
  }

  function follow(list) {
    const url = `${list.dataset.stream}?after=${encodeURIComponent(list.dataset.after || '0')}`;
    const source = new EventSource(url);
    let reloadSoon = false;
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      list.append(timelineItem(event));
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
    const list = document.querySelector('#timeline[data-stream]');
    if (list && 'EventSource' in window) follow(list);
  });
})();
