// `procform dashboard` in a real headless Chromium (Debian's), driven by playwright-core, against
// the advanced webapps example deployed on the builtin process manager: the instances and their
// PIDs as status gives them, the dependency graph, live logs, generations, and the restart and stop
// buttons; then who may use it (loopback Host names, same-origin actions, the token elsewhere).
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliPath, expectSuccess, runCli, runCliIn, statusesIn } from '../support/cli.ts';
import { eventually, patiently } from '../support/eventually.ts';
import { httpGet } from '../support/http.ts';
import { screenshotPath, updatingScreenshots } from '../support/screenshots.ts';
import { tempDir } from '../support/temp-dir.ts';
import { copyWebappsWithState } from '../support/webapps.ts';

const buildFlags = ['--force-disable-user-change'];

/** `procform dashboard` in the background; resolves with the URL it printed. Stopped (SIGTERM, by PID) after the test. */
async function serveDashboard(stateDir: string, extra: string[] = []): Promise<string> {
  const child = spawn(process.execPath, [cliPath, 'dashboard', '--port', '0', '--state-dir', stateDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  onTestFinished(async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return eventually(() => /procform dashboard: (\S+)/.exec(output)?.[1], 20_000, `the dashboard's URL (it wrote: ${output})`);
}

async function openBrowser(): Promise<Browser> {
  // As root, Chromium runs only without its own sandbox.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  onTestFinished(() => browser.close());
  return browser;
}

const cell = (page: Page, instance: string, column: string) => page.locator(`#instances tr[data-instance="${instance}"] td.${column}`);

/** A raw request, with the headers a browser on another site (or a rebinding DNS name) would send. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('procform dashboard', () => {
  it('says when nothing is deployed', async () => {
    const stateDir = tempDir();
    const url = await serveDashboard(stateDir);
    const state = JSON.parse((await httpGet(`${url}api/state`)).body) as { nothingDeployed: string; instances: unknown[] };
    expect(state).toMatchObject({ nothingDeployed: `nothing is deployed in ${stateDir} (profile "processes")`, instances: [] });
    expect(JSON.parse((await httpGet(`${url}api/generations`)).body)).toEqual([]);
    expect((await httpGet(`${url}api/graph.svg`)).body).toMatch(/^<svg/);
  });

  it('shows the deployed instances, their graph, logs and generations, and restarts and stops by button', async () => {
    const copy = await copyWebappsWithState();
    expectSuccess(await runCliIn(copy.stateDir, ['switch', copy.advanced, ...buildFlags], { timeoutMs: 180_000 }), ['switch']);
    const before = await statusesIn(copy.stateDir);
    // In start order, as status lists them.
    const instances = Object.keys(before);
    expect(instances).toHaveLength(8);
    const url = await serveDashboard(copy.stateDir);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await (await openBrowser()).newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);

    // Every instance, in start order, running with the PID status gives.
    await expect.poll(() => page.locator('#instances tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-instance'))), patiently).toEqual(instances);
    for (const instance of instances) {
      await expect.poll(() => cell(page, instance, 'state').textContent(), patiently).toBe('running');
      expect(Number(await cell(page, instance, 'pid').textContent())).toBe(before[instance]!.pid);
      await expect.poll(() => cell(page, instance, 'cpu').textContent(), patiently).toMatch(/^\d+\.\d%$/);
      expect(await cell(page, instance, 'memory').textContent()).toMatch(/^\d+(\.\d)?[KMG]$/);
    }
    expect(await page.locator('#where').textContent()).toContain('builtin');

    // The graph: a box per instance, coloured by state; webapps in the first layer, each nginx right of
    // its webapps, with an arrow from it to each.
    const nodes = page.locator('#graph svg g.node');
    await expect.poll(() => nodes.count(), patiently).toBe(instances.length);
    await expect.poll(() => page.locator('#graph g[data-instance="nginx2"]').getAttribute('class'), patiently).toContain('state-running');
    const xOf = async (instance: string) => (await page.locator(`#graph g[data-instance="${instance}"]`).boundingBox())!.x;
    expect(await xOf('webapp1')).toBe(await xOf('webapp6'));
    expect(await xOf('nginx')).toBeGreaterThan(await xOf('webapp1'));
    const edges = await page.locator('#graph path.edge').evaluateAll((paths) => paths.map((path) => `${path.getAttribute('data-from')}->${path.getAttribute('data-to')}`).sort());
    expect(edges).toEqual(['nginx->webapp1', 'nginx->webapp2', 'nginx->webapp3', 'nginx->webapp4', 'nginx2->webapp5', 'nginx2->webapp6']);

    // The first instance's log, and its new lines as they are written (server-sent events).
    await expect.poll(() => page.locator('#log').textContent(), patiently).toContain(`Simple test webapp listening on port: ${copy.advancedPorts.webapp1}`);
    await httpGet(`http://127.0.0.1:${copy.advancedPorts.webapp1}/seen-live-in-the-dashboard`);
    await expect.poll(() => page.locator('#log').textContent(), patiently).toContain('GET /seen-live-in-the-dashboard');
    // Selecting another instance (in the graph) shows its log instead.
    await page.locator('#graph g[data-instance="webapp5"]').click();
    await expect.poll(() => page.locator('#log-instance').textContent(), patiently).toBe('webapp5');
    await expect.poll(() => page.locator('#log').textContent(), patiently).toContain(`listening on port: ${copy.advancedPorts.webapp5}`);

    // The history of generations.
    await expect.poll(() => page.locator('#generations tbody tr').count(), patiently).toBe(1);
    expect(await page.locator('#generations tr[data-generation="1"]').textContent()).toMatch(/1 \(current\).*builtin.*8.*added webapp1/);
    if (updatingScreenshots) await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true });

    // Restart: a new PID on the page, as status says; nothing else restarted.
    await page.locator('#instances tr[data-instance="webapp1"] button[data-action="restart"]').click();
    await expect.poll(() => page.locator('#message').textContent(), patiently).toBe('webapp1 restarted');
    await expect.poll(async () => Number(await cell(page, 'webapp1', 'pid').textContent()), patiently).not.toBe(before.webapp1!.pid);
    let now = await statusesIn(copy.stateDir);
    await expect.poll(async () => Number(await cell(page, 'webapp1', 'pid').textContent()), patiently).toBe(now.webapp1!.pid);
    expect(now.webapp1!.state).toBe('running');

    // Stop: that instance alone.
    await page.locator('#instances tr[data-instance="webapp2"] button[data-action="stop"]').click();
    await expect.poll(() => page.locator('#message').textContent(), patiently).toBe('webapp2 stopped');
    await expect.poll(() => cell(page, 'webapp2', 'state').textContent(), patiently).toBe('stopped');
    await expect.poll(() => page.locator('#graph g[data-instance="webapp2"]').getAttribute('class'), patiently).toContain('state-stopped');
    now = await statusesIn(copy.stateDir);
    expect(now.webapp2).toMatchObject({ state: 'stopped', pid: null });
    for (const instance of instances.filter((name) => !['webapp1', 'webapp2'].includes(name))) expect(now[instance]!.pid, instance).toBe(before[instance]!.pid);
  }, 240_000);

  it('answers only to its own names, takes actions only from its own page, and needs the token on other addresses', async () => {
    const copy = await copyWebappsWithState();
    expectSuccess(await runCliIn(copy.stateDir, ['switch', copy.model, ...buildFlags], { timeoutMs: 120_000 }), ['switch']);
    const url = await serveDashboard(copy.stateDir);
    const { port } = new URL(url);
    const pid = (await statusesIn(copy.stateDir)).webapp!.pid;

    expect(await rawRequest(`${url}api/state`, {})).toBe(200);
    expect(await rawRequest(`${url}api/state`, { headers: { host: `localhost:${port}` } })).toBe(200);
    // A name that resolves to 127.0.0.1 (DNS rebinding) is refused.
    expect(await rawRequest(`${url}api/state`, { headers: { host: `attacker.example:${port}` } })).toBe(403);
    // Actions without the page's own Origin: refused, nothing restarted.
    expect(await rawRequest(`${url}api/instances/webapp/restart`, { method: 'POST' })).toBe(403);
    expect(await rawRequest(`${url}api/instances/webapp/restart`, { method: 'POST', headers: { origin: 'http://attacker.example' } })).toBe(403);
    expect(await rawRequest(`${url}api/instances/webapp/restart`, { method: 'POST', headers: { origin: url.replace(/\/$/, ''), 'sec-fetch-site': 'cross-site' } })).toBe(403);
    expect((await statusesIn(copy.stateDir)).webapp!.pid).toBe(pid);

    // The port taken: a clear error, exit 1.
    const taken = await runCli(['dashboard', '--port', port, '--state-dir', copy.stateDir]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect((await runCli(['dashboard', '--port', 'eighty'])).stderr).toContain('--port: "eighty" is not a port');

    // Another address: the URL carries the token, and nothing works without it.
    const tokenUrl = await serveDashboard(copy.stateDir, ['--host', '127.0.0.2']);
    const token = new URL(tokenUrl).searchParams.get('token');
    expect(token).toMatch(/^[\w-]{32}$/);
    const base = tokenUrl.replace(/\?.*$/, '');
    expect(await rawRequest(`${base}api/state`, {})).toBe(403);
    expect(await rawRequest(`${base}api/state?token=wrong${token!.slice(5)}`, {})).toBe(403);
    expect(await rawRequest(`${base}api/state?token=${token}`, {})).toBe(200);
    expect(await rawRequest(`${base}api/logs?instance=webapp`, {})).toBe(403);
    expect(await rawRequest(`${base}api/instances/webapp/restart`, { method: 'POST', headers: { origin: base.replace(/\/$/, '') } })).toBe(403);
    // The page itself holds no data: it loads without the token, and its script sends the URL's.
    expect(await rawRequest(base, {})).toBe(200);
    // The page opened from the printed URL works: it sends the token with every request and stream.
    const page = await (await openBrowser()).newPage();
    await page.goto(tokenUrl);
    await expect.poll(() => cell(page, 'webapp', 'state').textContent(), patiently).toBe('running');
    await expect.poll(() => page.locator('#log').textContent(), patiently).toContain('Simple test webapp listening');
  }, 180_000);
});
