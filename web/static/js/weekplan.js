// The team's week: while a member changes their own row, the rules box asks
// /teams/{code}/week/check what the row as it stands in the form would leave
// unmet, and shows it before anything is saved. Without this script the box
// shows the rules as of the last save.
(function () {
  'use strict';
  if (!window.fetch || !window.URLSearchParams) return;
  var box = document.querySelector('.week__rules[data-check-url]');
  var choices = document.querySelectorAll('select.week__choice[form="week-mine"]');
  if (!box || choices.length === 0) return;
  var metText = box.getAttribute('data-met-text');
  var unmetText = box.getAttribute('data-unmet-text');
  var asked = 0;

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function show(data) {
    box.textContent = '';
    if (data.all_met) {
      box.appendChild(element('p', 'alert alert--success', metText));
      return;
    }
    var alert = element('div', 'alert alert--error');
    alert.appendChild(element('p', '', unmetText));
    var list = element('ul');
    data.unmet.forEach(function (line) { list.appendChild(element('li', '', line)); });
    alert.appendChild(list);
    box.appendChild(alert);
  }

  function check() {
    var query = new URLSearchParams();
    Array.prototype.forEach.call(choices, function (s) { query.append(s.name, s.value); });
    var mine = ++asked;
    fetch(box.getAttribute('data-check-url') + '&' + query.toString(), {
      credentials: 'same-origin', headers: { Accept: 'application/json' }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || mine !== asked) return;  // a later change answers instead
        show(data);
        box.setAttribute('data-checked', String(mine));
      })
      .catch(function () { /* the saved rules stay shown */ });
  }

  Array.prototype.forEach.call(choices, function (s) { s.addEventListener('change', check); });
})();
