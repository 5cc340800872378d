// A job running for this page (a week proposal, ...): reads /jobs/{id} every
// second, shows its progress and, when it has ended, opens the page again so
// that it shows the result. Without this script the page shows the progress
// as of its last load, with a link to load it again.
(function () {
  'use strict';
  if (!window.fetch) return;
  var job = document.querySelector('.job[data-job-url][data-active]');
  if (!job) return;
  var text = job.querySelector('.job__text');
  var bar = job.querySelector('.job__bar');
  var ended = false;
  var follow = function () {
    fetch(job.getAttribute('data-job-url'), {
      credentials: 'same-origin', headers: { Accept: 'application/json' }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (!data.active) {
          ended = true;
          window.location.assign(job.getAttribute('data-return'));
          return;
        }
        if (text.textContent !== data.text) text.textContent = data.text;
        if (bar) {
          bar.value = data.percent;
          bar.textContent = data.percent + ' %';
        }
      })
      .catch(function () { /* the next look tries again */ })
      .then(function () { if (!ended) window.setTimeout(follow, 1000); });
  };
  window.setTimeout(follow, 1000);
}());
