// Vehicle registry (VehicleRegistry / IVehicleRegistry): every call the page makes to it.
// The records live in RecordAppended logs chained by hash; the page rebuilds the history
// from them and checks it against the head the contract stores (`vehicle(tokenId).head`).
// A sale stores only the hash of its terms: the page reads the terms from the sale's
// SaleListed log and checks them against `sale(saleId).termsHash`.
import { ethers } from "../chain.js";

export const CONTRACT = "VehicleRegistry";

const coder = ethers.AbiCoder.defaultAbiCoder();
const ZERO_HEAD = "0x" + "00".repeat(28);
const SCRAP = 7; // IVehicleRegistry.RecordKind.Scrap

/** keccak256(abi.encode(tokenId, recordId, record)) as the contract hashes a record. */
export function recordLeaf(tokenId, id, r) {
  return ethers.keccak256(
    coder.encode(
      [
        "uint256",
        "uint256",
        "address",
        "uint40",
        "uint8",
        "uint8",
        "uint32",
        "uint8",
        "bytes32",
        "uint32",
      ],
      [
        tokenId,
        id,
        r.writer,
        r.timestamp,
        r.kind,
        r.severity,
        r.mileage,
        r.segment,
        r.reportHash,
        r.corrects,
      ],
    ),
  );
}

/** bytes28(keccak256(abi.encode(prevHead, leaf))): the head after one more record. */
export function nextHead(prev, leaf) {
  return ethers.dataSlice(
    ethers.keccak256(coder.encode(["bytes28", "bytes32"], [prev, leaf])),
    0,
    28,
  );
}

/** All records of `tokenId` from its logs, with who corrects each; throws if the chain
 * does not link up to `head` (a history that is incomplete or altered). Each log carries
 * only its own head: the head before it is the previous log's. */
export async function history(registry, tokenId, head) {
  const logs = await registry.queryFilter(
    registry.filters.RecordAppended(tokenId),
    0,
  );
  let h = ZERO_HEAD;
  const records = logs.map((log, i) => {
    const a = log.args;
    const r = {
      id: i + 1,
      kind: Number(a.kind),
      timestamp: Number(a.timestamp),
      writer: a.writer,
      mileage: a.mileage,
      severity: Number(a.severity),
      segment: Number(a.segment),
      reportHash: a.reportHash,
      corrects: Number(a.corrects),
      correctedBy: 0,
    };
    if (Number(a.recordId) !== r.id)
      throw new Error(`history chain broken at record ${r.id}`);
    h = nextHead(h, recordLeaf(tokenId, r.id, r));
    if (h !== a.head) throw new Error(`history chain broken at record ${r.id}`);
    return r;
  });
  if (h !== head)
    throw new Error(`history chain broken at record ${records.length}`);
  for (const r of records)
    if (r.corrects) records[r.corrects - 1].correctedBy = r.id;
  return records;
}

const TERMS_TYPE =
  "tuple(uint256 tokenId, address token, uint96 price, address buyer, uint40 expiresAt, bytes32 contractHash, address dealer)";

/** keccak256(abi.encode(terms)): the hash a listing stores (`saleTermsHash`). */
export function termsHash(terms) {
  return ethers.keccak256(coder.encode([TERMS_TYPE], [terms]));
}

/** Sale `saleId`: its terms from its SaleListed log (checked against the stored hash; the
 * argument `fund`, `acknowledge`, `complete` and `cancel` take) and its stored state. */
export async function saleOf(registry, saleId) {
  const state = await registry.sale(saleId);
  const [listed] = await registry.queryFilter(
    registry.filters.SaleListed(saleId),
    0,
  );
  if (!listed) throw new Error(`sale ${saleId}: no SaleListed log`);
  const t = listed.args.terms;
  const terms = {
    tokenId: t.tokenId,
    token: t.token,
    price: t.price,
    buyer: t.buyer,
    expiresAt: t.expiresAt,
    contractHash: t.contractHash,
    dealer: t.dealer,
  };
  if (termsHash(terms) !== state.termsHash)
    throw new Error(`sale ${saleId}: logged terms do not match the stored hash`);
  return {
    terms,
    status: state.status,
    buyer: state.buyer,
    acknowledged: state.acknowledged,
    price: terms.price,
    expiresAt: terms.expiresAt,
  };
}

/** The vehicle summary for a VIN and its verified history (throws the contract's error
 * for an unknown VIN). */
export async function lookup(registry, vin) {
  const tokenId = await registry.tokenIdOf(vin);
  const info = await registry.vehicle(tokenId);
  const records = await history(registry, tokenId, info.head);
  const transfers = await registry.queryFilter(
    registry.filters.Transfer(null, null, tokenId),
    0,
  );
  const scrap = records.find((r) => r.kind === SCRAP);
  const openSale = BigInt(info.openSale);
  return {
    tokenId,
    vin,
    owner: info.owner,
    registeredAt: records[0].timestamp,
    scrappedAt: scrap ? scrap.timestamp : 0,
    highestMileage: info.highestMileage,
    recordCount: Number(info.recordCount),
    ownershipCount: transfers.length,
    openSale,
    sale: openSale ? await saleOf(registry, openSale) : null,
    records,
  };
}

/** Records `offset+1 .. offset+limit` (1-based record ids) of a verified history. */
export function historyPage(records, offset, limit) {
  return records.slice(offset, offset + limit);
}

/** Odometer segments: for each, the highest reading recorded in it. */
export function segments(records) {
  const top = new Map();
  for (const r of records) {
    const s = r.segment;
    const m = BigInt(r.mileage);
    if (!top.has(s) || m > top.get(s)) top.set(s, m);
  }
  return [...top]
    .sort((a, b) => a[0] - b[0])
    .map(([segment, highest]) => ({ segment, highest }));
}
