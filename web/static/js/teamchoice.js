// The live board of a team choice round: every few seconds it reads
// /rounds/{id}/board.json and redraws the teams. (While the optimiser runs,
// jobs.js follows /rounds/{id}/run.json.) Without this script the page shows
// the same board, as of its last load.
(function () {
  'use strict';
  if (!window.fetch) return;

  var board = document.querySelector('.board[data-board-url]');
  if (!board) return;
  var url = board.getAttribute('data-board-url');
  var every = 5000;

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function card(team, open) {
    var li = element('li', 'board__team board__team--' + team.state);
    li.setAttribute('data-team', team.code);
    li.appendChild(element('h3', 'board__name', team.name));
    li.appendChild(element('p', 'board__size', team.size_text));
    li.appendChild(element('p', 'board__status', team.status_text));
    var lacking = element('ul', 'board__lacking');
    team.lacking.forEach(function (l) { lacking.appendChild(element('li', '', l.text)); });
    li.appendChild(lacking);
    if (team.members.length) {
      var details = element('details', 'board__members');
      if (open) details.open = true;
      details.appendChild(element('summary', '', team.members_summary));
      var members = element('ul');
      team.members.forEach(function (m) { members.appendChild(element('li', '', m)); });
      details.appendChild(members);
      li.appendChild(details);
    }
    return li;
  }

  function draw(data) {
    var list = board.querySelector('.board__teams');
    var open = {};
    list.querySelectorAll('.board__team').forEach(function (li, i) {
      var details = li.querySelector('details');
      open[li.getAttribute('data-team') || i] = details && details.open;
    });
    var fresh = element('ul', 'board__teams');
    data.teams.forEach(function (team, i) {
      fresh.appendChild(card(team, open[team.code] || open[i]));
    });
    list.replaceWith(fresh);
    var chosen = board.querySelector('.board__chosen');
    if (chosen.textContent !== data.chosen_text) chosen.textContent = data.chosen_text;
  }

  function refresh() {
    if (document.hidden) return;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.teams) {
          draw(data);
          board.setAttribute('data-refreshed', String(Date.now()));
        }
      })
      .catch(function () { /* the next refresh tries again */ });
  }

  setInterval(refresh, every);
  document.addEventListener('visibilitychange', refresh);
})();
