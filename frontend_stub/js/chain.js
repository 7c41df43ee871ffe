// Connection: page config, the read-only JSON-RPC provider, the wallet (EIP-1193), the
// deployment records and their chain, contracts from the kit's ABIs, error sentences.
import { ethers } from "../node_modules/ethers/dist/ethers.min.js";
import { abis, decodeRevert, fromRecord, networks } from "../kit/index.js";
import { lang, t } from "./i18n.js";

export { ethers };

export class PageError extends Error {}

export async function fetchJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Page config: `config.json` (or `?config=URL`), then query parameters override `rpc`,
 * `records` (a records JSON URL; else the kit's committed record of the node's chain) and
 * the dev flag `dev=1` with `account` (node account index) or `key` (dev private key). */
export async function loadConfig(search = window.location.search) {
  const params = new URLSearchParams(search);
  const config = await fetchJson(params.get("config") || "config.json");
  for (const key of ["rpc", "records", "electorates", "escrowToken"])
    if (params.has(key)) config[key] = params.get(key);
  config.dev = params.get("dev") === "1";
  if (params.has("account")) config.devAccount = Number(params.get("account"));
  if (params.has("key")) config.devPrivateKey = params.get("key");
  return config;
}

async function rpcCall(url, method, params = []) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

/** The node's chain id and genesis hash, or a PageError saying it cannot be reached. */
export async function probeNode(rpc) {
  try {
    const chainId = BigInt(await rpcCall(rpc, "eth_chainId"));
    const genesis = await rpcCall(rpc, "eth_getBlockByNumber", ["0x0", false]);
    return { chainId, genesisHash: genesis.hash.toLowerCase() };
  } catch {
    throw new PageError(t("unreachable", { rpc }));
  }
}

/** The records for the node: the `records` URL of the config, else the kit's committed
 * record with the node's genesis. A PageError when they belong to another chain. */
export async function loadRecords(config, node) {
  let records;
  if (config.records) {
    try {
      records = fromRecord(await fetchJson(config.records));
    } catch {
      throw new PageError(t("noRecords", { url: config.records }));
    }
  } else {
    records = Object.values(networks).find(
      (r) => String(r.genesisHash).toLowerCase() === node.genesisHash,
    );
    if (!records)
      throw new PageError(t("noRecords", { url: "kit/networks.js" }));
  }
  const sameChain =
    BigInt(records.chainId) === node.chainId &&
    String(records.genesisHash).toLowerCase() === node.genesisHash;
  if (!sameChain) {
    throw new PageError(
      t("wrongChain", {
        recordChain: records.chainId,
        recordGenesis: short(records.genesisHash),
        nodeChain: node.chainId,
        nodeGenesis: short(node.genesisHash),
      }),
    );
  }
  return records;
}

export function makeProvider(config, chainId) {
  const network = ethers.Network.from(Number(chainId));
  // cacheTimeout -1: ethers answers a repeated identical request from a 250 ms cache by
  // default, so a view re-read right after a transaction would show the state before it.
  const provider = new ethers.JsonRpcProvider(config.rpc, network, {
    staticNetwork: network,
    cacheTimeout: -1,
  });
  provider.pollingInterval = 250;
  return provider;
}

/** The wallet's signer through EIP-1193: asks for the accounts, then switches the wallet
 * to the records' chain. DEV ONLY (`dev=1`): a node account or a dev key instead. */
export async function connectWallet(config, provider, chainId) {
  if (config.dev) {
    if (config.devPrivateKey)
      return new ethers.Wallet(config.devPrivateKey, provider);
    return provider.getSigner(config.devAccount ?? 0);
  }
  const injected = window.ethereum;
  if (!injected) throw new PageError(t("noWallet"));
  await injected.request({ method: "eth_requestAccounts" });
  const want = `0x${BigInt(chainId).toString(16)}`;
  const have = await injected.request({ method: "eth_chainId" });
  if (BigInt(have) !== BigInt(chainId)) {
    try {
      await injected.request({
        method: "wallet_switchEthereumChain",
        params: [{ chainId: want }],
      });
    } catch {
      throw new PageError(
        t("walletWrongChain", { id: BigInt(have), want: BigInt(chainId) }),
      );
    }
  }
  return new ethers.BrowserProvider(injected).getSigner();
}

/** The contract named `name` from the records with the kit's ABI, or null. */
export function contractOf(records, name, runner) {
  const entry = records.contracts[name];
  if (!entry || !abis[name]) return null;
  return new ethers.Contract(entry.address, abis[name], runner);
}

export function short(hex) {
  const s = String(hex ?? "");
  return s.length > 14 ? `${s.slice(0, 6)}…${s.slice(-4)}` : s;
}

/** A sentence for a failed call: the custom error decoded by the kit, in the page's
 * language; else the wallet's or ethers' short message. */
export function explain(error, contractName) {
  let data = error?.data ?? error?.info?.error?.data ?? error?.error?.data;
  if (data && typeof data === "object") data = data.data;
  const decoded =
    typeof data === "string"
      ? decodeRevert(data, { contract: contractName, lang })
      : null;
  if (decoded) return decoded.message;
  if (error instanceof PageError) return error.message;
  return error?.shortMessage || error?.message || String(error);
}
