// Drives the page in Debian's chromium through playwright-core and prints what it shows
// as one JSON object; the pytest side compares it with the chain.
// Usage: node e2e.mjs '<json plan>'  (plan: see test_frontend_e2e.py)
// The wallet is an injected EIP-1193 provider: reads go to the node, transactions are
// signed in the page with ethers' Wallet from the plan's test key (not a node account).
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(resolve("frontend_stub/package.json"));
const { chromium } = require("playwright-core");

const plan = JSON.parse(process.argv[2]);
const TIMEOUT = 20_000;
const out = { console: [] };

const text = async (page, selector) =>
  (await page.locator(selector).first().textContent())?.trim();
const rows = (page, selector) =>
  page.$$eval(selector, (rs) =>
    rs.map((r) => [...r.children].map((c) => c.textContent.trim())),
  );

function injectWallet({ rpc, key }) {
  let wallet;
  const call = async (method, params) => {
    const response = await fetch(rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = await response.json();
    if (body.error)
      throw Object.assign(new Error(body.error.message), body.error);
    return body.result;
  };
  window.ethereum = {
    isTestWallet: true,
    on() {},
    removeListener() {},
    async request({ method, params = [] }) {
      if (!wallet) {
        const { ethers } = await import(
          "/frontend_stub/node_modules/ethers/dist/ethers.min.js"
        );
        // no response cache: two sends within its default 250 ms would get one nonce
        wallet = new ethers.Wallet(
          key,
          new ethers.JsonRpcProvider(rpc, undefined, { cacheTimeout: -1 }),
        );
      }
      if (method === "eth_requestAccounts" || method === "eth_accounts")
        return [wallet.address];
      if (method === "wallet_switchEthereumChain") {
        if (BigInt(await call("eth_chainId", [])) !== BigInt(params[0].chainId))
          throw Object.assign(new Error("Unrecognized chain"), { code: 4902 });
        return null;
      }
      if (method === "eth_sendTransaction") {
        const tx = params[0];
        const sent = await wallet.sendTransaction({
          // the wallet keeps its own count, as a real wallet does
          nonce: Number(
            await call("eth_getTransactionCount", [wallet.address, "pending"]),
          ),
          to: tx.to,
          data: tx.data,
          value: tx.value ?? 0,
          gasLimit: tx.gas,
        });
        return sent.hash;
      }
      return call(method, params);
    },
  };
}

async function readBallot(page, ballotId) {
  await page.fill("#voting input[name=ballotId]", String(ballotId));
  await page.click("[data-testid=ballot-lookup] button");
  await page.waitForSelector("#voting[data-loaded=true]", { timeout: TIMEOUT });
  const result = {
    phase: await text(page, "[data-testid=ballot-phase]"),
    window: await text(page, "[data-testid=ballot-window]"),
    turnoutVotes: await text(page, "[data-testid=ballot-turnout-votes]"),
    turnoutWeight: await text(page, "[data-testid=ballot-turnout-weight]"),
    electorate: (await page.locator("[data-testid=electorate-status]").count())
      ? await text(page, "[data-testid=electorate-status]")
      : null,
  };
  if (await page.locator("[data-testid=ballot-outcome]").count()) {
    result.outcome = await text(page, "[data-testid=ballot-outcome]");
    result.winner = await text(page, "[data-testid=ballot-winner]");
    result.tallies = (
      await rows(page, "[data-testid=ballot-tallies] tr")
    ).slice(1);
  }
  return result;
}

/** The text at `selector` once it differs from `before` (a view redrawn after a
 * transaction reads the chain again); after 5 s whatever it shows, for the test to judge. */
async function textAfter(page, selector, before) {
  for (let i = 0; i < 50; i += 1) {
    const now = await text(page, selector).catch(() => before);
    if (now !== before) return now;
    await new Promise((done) => setTimeout(done, 100));
  }
  return text(page, selector);
}

async function waitState(page, selector) {
  await page.waitForSelector(
    `${selector}[data-state=done], ${selector}[data-state=rejected]`,
    {
      timeout: TIMEOUT,
    },
  );
  return {
    state: await page.getAttribute(selector, "data-state"),
    text: await text(page, selector),
  };
}

const userDataDir = mkdtempSync(join(tmpdir(), "civic-chromium-"));
const browser = await chromium.launchPersistentContext(userDataDir, {
  executablePath: plan.chromium,
  viewport: { width: 1100, height: 900 },
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
  ],
});
try {
  await browser.addInitScript(injectWallet, { rpc: plan.rpc, key: plan.key });
  const page = await browser.newPage();
  page.on("console", (m) => out.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => out.console.push(`pageerror: ${e.message}`));

  // the node unreachable, then records of another chain: one load each
  for (const [name, url] of Object.entries(plan.broken)) {
    await page.goto(url);
    await page.waitForSelector("body[data-ready]", { timeout: TIMEOUT });
    out[name] = {
      ready: await page.getAttribute("body", "data-ready"),
      status: await text(page, "[data-testid=app-status]"),
    };
  }
  out.console = [];

  await page.goto(plan.url);
  await page.waitForSelector("body[data-ready]", { timeout: TIMEOUT });
  out.ready = await page.getAttribute("body", "data-ready");
  out.status = await text(page, "[data-testid=app-status]");
  out.chain = await text(page, "[data-testid=chain]");
  out.accountBefore = await text(page, "[data-testid=account]");
  out.devWarningHidden = await page
    .locator("[data-testid=dev-warning]")
    .isHidden();
  out.sections = {};
  for (const id of ["nw", "voting", "vehicle", "escrow", "certs", "labor"])
    out.sections[id] = await page.getAttribute(`#${id}`, "data-deployed");
  out.nwReadOnly = await text(page, "[data-testid=nw-issued]");

  await page.click("#connect");
  await page.waitForSelector("body[data-wallet]", { timeout: TIMEOUT });
  out.wallet = await page.getAttribute("body", "data-wallet");
  out.account = await text(page, "[data-testid=account]");

  // NW: totals, balance, shops, a payment to the first shop
  out.nw = {};
  for (const key of [
    "issued",
    "redeemed",
    "supply",
    "redemptions",
    "policy",
    "paused",
    "sealed",
    "balance",
  ])
    out.nw[key] = await text(page, `[data-testid=nw-${key}]`);
  out.nw.shops = await rows(page, "[data-testid=nw-shop]");
  await page.fill("[data-testid=nw-pay] input[name=amount]", String(plan.pay));
  await page.click("[data-testid=nw-pay] button");
  out.nw.pay = await waitState(page, "[data-testid=nw-pay-status]");
  out.nw.balanceAfter = await textAfter(
    page,
    "[data-testid=nw-balance]",
    out.nw.balance,
  );

  // voting: a finalized result, then the live ballot with the electorate file
  out.ballots = { closed: await readBallot(page, plan.ballots.closed) };
  out.ballots.liveBefore = await readBallot(page, plan.ballots.live);
  out.seats = await page.$$eval(
    "[data-testid=vote-form] select[name=seat] option",
    (os) => os.map((o) => o.textContent),
  );
  await page.selectOption(
    "[data-testid=vote-form] select[name=seat]",
    String(plan.vote.seat),
  );
  await page.selectOption(
    "[data-testid=vote-form] select[name=choice]",
    String(plan.vote.choice),
  );
  await page.click("[data-testid=vote-form] button");
  await page.waitForSelector("#voting[data-vote-state]", { timeout: TIMEOUT });
  out.voteState = await page.getAttribute("#voting", "data-vote-state");
  await page.waitForSelector("#voting[data-loaded=true]", { timeout: TIMEOUT });
  out.ballots.liveAfter = await readBallot(page, plan.ballots.live);
  await page.selectOption(
    "[data-testid=vote-form] select[name=seat]",
    String(plan.vote.seat),
  );
  await page.click("[data-testid=vote-form] button");
  out.revote = await waitState(page, "[data-testid=vote-status]");

  // vehicle: summary and both history pages, then an unknown VIN
  await page.fill("#vehicle input[name=vin]", plan.vin);
  await page.click("[data-testid=vehicle-lookup] button");
  await page.waitForSelector(
    "#vehicle[data-loaded=true] [data-testid=history-range]",
    { timeout: TIMEOUT },
  );
  out.vehicle = {};
  for (const key of [
    "vin",
    "owner",
    "mileage",
    "record-count",
    "sale",
    "segments",
  ])
    out.vehicle[key] = await text(page, `[data-testid=vehicle-${key}]`);
  out.vehicle.pages = [
    {
      range: await text(page, "[data-testid=history-range]"),
      rows: await rows(page, "[data-testid=history-row]"),
    },
  ];
  await page.click("[data-testid=history-next]");
  await page.waitForSelector(
    "#vehicle[data-loaded=true] [data-testid=history-range]",
    { timeout: TIMEOUT },
  );
  out.vehicle.pages.push({
    range: await text(page, "[data-testid=history-range]"),
    rows: await rows(page, "[data-testid=history-row]"),
  });
  await page.fill("#vehicle input[name=vin]", plan.unknownVin);
  await page.click("[data-testid=vehicle-lookup] button");
  await page.waitForSelector("#vehicle[data-loaded=true] [data-testid=error]", {
    timeout: TIMEOUT,
  });
  out.vehicle.unknown = await text(page, "#vehicle [data-testid=error]");

  // escrow: what is credited to the payee, then a withdrawal
  out.escrow = { credited: await text(page, "[data-testid=escrow-credited]") };
  await page.click("[data-testid=escrow-withdraw] button");
  out.escrow.withdraw = await waitState(page, "[data-testid=escrow-status]");
  out.escrow.creditedAfter = await textAfter(
    page,
    "[data-testid=escrow-credited]",
    out.escrow.credited,
  );

  // certificates: a certificate with a disclosed claim, then an altered claim
  out.certs = [];
  for (const claim of [plan.claim, { ...plan.claim, value: plan.otherValue }]) {
    await page.fill(
      "[data-testid=cert-verify] input[name=certificateId]",
      String(plan.certificateId),
    );
    await page.fill(
      "[data-testid=cert-verify] textarea",
      JSON.stringify(claim),
    );
    await page.click("[data-testid=cert-verify] button");
    await page.waitForSelector(
      "#certs[data-loaded=true] [data-testid=cert-claim]",
      { timeout: TIMEOUT },
    );
    out.certs.push({
      validity: await text(page, "[data-testid=cert-validity]"),
      claim: await text(page, "[data-testid=cert-claim]"),
    });
  }

  // labor: the worker disputes the wrong Saturday, confirms the rest, checks the career
  out.labor = {
    status: await text(page, "[data-testid=labor-agreement-status]"),
  };
  out.labor.shiftsBefore = await rows(page, "[data-testid=labor-shift]");
  await page.locator("[data-testid=shift-dispute]").last().click();
  out.labor.dispute = await waitState(page, "[data-testid=labor-status]");
  await page.waitForSelector(
    "#labor[data-loaded=true] [data-testid=shift-confirm-all]",
    { timeout: TIMEOUT },
  );
  await page.click("[data-testid=shift-confirm-all]");
  out.labor.confirm = await waitState(page, "[data-testid=labor-status]");
  await page.waitForSelector("#labor[data-loaded=true]", { timeout: TIMEOUT });
  out.labor.shiftsAfter = await rows(page, "[data-testid=labor-shift]");
  out.labor.weeks = await rows(page, "[data-testid=labor-week]");
  await page.fill(
    "[data-testid=career-form] input[name=ids]",
    plan.agreementId,
  );
  await page.click("[data-testid=career-form] button");
  await page.waitForSelector("#labor[data-career=done]", { timeout: TIMEOUT });
  out.labor.career = {
    agreements: await text(page, "[data-testid=career-agreements]"),
    employers: await text(page, "[data-testid=career-employers]"),
    minutes: await text(page, "[data-testid=career-minutes]"),
  };

  // a secret ballot: commit (salt kept in this browser), the chain moves past the end,
  // then reveal from the kept salt (last: it moves the chain's clock)
  out.secret = {};
  await readBallot(page, plan.ballots.secret);
  out.secret.mode = await text(page, "[data-testid=ballot-mode]");
  out.secret.warning = await text(page, "[data-testid=salt-warning]");
  await page.selectOption("[data-testid=vote-form] select[name=seat]", "0");
  await page.selectOption("[data-testid=vote-form] select[name=choice]", "1");
  await page.click("[data-testid=vote-form] button");
  out.secret.commit = await waitState(page, "[data-testid=vote-status]");
  await page.waitForSelector("#voting[data-loaded=true]", { timeout: TIMEOUT });
  out.secret.saltKept = await page.evaluate(() =>
    Object.keys(localStorage).some((k) => k.startsWith("mvoting-salt:")),
  );
  const rpc = (method, params) =>
    fetch(plan.rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
  out.secret.clock = [
    await (await rpc("evm_setNextBlockTimestamp", [plan.secretEnd + 1])).json(),
    await (await rpc("evm_mine", [])).json(),
    (await (await rpc("eth_getBlockByNumber", ["latest", false])).json()).result
      .timestamp,
    plan.secretEnd,
  ];
  await readBallot(page, plan.ballots.secret);
  out.secret.phaseAfter = await text(page, "[data-testid=ballot-phase]");
  await page.selectOption("[data-testid=vote-form] select[name=seat]", "0");
  await page.click("[data-testid=vote-form] button");
  out.secret.reveal = await waitState(page, "[data-testid=vote-status]");
  await page.waitForSelector("#voting[data-loaded=true]", { timeout: TIMEOUT });

  await page.screenshot({ path: plan.screenshots.desktop, fullPage: true });

  // the shop that was paid redeems it, with its own wallet: one more page load
  const shop = await browser.newPage();
  await shop.addInitScript(injectWallet, {
    rpc: plan.rpc,
    key: plan.merchantKey,
  });
  await shop.goto(plan.url);
  await shop.waitForSelector("body[data-ready]", { timeout: TIMEOUT });
  await shop.click("#connect");
  await shop.waitForSelector("body[data-wallet] [data-testid=nw-redeem]", {
    timeout: TIMEOUT,
  });
  out.redeem = {
    account: await text(shop, "[data-testid=account]"),
    before: await text(shop, "[data-testid=nw-balance]"),
  };
  await shop.fill(
    "[data-testid=nw-redeem] input[name=amount]",
    String(plan.pay),
  );
  await shop.click("[data-testid=nw-redeem] button");
  out.redeem.result = await waitState(shop, "[data-testid=nw-redeem-status]");
  out.redeem.after = await textAfter(
    shop,
    "[data-testid=nw-balance]",
    out.redeem.before,
  );
  await shop.close();
  await page.setViewportSize({ width: 390, height: 844 });
  out.phoneScrollWidth = await page.evaluate(
    () => document.documentElement.scrollWidth,
  );
  await page.screenshot({ path: plan.screenshots.phone, fullPage: true });
} finally {
  await browser.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out));
