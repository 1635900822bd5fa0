// The dashboard's page: static, with no data in it (the script fetches it), so it can be cached and
// needs no escaping. Styles and script are files of their own: the Content-Security-Policy allows
// only the dashboard's own scripts.

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>procform dashboard</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<header>
  <h1>procform</h1>
  <span id="where"></span>
  <span id="message" role="status"></span>
</header>
<main>
  <section id="instances-section">
    <h2>Instances</h2>
    <p id="nothing" hidden></p>
    <table id="instances">
      <thead><tr><th>Instance</th><th>State</th><th class="number">PID</th><th class="number">Uptime</th><th class="number">Restarts</th><th>Ready</th><th class="number">CPU</th><th class="number">Memory</th><th>Actions</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section id="graph-section">
    <h2>Dependencies</h2>
    <div id="graph"></div>
  </section>
  <section id="log-section">
    <h2>Log of <span id="log-instance">…</span></h2>
    <pre id="log" aria-live="polite"></pre>
  </section>
  <section id="generations-section">
    <h2>Generations</h2>
    <table id="generations">
      <thead><tr><th class="number">#</th><th>Made</th><th>Process manager</th><th class="number">Instances</th><th>Changes from the one before</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
<script src="app.js"></script>
</body>
</html>
`;

export const PAGE_CSS = `
:root { color-scheme: light dark; --running: #2e9d4a; --starting: #2b8fbf; --backoff: #c99a0b; --stopped: #888; --failed: #d33c3c; --unknown: #c99a0b; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; }
header { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1em; border-bottom: 1px solid #8884; }
h1 { font-size: 1.2em; margin: 0; }
h2 { font-size: 1em; margin: 1.2em 0 .4em; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0 2em; padding: 0 1em 1em; }
#instances-section, #log-section { grid-column: 1; }
#graph-section, #generations-section { grid-column: 2; }
#graph-section { grid-row: 1; } #generations-section { grid-row: 2; }
@media (max-width: 900px) { main { grid-template-columns: minmax(0, 1fr); } main > section { grid-column: 1 !important; grid-row: auto !important; } }
main > section { min-width: 0; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid #8883; white-space: nowrap; }
th { font-weight: 600; font-size: .85em; }
.number { text-align: right; font-variant-numeric: tabular-nums; }
#instances tbody tr { cursor: pointer; }
#instances tbody tr.selected { background: #8882; }
.state { font-weight: 600; }
.state-running .state { color: var(--running); } .state-starting .state { color: var(--starting); } .state-backoff .state { color: var(--backoff); }
.state-stopped .state { color: var(--stopped); } .state-failed .state { color: var(--failed); } .state-unknown .state { color: var(--unknown); }
.reason { color: var(--failed); white-space: pre-wrap; font-size: .85em; }
button { font: inherit; font-size: .85em; margin-right: .3em; }
#log { height: 22em; overflow: auto; background: #8881; padding: .6em; margin: 0; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
#message.error { color: var(--failed); }
svg.graph { max-width: 100%; height: auto; }
svg.graph .edge { fill: none; stroke: #888; stroke-width: 1.5; }
svg.graph marker path { fill: #888; }
svg.graph .node rect { fill: #8881; stroke-width: 2; stroke: var(--unknown); }
svg.graph .node text { font: 13px system-ui, sans-serif; fill: currentColor; }
svg.graph .node { cursor: pointer; color: CanvasText; }
svg.graph .state-running rect { stroke: var(--running); } svg.graph .state-starting rect { stroke: var(--starting); }
svg.graph .state-backoff rect { stroke: var(--backoff); } svg.graph .state-stopped rect { stroke: var(--stopped); stroke-dasharray: 4 3; }
svg.graph .state-failed rect { stroke: var(--failed); }
svg.graph .selected rect { fill: #8884; }
#generations td, #generations th { white-space: normal; }
.current td:first-child { font-weight: 600; }
.changes { font-size: .85em; }
`;
