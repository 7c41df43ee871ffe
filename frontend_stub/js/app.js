// Page wiring: config, node and records checks, the wallet, then one view per service.
// Contract calls live in ./services/<service>.js; names, errors and times come from the kit.
import { enumLabel, formatAmount, formatKst } from "../kit/index.js";
import {
  PageError,
  connectWallet,
  contractOf,
  ethers,
  explain,
  fetchJson,
  loadConfig,
  loadRecords,
  makeProvider,
  probeNode,
  short,
} from "./chain.js";
import { lang, otherLanguageUrl, t } from "./i18n.js";
import * as certs from "./services/certs.js";
import * as escrow from "./services/escrow.js";
import * as labor from "./services/labor.js";
import * as nw from "./services/nw.js";
import * as vehicle from "./services/vehicle.js";
import * as voting from "./services/voting.js";

const $ = (selector, root = document) => root.querySelector(selector);

/** Build an element: h("td", {class: "num", "data-testid": "x"}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith("on")) el[name] = value;
    else if (value !== false && value != null)
      el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null) continue;
    el.append(
      child instanceof Node ? child : document.createTextNode(String(child)),
    );
  }
  return el;
}

const body = (id) => $(`#${id} .body`);
export const row = (label, value, testid) =>
  h("tr", {}, h("th", {}, label), h("td", { "data-testid": testid }, value));
export const table = (attrs, ...rows) =>
  h("div", { class: "scroll" }, h("table", attrs, ...rows));
const nwText = (v) => `${formatAmount(v)} NW`;
const kst = (s) => formatKst(s, lang);
const label = (e, n) => enumLabel(e, n, lang);

function notDeployed(id, name) {
  $(`#${id}`).dataset.deployed = "false";
  body(id).replaceChildren(
    h(
      "p",
      { class: "absent", "data-testid": "not-deployed" },
      t("notDeployed", { name }),
    ),
  );
}

/** A status line that shows a transaction's progress and its outcome as a sentence. */
export function statusLine(testid) {
  const p = h("p", { class: "status", "data-testid": testid });
  p.run = async (ctx, contractName, send) => {
    p.className = "status";
    p.dataset.state = "sending";
    if (!ctx.signer) {
      p.textContent = t("needWallet");
      p.className = "status error";
      p.dataset.state = "rejected";
      return null;
    }
    p.textContent = t("sending");
    try {
      const receipt = await send();
      p.textContent = t("done", { block: receipt.blockNumber });
      p.className = "status ok";
      p.dataset.state = "done";
      return receipt;
    } catch (error) {
      p.textContent = t("rejected", { reason: explain(error, contractName) });
      p.className = "status error";
      p.dataset.state = "rejected";
      return null;
    }
  };
  return p;
}

const signed = (ctx, name) => contractOf(ctx.records, name, ctx.signer);

// ------------------------------------------------------------------------------- NW

async function renderNW(ctx) {
  const token = contractOf(ctx.records, nw.CONTRACT, ctx.provider);
  if (!token) return notDeployed("nw", nw.CONTRACT);
  $("#nw").dataset.deployed = "true";
  try {
    const s = await nw.summary(token);
    const shops = await nw.shops(token, ctx.records.contracts.NWToken.block);
    const nodes = [
      table(
        {},
        row(t("nwIssued"), nwText(s.issued), "nw-issued"),
        row(t("nwRedeemed"), nwText(s.redeemed), "nw-redeemed"),
        row(t("nwSupply"), nwText(s.supply), "nw-supply"),
        row(t("nwRedemptions"), formatAmount(s.redemptions), "nw-redemptions"),
        row(
          t("nwPolicy"),
          label("INWToken.SpendingPolicy", s.policy),
          "nw-policy",
        ),
        row(t("nwPaused"), s.paused ? t("yes") : t("no"), "nw-paused"),
        row(t("nwSealed"), s.sealed ? t("yes") : t("no"), "nw-sealed"),
      ),
      h("h3", {}, t("nwShops")),
      table(
        { "data-testid": "nw-shops" },
        h(
          "tr",
          {},
          h("th", {}, t("nwShop")),
          h("th", {}, t("nwStatus")),
          h("th", {}, t("nwRegistered")),
        ),
        shops.map((shop) =>
          h(
            "tr",
            { "data-testid": "nw-shop" },
            h(
              "td",
              { class: "mono", title: shop.address },
              short(shop.address),
            ),
            h("td", {}, label("INWToken.MerchantStatus", shop.status)),
            h("td", { class: "num" }, shop.block),
          ),
        ),
      ),
    ];
    if (ctx.account) {
      const balance = await nw.balanceOf(token, ctx.account);
      nodes.unshift(
        table({}, row(t("nwBalance"), nwText(balance), "nw-balance")),
      );
      const payStatus = statusLine("nw-pay-status");
      const select = h(
        "select",
        { name: "shop" },
        shops
          .filter((s) => s.status === 1)
          .map((s) => h("option", { value: s.address }, short(s.address))),
      );
      const amount = h("input", {
        name: "amount",
        type: "number",
        min: "1",
        value: "1000",
      });
      nodes.push(
        h(
          "form",
          {
            "data-testid": "nw-pay",
            onsubmit: async (e) => {
              e.preventDefault();
              const ok = await payStatus.run(ctx, nw.CONTRACT, () =>
                nw.pay(
                  signed(ctx, nw.CONTRACT),
                  select.value,
                  BigInt(amount.value),
                ),
              );
              if (ok)
                $("[data-testid=nw-balance]").textContent = nwText(
                  await nw.balanceOf(token, ctx.account),
                );
            },
          },
          h("label", {}, t("nwShop"), select),
          h("label", {}, t("nwAmount"), amount),
          h("button", { type: "submit" }, t("nwPay")),
        ),
        payStatus,
      );
      const redeemStatus = statusLine("nw-redeem-status");
      const rAmount = h("input", {
        name: "amount",
        type: "number",
        min: "1",
        value: "1000",
      });
      const ref = h("input", {
        name: "ref",
        size: "20",
        value: ethers.hexlify(ethers.randomBytes(32)),
      });
      nodes.push(
        h("h3", {}, t("nwRedeem")),
        h(
          "form",
          {
            "data-testid": "nw-redeem",
            onsubmit: async (e) => {
              e.preventDefault();
              const ok = await redeemStatus.run(ctx, nw.CONTRACT, () =>
                nw.redeem(
                  signed(ctx, nw.CONTRACT),
                  BigInt(rAmount.value),
                  ref.value,
                ),
              );
              if (ok)
                $("[data-testid=nw-balance]").textContent = nwText(
                  await nw.balanceOf(token, ctx.account),
                );
            },
          },
          h("label", {}, t("nwAmount"), rAmount),
          h("label", {}, t("nwSettlement"), ref),
          h("button", { type: "submit" }, t("nwRedeem")),
        ),
        redeemStatus,
      );
    }
    body("nw").replaceChildren(...nodes);
  } catch (error) {
    body("nw").replaceChildren(
      h(
        "p",
        { class: "error", "data-testid": "error" },
        explain(error, nw.CONTRACT),
      ),
    );
  }
  $("#nw").dataset.loaded = String(Number($("#nw").dataset.loaded || 0) + 1);
}

// --------------------------------------------------------------------------- voting

const saltKey = (ctx, ballotId, seat) =>
  `mvoting-salt:${ctx.records.contracts.MVoting.address}:${ballotId}:${seat}`;

async function renderBallot(ctx, ballotId) {
  const section = $("#voting");
  const out = $("[data-testid=ballot-view]");
  section.dataset.loaded = "false";
  const contract = contractOf(ctx.records, voting.CONTRACT, ctx.provider);
  try {
    const now = Number(
      (await ctx.provider.send("eth_getBlockByNumber", ["latest", false]))
        .timestamp,
    );
    const b = await voting.ballot(contract, ballotId, now);
    const nodes = [
      table(
        {},
        row(t("ballotId"), b.id, "ballot-id"),
        row(t("ballotMode"), b.secret ? t("secret") : t("open"), "ballot-mode"),
        row(t("phase"), t(`phase${b.phase}`), "ballot-phase"),
        row(t("window"), `${kst(b.start)} → ${kst(b.end)}`, "ballot-window"),
        row(
          t("turnoutVotes"),
          formatAmount(b.turnoutVotes),
          "ballot-turnout-votes",
        ),
        row(
          t("turnoutWeight"),
          formatAmount(b.turnoutWeight),
          "ballot-turnout-weight",
        ),
      ),
    ];
    if (b.result) {
      nodes.push(
        h("h3", {}, t("result")),
        table(
          {},
          row(
            t("outcome"),
            label("IMVoting.Outcome", b.result.outcome),
            "ballot-outcome",
          ),
          row(
            t("winner"),
            b.result.outcome === 1 ? t("option", { n: b.result.winner }) : "-",
            "ballot-winner",
          ),
        ),
        table(
          { "data-testid": "ballot-tallies" },
          h(
            "tr",
            {},
            h("th", {}, t("choice")),
            h("th", {}, t("tallyVotes")),
            h("th", {}, t("tallyWeight")),
          ),
          b.tallies.map((x, i) =>
            h(
              "tr",
              {},
              h("td", {}, i),
              h("td", { class: "num" }, x.votes),
              h("td", { class: "num" }, x.weight),
            ),
          ),
        ),
      );
    } else {
      nodes.push(h("p", { "data-testid": "ballot-no-result" }, t("noResult")));
    }
    nodes.push(await electorateView(ctx, b));
    out.replaceChildren(...nodes);
  } catch (error) {
    out.replaceChildren(
      h(
        "p",
        { class: "error", "data-testid": "error" },
        explain(error, voting.CONTRACT),
      ),
    );
  }
  section.dataset.loaded = "true";
}

/** The electorate file of the ballot, checked against its root; the seats of the connected
 * account and the vote, commit or reveal form. */
async function electorateView(ctx, b) {
  const wrap = h("div", { "data-testid": "electorate" });
  if (!ctx.config.electorates) return wrap;
  const url = new URL(
    `${b.id}.json`,
    new URL(ctx.config.electorates, window.location.href),
  ).href;
  let tree;
  try {
    tree = voting.electorate(await fetchJson(url));
  } catch {
    wrap.append(
      h(
        "p",
        { class: "error", "data-testid": "electorate-status" },
        t("electorateMissing", { url }),
      ),
    );
    return wrap;
  }
  if (tree.root.toLowerCase() !== String(b.root).toLowerCase()) {
    wrap.append(
      h(
        "p",
        { class: "error", "data-testid": "electorate-status" },
        t("electorateBad"),
      ),
    );
    return wrap;
  }
  wrap.append(
    h(
      "p",
      { class: "ok", "data-testid": "electorate-status" },
      t("electorateOk", { n: tree.size }),
    ),
  );
  if (!ctx.account || b.phase === "Finalized" || b.phase === "Cancelled")
    return wrap;
  const seats = tree.seatsOf(ctx.account);
  if (!seats.length) {
    wrap.append(h("p", { "data-testid": "no-seat" }, t("noSeat")));
    return wrap;
  }
  const seatSelect = h(
    "select",
    { name: "seat" },
    seats.map((s) =>
      h(
        "option",
        { value: s.seat },
        t("seatWeight", { seat: s.seat, weight: s.weight }),
      ),
    ),
  );
  const choice = h(
    "select",
    { name: "choice" },
    Array.from({ length: b.options }, (_, i) =>
      h("option", { value: i }, t("option", { n: i })),
    ),
  );
  const status = statusLine("vote-status");
  const picked = () => seats.find((s) => String(s.seat) === seatSelect.value);
  const act = async (e) => {
    e.preventDefault();
    $("#voting").dataset.loaded = "false"; // true again once the ballot is shown anew
    const { seat, weight } = picked();
    const proof = tree.proof(seat);
    const contract = signed(ctx, voting.CONTRACT);
    let send;
    if (!b.secret) {
      send = () =>
        voting.castVote(contract, {
          ballotId: b.id,
          seat,
          weight,
          choice: BigInt(choice.value),
          proof,
        });
    } else if (b.phase === "Open") {
      const salt = ethers.hexlify(ethers.randomBytes(32));
      const c = voting.commitment(
        ctx.records.contracts.MVoting.address,
        b.id,
        seat,
        BigInt(choice.value),
        salt,
      );
      localStorage.setItem(
        saltKey(ctx, b.id, seat),
        JSON.stringify({ choice: choice.value, salt }),
      );
      send = () =>
        voting.commitVote(contract, {
          ballotId: b.id,
          seat,
          weight,
          commitment: c,
          proof,
        });
    } else {
      const kept = JSON.parse(
        localStorage.getItem(saltKey(ctx, b.id, seat)) || "null",
      );
      if (!kept) {
        status.textContent = t("noSalt");
        status.dataset.state = "rejected";
        $("#voting").dataset.loaded = "true";
        return;
      }
      send = () =>
        voting.revealVote(contract, {
          ballotId: b.id,
          seat,
          choice: BigInt(kept.choice),
          salt: kept.salt,
        });
    }
    const receipt = await status.run(ctx, voting.CONTRACT, send);
    $("#voting").dataset.voteState = receipt ? "counted" : "rejected";
    const last = status.textContent;
    if (!receipt) $("#voting").dataset.loaded = "true";
    if (receipt) {
      await renderBallot(ctx, b.id);
      const again = $("[data-testid=vote-status]");
      if (again) {
        again.textContent = last;
        again.className = "status ok";
        again.dataset.state = "done";
      }
    }
  };
  const button = b.secret
    ? b.phase === "Revealing"
      ? t("reveal")
      : t("commit")
    : t("vote");
  const parts = [
    h(
      "form",
      { "data-testid": "vote-form", onsubmit: act },
      h("label", {}, t("seat"), seatSelect),
      b.secret && b.phase === "Revealing"
        ? null
        : h("label", {}, t("choice"), choice),
      h("button", { type: "submit" }, button),
    ),
    b.secret
      ? h(
          "p",
          { class: "warn", "data-testid": "salt-warning" },
          t("saltWarning"),
        )
      : null,
    status,
  ].filter(Boolean);
  wrap.append(...parts);
  return wrap;
}

function setUpVoting(ctx) {
  if (!contractOf(ctx.records, voting.CONTRACT, ctx.provider))
    return notDeployed("voting", voting.CONTRACT);
  $("#voting").dataset.deployed = "true";
  const id = h("input", {
    name: "ballotId",
    type: "number",
    min: "1",
    value: "1",
  });
  body("voting").replaceChildren(
    h(
      "form",
      {
        "data-testid": "ballot-lookup",
        onsubmit: (e) => {
          e.preventDefault();
          renderBallot(ctx, BigInt(id.value));
        },
      },
      h("label", {}, t("ballotId"), id),
      h("button", { type: "submit" }, t("show")),
    ),
    h("div", { "data-testid": "ballot-view" }),
  );
}

// -------------------------------------------------------------------------- vehicle

async function renderVehicle(ctx, vin, offset = 0) {
  const section = $("#vehicle");
  const out = $("[data-testid=vehicle-view]");
  const registry = contractOf(ctx.records, vehicle.CONTRACT, ctx.provider);
  const limit = ctx.config.historyPageSize ?? 5;
  section.dataset.loaded = "false";
  try {
    const v = await vehicle.lookup(registry, vin);
    const records = vehicle.historyPage(v.records, offset, limit);
    const segs = vehicle.segments(v.records);
    const last = Math.min(offset + records.length, v.recordCount);
    const prev = h(
      "button",
      { type: "button", "data-testid": "history-prev" },
      t("newer"),
    );
    const next = h(
      "button",
      { type: "button", "data-testid": "history-next" },
      t("older"),
    );
    prev.disabled = offset === 0;
    next.disabled = offset + limit >= v.recordCount;
    prev.onclick = () => renderVehicle(ctx, vin, Math.max(0, offset - limit));
    next.onclick = () => renderVehicle(ctx, vin, offset + limit);
    const sale = v.sale
      ? `#${v.openSale} ${label("IVehicleRegistry.SaleStatus", v.sale.status)} · ${formatAmount(v.sale.price)} · ${kst(v.sale.expiresAt)}`
      : t("noSale");
    out.replaceChildren(
      table(
        {},
        row(t("vin"), v.vin, "vehicle-vin"),
        row(
          t("owner"),
          v.scrappedAt ? t("scrapped") : v.owner,
          "vehicle-owner",
        ),
        row(t("registered"), kst(v.registeredAt), "vehicle-registered"),
        row(t("mileage"), formatAmount(v.highestMileage), "vehicle-mileage"),
        row(t("recordCount"), v.recordCount, "vehicle-record-count"),
        row(t("ownerCount"), v.ownershipCount, "vehicle-ownership-count"),
        row(t("sale"), sale, "vehicle-sale"),
        row(
          t("segments"),
          segs
            .map(
              (s) =>
                `${t("segment", { n: s.segment })}: ${formatAmount(s.highest)} km`,
            )
            .join(" · "),
          "vehicle-segments",
        ),
      ),
      h("h3", {}, t("history")),
      table(
        { "data-testid": "history" },
        h(
          "tr",
          {},
          [
            "#",
            t("kind"),
            t("time"),
            t("mileage"),
            t("severity"),
            t("writer"),
            t("corrects"),
            t("correctedBy"),
          ].map((x) => h("th", {}, x)),
        ),
        records.map((r) =>
          h(
            "tr",
            { "data-testid": "history-row" },
            h("td", { class: "num" }, r.id),
            h("td", {}, label("IVehicleRegistry.RecordKind", r.kind)),
            h("td", {}, kst(r.timestamp)),
            h(
              "td",
              { class: "num" },
              r.mileage ? formatAmount(r.mileage) : "-",
            ),
            h("td", { class: "num" }, r.severity || "-"),
            h("td", { class: "mono", title: r.writer }, short(r.writer)),
            h("td", { class: "num" }, r.corrects || "-"),
            h("td", { class: "num" }, r.correctedBy || "-"),
          ),
        ),
      ),
      h(
        "div",
        { class: "pager" },
        prev,
        h(
          "span",
          { "data-testid": "history-range" },
          t("range", {
            from: records.length ? offset + 1 : 0,
            to: last,
            total: v.recordCount,
          }),
        ),
        next,
      ),
    );
  } catch (error) {
    out.replaceChildren(
      h(
        "p",
        { class: "error", "data-testid": "error" },
        explain(error, vehicle.CONTRACT),
      ),
    );
  }
  section.dataset.loaded = "true";
}

function setUpVehicle(ctx) {
  if (!contractOf(ctx.records, vehicle.CONTRACT, ctx.provider))
    return notDeployed("vehicle", vehicle.CONTRACT);
  $("#vehicle").dataset.deployed = "true";
  const vin = h("input", { name: "vin", size: "18", maxlength: "17" });
  body("vehicle").replaceChildren(
    h(
      "form",
      {
        "data-testid": "vehicle-lookup",
        onsubmit: (e) => {
          e.preventDefault();
          renderVehicle(ctx, vin.value.trim().toUpperCase());
        },
      },
      h("label", {}, t("vin"), vin),
      h("button", { type: "submit" }, t("lookUp")),
    ),
    h("div", { "data-testid": "vehicle-view" }),
  );
}

// --------------------------------------------------------------------------- escrow

async function renderEscrow(ctx) {
  const contract = contractOf(ctx.records, escrow.CONTRACT, ctx.provider);
  if (!contract) return notDeployed("escrow", escrow.CONTRACT);
  $("#escrow").dataset.deployed = "true";
  const token =
    ctx.config.escrowToken || ctx.records.contracts.NWToken?.address;
  if (!ctx.account || !token) {
    body("escrow").replaceChildren(h("p", {}, t("needWallet")));
    return;
  }
  try {
    const p = await escrow.position(contract, token, ctx.account);
    const status = statusLine("escrow-status");
    body("escrow").replaceChildren(
      table(
        {},
        row(t("token"), short(token), "escrow-token"),
        row(t("credited"), nwText(p.credited), "escrow-credited"),
        row(t("owedTotal"), nwText(p.owed), "escrow-owed"),
      ),
      h(
        "form",
        {
          "data-testid": "escrow-withdraw",
          onsubmit: async (e) => {
            e.preventDefault();
            const text = await status.run(ctx, escrow.CONTRACT, () =>
              escrow.withdraw(signed(ctx, escrow.CONTRACT), token, ctx.account),
            );
            const kept = status.textContent;
            const state = status.dataset.state;
            if (text) await renderEscrow(ctx);
            const again = $("[data-testid=escrow-status]");
            again.textContent = kept;
            again.dataset.state = state;
            again.className = `status ${state === "done" ? "ok" : "error"}`;
          },
        },
        h("button", { type: "submit" }, t("withdraw")),
      ),
      status,
    );
  } catch (error) {
    body("escrow").replaceChildren(
      h("p", { class: "error" }, explain(error, escrow.CONTRACT)),
    );
  }
}

// ---------------------------------------------------------------------- certificates

function setUpCerts(ctx) {
  const registry = contractOf(ctx.records, certs.CONTRACT, ctx.provider);
  if (!registry) return notDeployed("certs", certs.CONTRACT);
  $("#certs").dataset.deployed = "true";
  const id = h("input", {
    name: "certificateId",
    type: "number",
    min: "1",
    value: "1",
  });
  const claim = h("textarea", { name: "claim", rows: "4" });
  const out = h("div", { "data-testid": "cert-view" });
  const verify = async (e) => {
    e.preventDefault();
    $("#certs").dataset.loaded = "false";
    try {
      const c = await certs.check(registry, BigInt(id.value));
      const v = c.view;
      const nodes = [
        table(
          {},
          row(
            t("validity"),
            label("ICertificateRegistry.Validity", c.validity),
            "cert-validity",
          ),
          row(t("holder"), short(v.holder), "cert-holder"),
          row(t("certType"), v.typeId, "cert-type"),
          row(
            t("status"),
            label("ICertificateRegistry.CertificateStatus", v.status),
            "cert-status",
          ),
          row(t("issuedAt"), kst(v.issuedAt), "cert-issued"),
          row(t("expiresAt"), kst(v.expiresAt), "cert-expires"),
        ),
      ];
      if (claim.value.trim()) {
        let disclosed;
        try {
          disclosed = JSON.parse(claim.value);
        } catch {
          disclosed = null;
        }
        if (!disclosed)
          nodes.push(
            h(
              "p",
              { class: "error", "data-testid": "cert-claim" },
              t("badJson"),
            ),
          );
        else {
          const ok = await certs.verifyClaim(
            registry,
            BigInt(id.value),
            disclosed,
          );
          nodes.push(
            h(
              "p",
              { class: ok ? "ok" : "error", "data-testid": "cert-claim" },
              ok ? t("claimOk") : t("claimBad"),
            ),
          );
        }
      }
      out.replaceChildren(...nodes);
    } catch (error) {
      out.replaceChildren(
        h(
          "p",
          { class: "error", "data-testid": "error" },
          explain(error, certs.CONTRACT),
        ),
      );
    }
    $("#certs").dataset.loaded = "true";
  };
  body("certs").replaceChildren(
    h(
      "form",
      { "data-testid": "cert-verify", onsubmit: verify },
      h("label", {}, t("certId"), id),
      h("label", { class: "wide" }, t("claimJson"), claim),
      h("button", { type: "submit" }, t("verify")),
    ),
    out,
  );
}

// ----------------------------------------------------------------------------- main

async function renderAll(ctx) {
  await renderNW(ctx);
  setUpVoting(ctx);
  setUpVehicle(ctx);
  await renderEscrow(ctx);
  setUpCerts(ctx);
  ctx.laborUi ??= {};
  await labor.render(
    ctx,
    Object.assign(ctx.laborUi, {
      body: body("labor"),
      section: $("#labor"),
      h,
      row,
      table,
      statusLine,
      notDeployed,
    }),
  );
}

async function main() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-i18n]"))
    el.textContent = t(el.dataset.i18n);
  const switcher = $("#lang-switch");
  switcher.textContent = t("lang");
  switcher.href = otherLanguageUrl();
  const status = $("[data-testid=app-status]");
  status.textContent = t("loading");
  try {
    const config = await loadConfig();
    $("[data-testid=rpc]").textContent = config.rpc;
    if (config.dev) {
      $("[data-testid=dev-warning]").hidden = false;
      $("[data-testid=dev-warning]").textContent = t("devWarning");
    }
    const node = await probeNode(config.rpc);
    $("[data-testid=chain]").textContent = t("chainText", {
      id: node.chainId,
      genesis: short(node.genesisHash),
    });
    const records = await loadRecords(config, node);
    const provider = makeProvider(config, node.chainId);
    const ctx = { config, provider, records, signer: null, account: null };
    $("[data-testid=account]").textContent = t("readOnly");
    const connect = $("#connect");
    if (!window.ethereum && !config.dev) connect.title = t("noWallet");
    connect.onclick = async () => {
      try {
        ctx.signer = await connectWallet(config, provider, node.chainId);
        ctx.account = await ctx.signer.getAddress();
        $("[data-testid=account]").textContent = ctx.account;
        status.textContent = t("ready");
        await renderAll(ctx);
        document.body.dataset.wallet = "connected";
      } catch (error) {
        status.className = "status error";
        status.textContent = explain(error);
        document.body.dataset.wallet = "failed";
      }
    };
    await renderAll(ctx);
    status.textContent = t("ready");
    document.body.dataset.ready = "true";
  } catch (error) {
    status.className = "status error";
    status.textContent =
      error instanceof PageError ? error.message : explain(error);
    document.body.dataset.ready = "error";
    $("main").hidden = true;
  }
}

main();
