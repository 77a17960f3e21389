import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import type { E2eUser } from './tenant.ts';

/** Debian's Chromium (apt-get install chromium); ATRIUM_CHROMIUM names another binary. */
export const CHROMIUM = process.env.ATRIUM_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless, and quiet on the network: without the background-networking flags Chromium keeps
 * calling home (updates, sync, safe browsing), which a closed network answers with long timeouts.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Where journeys save their screenshots: tests/artifacts/e2e/<journey>/NN-step.png (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/e2e/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: the browser tests drive Debian's chromium package ` +
        '(apt-get install -y chromium fonts-noto-cjk; .ci/run installs both), or set ATRIUM_CHROMIUM to a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** A failed request a step may cause: by method, URL, status and request body. */
export interface ExpectedFailure {
  url: RegExp;
  method?: string;
  status?: number | number[];
  /** Matched against the request's body. */
  body?: RegExp;
  /** Why it is expected (shown nowhere; for the reader). */
  why?: string;
}

function matches(expected: ExpectedFailure, request: Request, status: number): boolean {
  if (!expected.url.test(request.url())) return false;
  if (expected.method && expected.method !== request.method()) return false;
  if (expected.status !== undefined && !(Array.isArray(expected.status) ? expected.status : [expected.status]).includes(status)) return false;
  if (expected.body && !expected.body.test(request.postData() ?? '')) return false;
  return true;
}

/**
 * Waits (a second at most) for the page's finite animations to end — messages fade in, a field's
 * error slides in — so a screenshot shows what the user sees once things have settled.
 */
export async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Number.POSITIVE_INFINITY),
      null,
      { timeout: 1000, polling: 'raf' },
    )
    .catch(() => {});
  // Two frames: what the DOM now holds has been painted.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))).catch(() => {});
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

export interface JourneyOptions {
  baseUrl: string;
  viewport?: { width: number; height: number };
  /** The browser's language (the app starts in it). */
  locale?: string;
  /** A phone: touch, and the page's meta viewport honoured. */
  mobile?: boolean;
  /** Failures allowed through the whole journey. */
  allow?: ExpectedFailure[];
}

/**
 * One user's walk through the app in its own browser context: numbered steps, a screenshot after
 * each (and of the failure), and a watch on the page — console errors, uncaught exceptions, CSP
 * violations, failed requests and 4xx/5xx answers the step did not expect fail the journey.
 */
export class Journey {
  readonly dir: string;
  private stepNumber = 0;
  private currentStep = '(before the first step)';
  private currentFile = '00-start';
  private stepAllowances: ExpectedFailure[] = [];
  private readonly problems: string[] = [];
  private readonly timings: Array<{ step: string; ms: number }> = [];
  private readonly started = Date.now();
  /** A step failed: its error already lists the page's problems, closing must not hide it. */
  private failed = false;

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly options: JourneyOptions,
  ) {
    this.dir = join(ARTIFACTS, name);
  }

  static async open(browser: Browser, name: string, options: JourneyOptions): Promise<Journey> {
    const context = await browser.newContext({
      baseURL: options.baseUrl,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: options.locale ?? 'en-US',
      timezoneId: 'UTC',
      colorScheme: 'light',
      reducedMotion: 'reduce',
      ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
    });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    const journey = new Journey(name, context, page, options);
    // Each run starts the journey's folder afresh: no screenshot of an earlier run is left to mislead.
    rmSync(journey.dir, { recursive: true, force: true });
    mkdirSync(journey.dir, { recursive: true });
    journey.watch(page);
    context.on('page', (other) => journey.watch(other));
    return journey;
  }

  /** Collects what must not happen in a page. */
  watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      // The answer itself is judged below, with what the step expects.
      if (text.startsWith('Failed to load resource')) return;
      this.problem(`console error: ${text}`);
    });
    page.on('pageerror', (error) => this.problem(`uncaught exception: ${error.stack ?? error.message}`));
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText ?? 'failed';
      // Navigations and superseded fetches (a newer search) are aborted on purpose.
      if (failure.includes('ERR_ABORTED')) return;
      this.problem(`request failed: ${request.method()} ${request.url()} (${failure})`);
    });
    page.on('response', (response) => {
      const status = response.status();
      if (status < 400) return;
      const request = response.request();
      const allowed = [...this.stepAllowances, ...(this.options.allow ?? [])].some((e) => matches(e, request, status));
      if (!allowed) this.problem(`unexpected ${status}: ${request.method()} ${response.url()}`);
    });
  }

  private problem(text: string): void {
    // Some messages carry whole generated sources: the start says what happened.
    const short = text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text;
    this.problems.push(`[${this.currentStep}] ${short}`);
  }

  /** Problems seen so far (tests that provoke one on purpose can look). */
  get seen(): readonly string[] {
    return this.problems;
  }

  /** Runs a step, then saves `NN-<step>.png`; a failure saves `NN-<step>-FAILED.png` and the page's accessibility tree. */
  async step<T>(title: string, action: (page: Page) => Promise<T>, options: { expect?: ExpectedFailure[]; screenshot?: boolean } = {}): Promise<T> {
    this.stepNumber += 1;
    const file = `${String(this.stepNumber).padStart(2, '0')}-${slug(title)}`;
    this.currentStep = `${this.name} ${String(this.stepNumber).padStart(2, '0')} ${title}`;
    this.currentFile = file;
    this.stepAllowances = options.expect ?? [];
    const before = this.problems.length;
    const started = Date.now();
    let result: T;
    try {
      result = await action(this.page);
    } catch (error) {
      this.failed = true;
      await this.page.screenshot({ path: join(this.dir, `${file}-FAILED.png`) }).catch(() => {});
      const tree = await this.page
        .locator('body')
        .ariaSnapshot()
        .catch(() => '');
      writeFileSync(join(this.dir, `${file}-FAILED.txt`), `${this.page.url()}\n\n${tree}\n`);
      const reason = error instanceof Error ? error.message : String(error);
      const problems = this.problems.length ? `\npage problems so far:\n  ${this.problems.join('\n  ')}` : '';
      throw Object.assign(new Error(`step "${this.currentStep}" failed: ${reason}${problems}\n(screenshot: ${join(this.dir, `${file}-FAILED.png`)})`), {
        cause: error,
      });
    }
    this.timings.push({ step: title, ms: Date.now() - started });
    if (options.screenshot !== false) await this.shoot(`${file}.png`);
    if (this.problems.length > before) {
      this.failed = true;
      throw new Error(`step "${this.currentStep}": the page reported problems:\n  ${this.problems.slice(before).join('\n  ')}`);
    }
    return result;
  }

  /** A screenshot of the current step's state so far: `NN-<step>-<label>.png` (the step's own comes at its end). */
  async snap(label: string): Promise<string> {
    return this.shoot(`${this.currentFile}-${slug(label)}.png`);
  }

  private async shoot(file: string): Promise<string> {
    await settle(this.page);
    const path = join(this.dir, file);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Signs in through the sign-in page (the app asks `/api/v1/auth/me` first: 401 while signed
   * out). With `newPassword`, the password is a temporary one an admin set: the sign-in is refused
   * (403 PASSWORD_CHANGE_REQUIRED) and the page asks for the user's own, as on a first sign-in.
   */
  async signIn(user: E2eUser, tenant: string, options: { newPassword?: string } = {}): Promise<void> {
    const title = options.newPassword ? `first sign-in of ${user.displayName}: replace the temporary password` : `sign in as ${user.displayName}`;
    await this.step(
      title,
      async (page) => {
        await page.goto('/sign-in');
        await page.getByLabel('Email').fill(user.email);
        await page.getByLabel('Password', { exact: true }).fill(user.password);
        await page.getByLabel('Tenant').fill(tenant);
        await page.getByRole('button', { name: 'Sign in' }).click();
        if (options.newPassword) {
          await page.getByTestId('must-change-password').waitFor();
          await page.getByLabel('New password', { exact: true }).fill(options.newPassword);
          await page.getByLabel('New password, again').fill(options.newPassword);
          await this.snap('new-password');
          await page.getByRole('button', { name: 'Set password and sign in' }).click();
          user.password = options.newPassword;
        }
        await page.getByRole('button', { name: user.displayName }).waitFor();
      },
      {
        expect: [
          { method: 'GET', url: /\/api\/v1\/auth\/me$/, status: 401, why: 'signed out' },
          ...(options.newPassword
            ? [{ method: 'POST', url: /\/api\/v1\/auth\/sign-in$/, status: 403, why: 'PASSWORD_CHANGE_REQUIRED: a temporary password' }]
            : []),
        ],
      },
    );
  }

  /** Fails with every problem the page reported, then closes the context. */
  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    const total = ((Date.now() - this.started) / 1000).toFixed(1);
    process.stderr.write(`e2e ${this.name}: ${this.timings.length} steps in ${total} s; screenshots in ${this.dir}\n`);
    if (this.problems.length && !this.failed) throw new Error(`journey "${this.name}": the page reported problems:\n  ${this.problems.join('\n  ')}`);
  }
}
