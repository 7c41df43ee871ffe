// Page wiring: reads the config and the deployment records, then renders each section.
// Calls to the contracts live in ./services/<service>.js (one small module per service).
import { devSigner, explain, fetchJson, loadConfig, loadContract, makeProvider } from "./chain.js";
import * as nw from "./services/nw.js";
import * as vehicle from "./services/vehicle.js";
import * as voting from "./services/voting.js";

const $ = (selector, root = document) => root.querySelector(selector);

/** Build an element: h("td", {class: "num", "data-testid": "x"}, "text", child, ...). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const child of children.flat()) {
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function show(section, ...nodes) {
  $(".body", section).replaceChildren(...nodes);
}

function notDeployed(section, contractName) {
  section.dataset.deployed = "false";
  const msg = h("p", { class: "absent", "data-testid": "not-deployed" });
  msg.textContent = `service not deployed (no ${contractName} in the records or its ABI)`;
  const body = $(".body", section);
  if (body) body.replaceChildren(msg);
  else section.append(msg);
  for (const form of section.querySelectorAll("form")) {
    for (const input of form.elements) input.disabled = true;
  }
}

function failed(error, contract) {
  return h("p", { class: "error", "data-testid": "error" }, explain(error, contract));
}

const row = (label, value, testid) =>
  h("tr", {}, h("th", {}, label), h("td", { class: "num", "data-testid": testid }, value));

const when = (seconds) =>
  seconds ? new Date(seconds * 1000).toISOString().replace(".000", "") : "-";

// ------------------------------------------------------------------------------- NW

async function renderNW(ctx) {
  const section = $("#nw");
  const found = await loadContract(ctx, nw.CONTRACT);
  if (!found) return notDeployed(section, nw.CONTRACT);
  section.dataset.deployed = "true";
  try {
    const s = await nw.summary(found.contract);
    show(
      section,
      h("p", { class: "mono" }, `${found.record.name} at ${found.record.address}`),
      h(
        "table",
        {},
        row(`Total issued (${s.symbol})`, s.issued, "nw-issued"),
        row(`Total redeemed (${s.symbol})`, s.redeemed, "nw-redeemed"),
        row(`Supply in circulation (${s.symbol})`, s.supply, "nw-supply"),
        row("Redemptions", s.redemptions, "nw-redemptions"),
        row("Spending policy", s.policy, "nw-policy"),
        row("Budget period", s.period, "nw-period"),
        row("Paused", s.paused ? "yes" : "no", "nw-paused"),
        row("Sealed", s.sealed ? "yes" : "no", "nw-sealed"),
      ),
    );
  } catch (error) {
    show(section, failed(error, found.contract));
  }
}

// --------------------------------------------------------------------------- ballot

async function renderBallot(ctx, ballotId) {
  const section = $("#ballot");
  const found = ctx.voting;
  section.dataset.loaded = "false";
  try {
    const now = Number((await ctx.provider.getBlock("latest")).timestamp);
    const b = await voting.ballot(found.contract, ballotId, now);
    const nodes = [
      h(
        "table",
        {},
        row("Ballot", b.id, "ballot-id"),
        row("Mode", b.secret ? "secret (commit/reveal)" : "open", "ballot-mode"),
        row("Phase", b.phase, "ballot-phase"),
        row("Window", `${when(b.start)} → ${when(b.end)}`, "ballot-window"),
        row("Turnout (voters)", b.turnoutVotes, "ballot-turnout-votes"),
        row("Turnout (weight)", b.turnoutWeight, "ballot-turnout-weight"),
      ),
    ];
    if (b.result) {
      const winner = b.result.outcome === "Winner" ? `option ${b.result.winner}` : "-";
      nodes.push(
        h("h3", {}, "Result"),
        h(
          "table",
          {},
          row("Outcome", b.result.outcome, "ballot-outcome"),
          row("Winner", winner, "ballot-winner"),
        ),
        h(
          "table",
          { "data-testid": "ballot-tallies" },
          h("tr", {}, h("th", {}, "Option"), h("th", {}, "Voters"), h("th", {}, "Weight")),
          b.tallies.map((t, i) =>
            h(
              "tr",
              {},
              h("td", {}, i),
              h("td", { class: "num" }, t.votes),
              h("td", { class: "num" }, t.weight),
            ),
          ),
        ),
      );
    } else {
      nodes.push(h("p", { "data-testid": "ballot-no-result" }, "Result: shown once finalized."));
    }
    show(section, ...nodes);
  } catch (error) {
    show(section, failed(error, found.contract));
  }
  section.dataset.loaded = "true";
}

// ----------------------------------------------------------------------------- vote

async function submitVote(ctx, form) {
  const status = $("[data-testid=vote-status]");
  const section = $("#vote");
  section.dataset.state = "sending";
  status.className = "status";
  status.textContent = "sending…";
  try {
    const f = form.elements;
    const proof = JSON.parse(f.proof.value || "[]");
    const ballotId = BigInt(f.ballotId.value);
    const receipt = await voting.castVote(ctx.votingSigned.contract, {
      ballotId,
      index: BigInt(f.index.value),
      weight: BigInt(f.weight.value),
      choice: BigInt(f.choice.value),
      proof,
    });
    status.className = "status ok";
    status.textContent = `vote counted in block ${receipt.blockNumber} (tx ${receipt.hash})`;
    section.dataset.state = "counted";
    $("#ballot input[name=ballotId]").value = String(ballotId);
    await renderBallot(ctx, ballotId);
  } catch (error) {
    status.className = "status error";
    status.textContent = `vote rejected: ${explain(error, ctx.votingSigned.contract)}`;
    section.dataset.state = "rejected";
  }
}

// -------------------------------------------------------------------------- vehicle

async function renderVehicle(ctx, vin, offset = 0) {
  const section = $("#vehicle");
  const registry = ctx.vehicle.contract;
  const limit = ctx.config.historyPageSize ?? 5;
  section.dataset.loaded = "false";
  try {
    const v = await vehicle.lookup(registry, vin);
    const records = await vehicle.historyPage(registry, v.tokenId, offset, limit);
    const last = Math.min(offset + records.length, v.recordCount);
    const prev = h("button", { type: "button", "data-testid": "history-prev" }, "‹ newer");
    const next = h("button", { type: "button", "data-testid": "history-next" }, "older ›");
    prev.disabled = offset === 0;
    next.disabled = offset + limit >= v.recordCount;
    prev.onclick = () => renderVehicle(ctx, vin, Math.max(0, offset - limit));
    next.onclick = () => renderVehicle(ctx, vin, offset + limit);
    show(
      section,
      h(
        "table",
        {},
        row("VIN", v.vin, "vehicle-vin"),
        row("Title owner", v.scrappedAt ? "scrapped" : v.owner, "vehicle-owner"),
        row("Registered", when(v.registeredAt), "vehicle-registered"),
        row("Highest mileage (km)", v.highestMileage, "vehicle-mileage"),
        row("Records", v.recordCount, "vehicle-record-count"),
        row("Owners so far", v.ownershipCount, "vehicle-ownership-count"),
      ),
      h("h3", {}, "History"),
      h(
        "table",
        { "data-testid": "history" },
        h(
          "tr",
          {},
          ["#", "Kind", "Time", "Mileage", "Severity", "Writer", "Corrects", "Corrected by"].map(
            (t) => h("th", {}, t),
          ),
        ),
        records.map((r) =>
          h(
            "tr",
            { "data-testid": "history-row" },
            h("td", { class: "num" }, r.id),
            h("td", {}, r.kind),
            h("td", {}, when(r.timestamp)),
            h("td", { class: "num" }, r.mileage || "-"),
            h("td", { class: "num" }, r.severity || "-"),
            h("td", { class: "mono" }, r.writer),
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
          `records ${records.length ? offset + 1 : 0}–${last} of ${v.recordCount}`,
        ),
        next,
      ),
    );
  } catch (error) {
    show(section, failed(error, registry));
  }
  section.dataset.loaded = "true";
}

// ----------------------------------------------------------------------------- main

async function main() {
  const status = $("[data-testid=app-status]");
  try {
    const config = await loadConfig();
    $("[data-testid=rpc]").textContent = config.rpc;
    $("[data-testid=records]").textContent = config.records;
    const provider = makeProvider(config);
    const network = await provider.getNetwork();
    const records = await fetchJson(config.records).catch(() => ({ services: {} }));
    let chainText = `chain id ${network.chainId}`;
    if (records.chain_id !== undefined && BigInt(records.chain_id) !== network.chainId) {
      chainText += ` (records are for chain ${records.chain_id}: stale)`;
      records.services = {};
    }
    $("[data-testid=chain]").textContent = chainText;
    const ctx = { config, provider, records };

    await renderNW(ctx);

    ctx.voting = await loadContract(ctx, voting.CONTRACT);
    if (ctx.voting) {
      $("#ballot").dataset.deployed = "true";
      $("#vote").dataset.deployed = "true";
      const signer = await devSigner(config, provider);
      $("[data-testid=account]").textContent = await signer.getAddress();
      ctx.votingSigned = await loadContract(ctx, voting.CONTRACT, signer);
      $("#ballot form").onsubmit = (e) => {
        e.preventDefault();
        renderBallot(ctx, BigInt(e.target.elements.ballotId.value));
      };
      $("#vote form").onsubmit = (e) => {
        e.preventDefault();
        submitVote(ctx, e.target);
      };
      show($("#ballot"), h("p", {}, "Enter a ballot id."));
    } else {
      $("[data-testid=account]").textContent = "- (no service to sign for)";
      notDeployed($("#ballot"), voting.CONTRACT);
      notDeployed($("#vote"), voting.CONTRACT);
    }

    ctx.vehicle = await loadContract(ctx, vehicle.CONTRACT);
    if (ctx.vehicle) {
      $("#vehicle").dataset.deployed = "true";
      $("#vehicle form").onsubmit = (e) => {
        e.preventDefault();
        renderVehicle(ctx, e.target.elements.vin.value.trim().toUpperCase());
      };
      show($("#vehicle"), h("p", {}, "Enter a VIN."));
    } else {
      notDeployed($("#vehicle"), vehicle.CONTRACT);
    }

    status.textContent = "ready";
    document.body.dataset.ready = "true";
  } catch (error) {
    status.className = "status error";
    status.textContent = `failed: ${explain(error)}`;
    document.body.dataset.ready = "error";
  }
}

main();
