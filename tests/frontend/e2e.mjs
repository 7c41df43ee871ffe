// Drives the frontend stub in Debian's chromium through playwright-core and prints what
// the page shows as one JSON object; the pytest side compares it with the chain.
// Usage: node e2e.mjs '<json plan>'  (plan: see test_frontend_e2e.py::_plan)
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(resolve("frontend_stub/package.json"));
const { chromium } = require("playwright-core");

const plan = JSON.parse(process.argv[2]);
const TIMEOUT = 15_000;
const out = { console: [] };

const text = async (page, selector) => (await page.locator(selector).first().textContent())?.trim();
const texts = async (page, selector) =>
  (await page.locator(selector).allTextContents()).map((t) => t.trim());

async function sectionState(page, id) {
  return {
    deployed: await page.getAttribute(`#${id}`, "data-deployed"),
    notDeployed: (await page.locator(`#${id} [data-testid=not-deployed]`).count()) > 0,
  };
}

async function readBallot(page, ballotId) {
  await page.fill("#ballot input[name=ballotId]", String(ballotId));
  await page.click("#ballot button[type=submit]");
  await page.waitForSelector("#ballot[data-loaded=true]", { timeout: TIMEOUT });
  const result = {
    phase: await text(page, "[data-testid=ballot-phase]"),
    turnoutVotes: await text(page, "[data-testid=ballot-turnout-votes]"),
    turnoutWeight: await text(page, "[data-testid=ballot-turnout-weight]"),
    error: (await page.locator("#ballot [data-testid=error]").count())
      ? await text(page, "#ballot [data-testid=error]")
      : null,
  };
  if (await page.locator("[data-testid=ballot-outcome]").count()) {
    result.outcome = await text(page, "[data-testid=ballot-outcome]");
    result.winner = await text(page, "[data-testid=ballot-winner]");
    result.tallies = await page.$$eval("[data-testid=ballot-tallies] tr", (rows) =>
      rows.slice(1).map((r) => [...r.children].map((c) => c.textContent.trim())),
    );
  }
  return result;
}

async function historyRows(page) {
  return page.$$eval("[data-testid=history-row]", (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent.trim())),
  );
}

const userDataDir = mkdtempSync(join(tmpdir(), "civic-chromium-"));
// a new, empty user-data-dir: playwright takes it as launchPersistentContext's argument
const browser = await chromium.launchPersistentContext(userDataDir, {
  executablePath: plan.chromium,
  viewport: { width: 1100, height: 900 },
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage();
  page.on("console", (m) => out.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => out.console.push(`pageerror: ${e.message}`));
  await page.goto(plan.url);
  await page.waitForSelector("body[data-ready]", { timeout: TIMEOUT });
  out.ready = await page.getAttribute("body", "data-ready");
  out.status = await text(page, "[data-testid=app-status]");
  out.chain = await text(page, "[data-testid=chain]");
  out.account = await text(page, "[data-testid=account]");
  out.devWarning = await text(page, "[data-testid=dev-warning]");
  out.sections = {};
  for (const id of ["nw", "ballot", "vote", "vehicle"])
    out.sections[id] = await sectionState(page, id);

  if (out.sections.nw.deployed === "true") {
    out.nw = {};
    for (const key of [
      "issued",
      "redeemed",
      "supply",
      "redemptions",
      "policy",
      "paused",
      "sealed",
    ]) {
      out.nw[key] = await text(page, `[data-testid=nw-${key}]`);
    }
  }

  if (out.sections.ballot.deployed === "true" && plan.ballots) {
    out.ballots = {};
    if (plan.ballots.closed) out.ballots.closed = await readBallot(page, plan.ballots.closed);
    if (plan.ballots.live) out.ballots.liveBefore = await readBallot(page, plan.ballots.live);
    if (plan.vote) {
      const v = plan.vote;
      await page.fill("#vote input[name=ballotId]", String(v.ballotId));
      await page.fill("#vote input[name=choice]", String(v.choice));
      await page.fill("#vote input[name=index]", String(v.index));
      await page.fill("#vote input[name=weight]", String(v.weight));
      await page.fill("#vote textarea[name=proof]", JSON.stringify(v.proof));
      await page.click("#vote button[type=submit]");
      await page.waitForSelector("#vote[data-state=counted], #vote[data-state=rejected]", {
        timeout: TIMEOUT,
      });
      out.voteState = await page.getAttribute("#vote", "data-state");
      out.voteStatus = await text(page, "[data-testid=vote-status]");
      await page.waitForSelector("#ballot[data-loaded=true]", { timeout: TIMEOUT });
      out.ballots.liveAfter = await readBallot(page, v.ballotId);
      // the same vote again: the page must show the contract's custom error
      await page.click("#vote button[type=submit]");
      await page.waitForSelector("#vote[data-state=rejected]", { timeout: TIMEOUT });
      out.revoteStatus = await text(page, "[data-testid=vote-status]");
    }
    if (plan.ballots.closed) {
      // leave the finalized result on screen for the screenshot
      await readBallot(page, plan.ballots.closed);
    }
  }

  if (out.sections.vehicle.deployed === "true" && plan.vin) {
    await page.fill("#vehicle input[name=vin]", plan.vin);
    await page.click("#vehicle button[type=submit]");
    await page.waitForSelector("#vehicle[data-loaded=true] [data-testid=history-range]", {
      timeout: TIMEOUT,
    });
    out.vehicle = {
      vin: await text(page, "[data-testid=vehicle-vin]"),
      owner: await text(page, "[data-testid=vehicle-owner]"),
      mileage: await text(page, "[data-testid=vehicle-mileage]"),
      recordCount: await text(page, "[data-testid=vehicle-record-count]"),
      pages: [
        { range: await text(page, "[data-testid=history-range]"), rows: await historyRows(page) },
      ],
    };
    await page.screenshot({ path: plan.screenshot, fullPage: true });
    while (await page.locator("[data-testid=history-next]:not([disabled])").count()) {
      await page.click("[data-testid=history-next]");
      await page.waitForSelector("#vehicle[data-loaded=true] [data-testid=history-range]", {
        timeout: TIMEOUT,
      });
      out.vehicle.pages.push({
        range: await text(page, "[data-testid=history-range]"),
        rows: await historyRows(page),
      });
    }
    if (plan.unknownVin) {
      await page.fill("#vehicle input[name=vin]", plan.unknownVin);
      await page.click("#vehicle button[type=submit]");
      await page.waitForSelector("#vehicle[data-loaded=true]", { timeout: TIMEOUT });
      out.vehicle.unknown = await text(page, "#vehicle .body");
    }
  } else {
    await page.screenshot({ path: plan.screenshot, fullPage: true });
  }
} finally {
  await browser.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out));
