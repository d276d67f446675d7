import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../platform/config';
import { repoRoot } from '../../platform/paths';
import { HubOptions, startHub, TestHub } from './hub';

/** Debian's Chromium (packages chromium and chromium-driver); tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Where the scenarios keep a screenshot of each page from the last run: a folder git ignores, so
 * that a test run leaves the working tree clean; `SCREENSHOTS_DIR` puts them elsewhere when asked.
 */
export function screenshotsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(repoRoot(), env.SCREENSHOTS_DIR || path.join('test-output', 'screenshots'));
}
/** The folder of this run's screenshots (console scenarios). */
export const SCREENSHOTS = screenshotsDir();

/** Builds the console from its current source into a folder of its own (about a second). */
export function buildConsole(): string {
  const outDir = mkdtempSync(path.join(tmpdir(), 'qyzmet-console-'));
  const vite = path.join(repoRoot(), 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', path.join(repoRoot(), 'console'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'pipe' });
  return outDir;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's packages chromium and chromium-driver (apt-get install chromium chromium-driver)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    // as root Chromium needs --no-sandbox; the network flags keep it off the machine's closed internet
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    headless: true,
  });
}

/** What a person sees of the page (the viewport, not the whole page, so a long list in a shared database keeps the file small). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = screenshotsDir();
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** An element by test id and data-* attributes, e.g. item(page, 'feed-item', { stage: 'CLOSED' }). */
export const item = (page: Page, testId: string, attrs: Record<string, string>) =>
  page.locator(`[data-testid="${testId}"]${Object.entries(attrs).map(([k, v]) => `[data-${k}="${v}"]`).join('')}`);

/** A new page of the console at `base`, signed in as a demo identity (`role:bin:iin`). */
export async function signInAs(context: BrowserContext, base: string, identity: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/console/`);
  await page.getByTestId('identity-select').selectOption(identity);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('whoami').waitFor();
  return page;
}

/** What axe-core finds on the page that hurts people using it (impact serious or critical). */
export async function accessibilityProblems(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  // evaluated rather than added as a script tag, which the console's CSP refuses (as it should)
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

export interface ConsoleStand {
  hub: TestHub;
  /** where the gateway serves the console: `${base}/console/` */
  base: string;
  browser: Browser;
  /** the console built for this run (with its trusted-operations.json) */
  consoleDir: string;
  stop(): Promise<void>;
}

/** The hub with the console built from source and served in demo mode, and Chromium to drive it. */
export async function startConsoleStand(gateway: HubOptions['gateway'] = {}, hubOptions: Omit<HubOptions, 'gateway'> = {}): Promise<ConsoleStand> {
  const consoleDir = buildConsole();
  const signersFile = path.join(process.env.TEST_PKI_DIR!, 'demo', 'signers.json');
  const hub = await startHub({ ...hubOptions, gateway: { ...gateway, console: { dir: consoleDir, demo: { jwtSecret: DEV_JWT_SECRET, signersFile } } } });
  const browser = await launchChromium();
  return {
    hub, browser, consoleDir,
    base: `http://127.0.0.1:${hub.gateways[0].port}`,
    async stop() {
      await browser.close();
      await hub.stop();
      rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}

/** The workstation's registration form filled in (acceptedAt left at its default "now" unless given). */
export async function fillRegistration(page: Page, r: { number: string; surname: string; name: string; iinOrBin: string; serviceCode: string; place: string; acceptedAt?: string }): Promise<void> {
  const form = page.getByTestId('register-form');
  await form.getByTestId('field-applicationNumber').fill(r.number);
  await form.getByTestId('field-surname').fill(r.surname);
  await form.getByTestId('field-name').fill(r.name);
  await form.getByTestId('field-iinOrBin').fill(r.iinOrBin);
  await form.getByTestId('field-serviceCode').selectOption(r.serviceCode);
  await form.getByTestId('field-placeOfAcceptance').fill(r.place);
  if (r.acceptedAt) await form.getByTestId('field-acceptedAt').fill(r.acceptedAt);
}

/** Nothing on the page is wider than the window (a phone at 360 px scrolls down, never sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
