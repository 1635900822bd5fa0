// The dashboard page's script, plain ES2017 with no build step: it polls the state every second,
// follows the selected instance's log over server-sent events, and posts actions. The token of the
// page's URL, when there is one, goes with every request.

export const PAGE_SCRIPT = `'use strict';
(function () {
  var token = new URLSearchParams(location.search).get('token');
  var selected = null;
  var profilePath = null;
  var source = null;
  var busy = false;
  var keptLines = 2000;
  var byId = function (id) { return document.getElementById(id); };

  function withToken(path) {
    return token ? path + (path.indexOf('?') < 0 ? '?' : '&') + 'token=' + encodeURIComponent(token) : path;
  }

  function api(path, options) {
    options = options || {};
    options.headers = token ? { 'X-Procform-Token': token } : {};
    return fetch(path, options).then(function (response) {
      var type = response.headers.get('content-type') || '';
      var body = type.indexOf('json') >= 0 ? response.json() : response.text();
      return body.then(function (value) {
        if (!response.ok) throw new Error(value && value.error ? value.error + (value.hint ? ' (' + value.hint + ')' : '') : 'HTTP ' + response.status);
        return value;
      });
    });
  }

  function say(text, error) {
    var message = byId('message');
    message.textContent = text;
    message.className = error ? 'error' : '';
  }

  var columns = ['instance', 'state', 'pid', 'uptime', 'restarts', 'ready', 'cpu', 'memory'];
  var numeric = { pid: true, uptime: true, restarts: true, cpu: true, memory: true };

  function rowFor(tbody, instance) {
    var row = tbody.querySelector('tr[data-instance="' + CSS.escape(instance) + '"]');
    if (row) return row;
    row = document.createElement('tr');
    row.dataset.instance = instance;
    columns.forEach(function (column) {
      var cell = document.createElement('td');
      cell.className = column + (numeric[column] ? ' number' : '');
      row.appendChild(cell);
    });
    var actions = document.createElement('td');
    actions.className = 'actions';
    ['restart', 'stop', 'start'].forEach(function (action) {
      var button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = action;
      button.textContent = action[0].toUpperCase() + action.slice(1);
      button.addEventListener('click', function (event) {
        event.stopPropagation();
        act(instance, action);
      });
      actions.appendChild(button);
    });
    row.appendChild(actions);
    row.addEventListener('click', function () { select(instance); });
    tbody.appendChild(row);
    return row;
  }

  function render(state) {
    byId('where').textContent = (state.processManager || 'nothing deployed') + ' · ' + state.stateDir + ' (' + state.profileName + ')' + (state.unfinished ? ' · the last switch did not finish' : '');
    var nothing = byId('nothing');
    nothing.hidden = !state.nothingDeployed;
    nothing.textContent = state.nothingDeployed || '';
    var tbody = byId('instances').tBodies[0];
    var names = state.instances.map(function (entry) { return entry.instance; });
    Array.prototype.slice.call(tbody.rows).forEach(function (row) {
      if (names.indexOf(row.dataset.instance) < 0) row.remove();
    });
    state.instances.forEach(function (entry) {
      var row = rowFor(tbody, entry.instance);
      tbody.appendChild(row);
      row.className = 'state-' + entry.state + (entry.instance === selected ? ' selected' : '');
      columns.forEach(function (column, index) {
        var value = entry[column] === null ? '-' : String(entry[column]);
        if (row.cells[index].textContent !== value) row.cells[index].textContent = value;
      });
      row.cells[1].title = entry.reason || '';
      Array.prototype.forEach.call(row.querySelectorAll('button'), function (button) { button.disabled = busy; });
    });
    if (state.profilePath !== profilePath) {
      profilePath = state.profilePath;
      if (profilePath === null) byId('graph').textContent = '';
      else api('/api/graph.svg').then(function (svg) { byId('graph').innerHTML = svg; paintGraph(state); bindGraph(); });
    }
    paintGraph(state);
    if ((selected === null || names.indexOf(selected) < 0) && names.length > 0) select(names[0]);
  }

  function paintGraph(state) {
    state.instances.forEach(function (entry) {
      var node = byId('graph').querySelector('g[data-instance="' + CSS.escape(entry.instance) + '"]');
      if (node) node.setAttribute('class', 'node state-' + entry.state + (entry.instance === selected ? ' selected' : ''));
    });
  }

  function bindGraph() {
    Array.prototype.forEach.call(byId('graph').querySelectorAll('g[data-instance]'), function (node) {
      node.addEventListener('click', function () { select(node.getAttribute('data-instance')); });
    });
  }

  function select(instance) {
    if (instance === selected) return;
    selected = instance;
    Array.prototype.forEach.call(document.querySelectorAll('[data-instance]'), function (element) {
      element.classList.toggle('selected', element.getAttribute('data-instance') === instance);
    });
    byId('log-instance').textContent = instance;
    var log = byId('log');
    log.textContent = '';
    if (source) source.close();
    source = new EventSource(withToken('/api/logs?instance=' + encodeURIComponent(instance)));
    source.onmessage = function (event) {
      var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
      log.appendChild(document.createTextNode(JSON.parse(event.data) + '\\n'));
      while (log.childNodes.length > keptLines) log.removeChild(log.firstChild);
      if (atEnd) log.scrollTop = log.scrollHeight;
    };
    source.addEventListener('failure', function (event) { say(JSON.parse(event.data), true); });
  }

  function act(instance, action) {
    if (busy) return;
    busy = true;
    say((action === 'stop' ? 'stopping ' : action === 'start' ? 'starting ' : 'restarting ') + instance + '…');
    api('/api/instances/' + encodeURIComponent(instance) + '/' + action, { method: 'POST' })
      .then(function (body) { say(body.message); }, function (error) { say(error.message, true); })
      .then(function () { busy = false; refresh(); generations(); });
  }

  function refresh() {
    return api('/api/state').then(render, function (error) { say(error.message, true); });
  }

  function generations() {
    return api('/api/generations').then(function (list) {
      var tbody = byId('generations').tBodies[0];
      tbody.textContent = '';
      list.forEach(function (generation) {
        var row = tbody.insertRow();
        row.dataset.generation = generation.number;
        if (generation.current) row.className = 'current';
        var changes = generation.unreadable ? generation.unreadable : [
          generation.added.length ? 'added ' + generation.added.join(', ') : '',
          generation.changed.length ? 'changed ' + generation.changed.join(', ') : '',
          generation.removed.length ? 'removed ' + generation.removed.join(', ') : '',
        ].filter(Boolean).join('; ') || 'none';
        [generation.number + (generation.current ? ' (current)' : ''), new Date(generation.createdAt).toLocaleString(), generation.processManager || '-', String(generation.instances.length), changes].forEach(function (text, index) {
          var cell = row.insertCell();
          cell.textContent = text;
          cell.className = index === 0 || index === 3 ? 'number' : index === 4 ? 'changes' : '';
        });
      });
    }, function (error) { say(error.message, true); });
  }

  refresh();
  generations();
  setInterval(refresh, 1000);
  setInterval(generations, 5000);
})();
`;
