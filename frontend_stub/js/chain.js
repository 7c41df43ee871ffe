// Connection, page config and deployment records. ABIs are never hand-copied: each
// contract's ABI is fetched from the `abi/` folder the deploy script writes next to the
// records (deployments/abi/<ContractName>.json).
import { ethers } from "../node_modules/ethers/dist/ethers.min.js";

export { ethers };

export async function fetchJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Page config: `config.json` (or `?config=URL`), then query parameters override
 * `rpc`, `records`, `abi`, `account` (dev account index) and `key` (dev private key). */
export async function loadConfig(search = window.location.search) {
  const params = new URLSearchParams(search);
  const config = await fetchJson(params.get("config") || "config.json");
  if (params.has("rpc")) config.rpc = params.get("rpc");
  if (params.has("records")) config.records = params.get("records");
  if (params.has("abi")) config.abi = params.get("abi");
  if (params.has("account")) config.devAccount = Number(params.get("account"));
  if (params.has("key")) config.devPrivateKey = params.get("key");
  if (!config.abi) config.abi = new URL("abi/", new URL(config.records, window.location.href)).href;
  return config;
}

export function makeProvider(config) {
  const provider = new ethers.JsonRpcProvider(config.rpc);
  provider.pollingInterval = 250; // a local dev node mines at once
  return provider;
}

/** DEV ONLY: an unlocked account of the node (Anvil's accounts) or a private key of
 * Anvil's public default mnemonic given in the config. */
export async function devSigner(config, provider) {
  if (config.devPrivateKey) return new ethers.Wallet(config.devPrivateKey, provider);
  return provider.getSigner(config.devAccount ?? 0);
}

/** The record of the first deployed contract named `contractName`, in any service. */
export function findRecord(records, contractName) {
  for (const [service, contracts] of Object.entries(records?.services ?? {})) {
    for (const [key, record] of Object.entries(contracts)) {
      if (record.name === contractName) return { service, key, ...record };
    }
  }
  return null;
}

/** `{contract, record}` for a deployed contract, or `null` when the records do not name it
 * or its ABI is absent (the service is not deployed on this chain). */
export async function loadContract(ctx, contractName, runner) {
  const record = findRecord(ctx.records, contractName);
  if (!record) return null;
  let abi;
  try {
    abi = await fetchJson(new URL(`${contractName}.json`, ctx.config.abi).href);
  } catch {
    return null;
  }
  return { record, contract: new ethers.Contract(record.address, abi, runner ?? ctx.provider) };
}

/** A readable message for a failed call: the custom error and its arguments when the
 * contract's ABI knows it (a signer's gas estimate reverts without the ABI at hand, so the
 * revert data is decoded here with `contract.interface`), else ethers' short message. */
export function explain(error, contract) {
  let revert = error?.revert;
  const data = error?.data ?? error?.info?.error?.data;
  if (!revert && contract && typeof data === "string" && data.length >= 10) {
    try {
      revert = contract.interface.parseError(data);
    } catch {
      revert = null;
    }
  }
  if (revert) {
    const args = Array.from(revert.args ?? [])
      .map((a) => String(a))
      .join(", ");
    return `${revert.name}(${args})`;
  }
  return error?.shortMessage || error?.message || String(error);
}
