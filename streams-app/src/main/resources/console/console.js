'use strict';
// The support console: every value from the server is set with textContent, never as HTML.
(function () {
  const $ = (id) => document.getElementById(id);
  let role = null;

  function token() { return sessionStorage.getItem('account-shield-token') || ''; }

  function say(text, kind) {
    $('message').textContent = text;
    $('message').className = kind || '';
  }

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({ 'Authorization': 'Bearer ' + token() }, body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    let json = {};
    try { json = await response.json(); } catch (e) { /* an empty or non-JSON answer */ }
    if (!response.ok && response.status !== 202) {
      const retry = response.headers.get('Retry-After');
      throw new Error((json.error || json.outcome || ('HTTP ' + response.status)) + (retry ? ' (try again in ' + retry + ' s)' : ''));
    }
    return { status: response.status, json };
  }

  function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : ''; }

  // encodeURIComponent leaves dots alone, and fetch would resolve an id of '.' or '..' as a path segment.
  function pathOf(id) { return encodeURIComponent(id).replace(/\./g, '%2E'); }

  function setText(id, text) { $(id).textContent = text == null ? '' : String(text); }

  function row(tbody, cells) {
    const tr = document.createElement('tr');
    cells.forEach((cell) => { const td = document.createElement('td'); td.textContent = cell == null ? '' : String(cell); tr.appendChild(td); });
    tbody.appendChild(tr);
  }

  function show(view) {
    $('account').hidden = false;
    setText('account-name', view.accountId);
    setText('state', view.state);
    $('state').className = 'badge ' + view.state;
    setText('notice-en', (view.notice || {}).en || 'Nothing is restricted.');
    setText('notice-ko', (view.notice || {}).ko || '');
    const p = view.protection;
    $('protection').hidden = !p;
    if (p) {
      setText('reason', p.reason);
      setText('rule', p.ruleId + ' v' + p.ruleVersion);
      setText('applied-at', when(p.appliedAt));
      setText('until', when(p.releaseEligibleAt) + ' (if nothing pushes it out; quiet period ' + p.quietPeriod + ')');
      setText('pushed-out-by', p.pushedOutBy);
      setText('protection-number', p.protectionNumber);
    }
    const w = view.watch;
    $('watch').hidden = !w;
    if (w) {
      setText('watch-reason', w.reason);
      setText('watch-until', when(w.until));
      setText('watch-escalates', w.escalatesOn);
    }
    const a = view.allowlist;
    setText('allowlist', a ? ((a.inForce ? 'On the allowlist' : 'Allowlist entry expired') + ': ' + a.reason + ' (by ' + a.addedBy
      + ', ' + when(a.addedAt) + (a.expiresAt ? ', until ' + when(a.expiresAt) : '') + ')') : 'Not on the allowlist.');
    $('release-form').hidden = !(p && (role === 'agent' || role === 'admin'));
    const counts = $('counts').tBodies[0];
    counts.replaceChildren();
    Object.entries(view.counts || {}).forEach(([group, values]) => {
      Object.entries(values).forEach(([name, value]) => row(counts, [group, name, value]));
    });
    const history = $('history').tBodies[0];
    history.replaceChildren();
    (view.history || []).slice().reverse().forEach((entry) => row(history, [when(entry.at), entry.kind, entry.summary]));
    setText('served-by', view.servedBy);
  }

  async function lookUp() {
    const id = $('account-id').value.trim();
    if (!id) { return; }
    say('Looking up ' + id + '...');
    try {
      const { json } = await call('GET', '/accounts/' + pathOf(id));
      show(json);
      say('');
    } catch (e) {
      $('account').hidden = true;
      say(e.message, 'error');
    }
  }

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    sessionStorage.setItem('account-shield-token', $('token').value.trim());
    try {
      const { json } = await call('GET', '/whoami');
      role = json.role;
      setText('who', 'Signed in as ' + json.name + ' (' + json.role + ')');
      $('token').value = '';
      say('');
    } catch (e) {
      role = null;
      setText('who', '');
      say(e.message, 'error');
    }
  });

  $('lookup-form').addEventListener('submit', (event) => { event.preventDefault(); lookUp(); });

  $('release-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const verdict = document.querySelector('input[name=verdict]:checked');
    const id = $('account-id').value.trim();
    say('Releasing ' + id + '...');
    try {
      const { status, json } = await call('POST', '/accounts/' + pathOf(id) + '/release',
        { verdict: verdict ? verdict.value : null, reason: $('release-reason').value });
      $('release-reason').value = '';
      if (json.account) { show(json.account); }
      say(status === 202 ? json.outcome : 'Released: ' + json.outcome, 'ok');
    } catch (e) {
      say(e.message, 'error');
    }
  });

  if (token()) {
    call('GET', '/whoami').then(({ json }) => { role = json.role; setText('who', 'Signed in as ' + json.name + ' (' + json.role + ')'); })
      .catch(() => sessionStorage.removeItem('account-shield-token'));
  }
}());
