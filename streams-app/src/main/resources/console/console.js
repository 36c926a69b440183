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

  // fields, when given, names each cell (data-field), so that a reader or a test finds a column by name.
  function row(tbody, cells, fields) {
    const tr = document.createElement('tr');
    cells.forEach((cell, i) => {
      const td = document.createElement('td');
      td.textContent = cell == null ? '' : String(cell);
      if (fields) { td.dataset.field = fields[i]; }
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
    return tr;
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

  // A rule's rollout share matters only when it enforces: a rule in shadow restricts no account.
  function enforcedOn(rule) {
    if (rule.mode !== 'enforce') { return '0% (shadow on every account)'; }
    return rule.rollout === '100%' ? '100%' : rule.rollout + ' (shadow on the rest)';
  }

  const RULE_FIELDS = ['id', 'version', 'mode', 'enforced-on', 'counter', 'threshold', 'window', 'enabled', 'shadow-last-hour',
    'changed-at', 'changed-by', 'note'];

  function showRules(answer, at) {
    const capped = answer.shadowLastHourCapped === true;
    const rules = $('rules-table').tBodies[0];
    rules.replaceChildren();
    (answer.rules || []).forEach((rule) => {
      const shadow = rule.shadowLastHour == null ? '' : rule.shadowLastHour + (capped ? '+' : '');
      const tr = row(rules, [rule.id, 'v' + rule.version, rule.mode, enforcedOn(rule), rule.counter, rule.threshold, rule.window,
        rule.enabled ? 'yes' : 'no', shadow, when(rule.changedAt), rule.changedBy, rule.note], RULE_FIELDS);
      tr.dataset.rule = rule.id;
      tr.className = [rule.enabled ? '' : 'disabled', rule.mode === 'shadow' ? 'shadow' : ''].join(' ').trim();
    });
    const rejected = $('rejected').tBodies[0];
    rejected.replaceChildren();
    (answer.rejected || []).slice().reverse().forEach((entry) => row(rejected, [entry.definition, when(entry.at), entry.reason],
      ['definition', 'at', 'reason']));
    $('rejected').hidden = rejected.rows.length === 0;
    $('rejected-none').hidden = rejected.rows.length > 0;
    setText('rules-note', 'Loaded at ' + when(at.toISOString()) + ' UTC: the rules in force on the instance that answered, and every instance\'s '
      + 'shadow decisions over the hour before' + (capped ? ' (more than could be read: each count is at least the one shown, +)' : '') + '.');
  }

  function clearRules(note) {
    $('rules-table').tBodies[0].replaceChildren();
    $('rejected').tBodies[0].replaceChildren();
    $('rejected').hidden = true;
    $('rejected-none').hidden = true;
    setText('rules-note', note);
  }

  // Read only: rules are changed through the API or the command line (rules push, promote, rollback), by admins.
  async function loadRules() {
    $('rules').hidden = false;
    $('refresh-rules').disabled = true;
    try {
      const { json } = await call('GET', '/rules');
      showRules(json, new Date());
      if ($('message').textContent.startsWith('Rules: ')) { say(''); }
    } catch (e) {
      clearRules('Not loaded: see the message above.');
      say('Rules: ' + e.message, 'error');
    } finally {
      $('refresh-rules').disabled = false;
    }
  }

  function signedIn(json) {
    role = json.role;
    setText('who', 'Signed in as ' + json.name + ' (' + json.role + ')');
    loadRules();
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
      $('token').value = '';
      say('');
      signedIn(json);
    } catch (e) {
      role = null;
      setText('who', '');
      $('rules').hidden = true;
      clearRules('');
      say(e.message, 'error');
    }
  });

  $('lookup-form').addEventListener('submit', (event) => { event.preventDefault(); lookUp(); });

  $('refresh-rules').addEventListener('click', loadRules);

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
    call('GET', '/whoami').then(({ json }) => signedIn(json)).catch(() => sessionStorage.removeItem('account-shield-token'));
  }
}());
