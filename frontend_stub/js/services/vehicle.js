// Vehicle registry (VehicleRegistry / IVehicleRegistry): every call the page makes to it.
export const CONTRACT = "VehicleRegistry";

/** The vehicle summary for a VIN (throws the contract's error for an unknown VIN). */
export async function lookup(registry, vin) {
  const tokenId = await registry.tokenIdOf(vin);
  const info = await registry.vehicle(tokenId);
  const openSale = BigInt(info.openSale);
  return {
    tokenId,
    vin: info.vin,
    owner: info.owner,
    registeredAt: Number(info.registeredAt),
    scrappedAt: Number(info.scrappedAt),
    highestMileage: info.highestMileage,
    recordCount: Number(info.recordCount),
    ownershipCount: Number(info.ownershipCount),
    openSale,
    sale: openSale ? await registry.sale(openSale) : null,
  };
}

/** Records `offset+1 .. offset+limit` (1-based record ids) and who corrects each. */
export async function historyPage(registry, tokenId, offset, limit) {
  const [records, corrections] = await registry.vehicleHistory(
    tokenId,
    offset,
    limit,
  );
  return records.map((r, i) => ({
    id: offset + i + 1,
    kind: Number(r.kind),
    timestamp: Number(r.timestamp),
    writer: r.writer,
    mileage: r.mileage,
    severity: Number(r.severity),
    segment: Number(r.segment),
    corrects: Number(r.corrects),
    correctedBy: Number(corrections[i]),
  }));
}

/** Odometer segments: for each, the highest reading recorded in it. */
export async function segments(registry, tokenId, count) {
  const [records] = await registry.vehicleHistory(tokenId, 0, count);
  const top = new Map();
  for (const r of records) {
    const s = Number(r.segment);
    const m = BigInt(r.mileage);
    if (!top.has(s) || m > top.get(s)) top.set(s, m);
  }
  return [...top]
    .sort((a, b) => a[0] - b[0])
    .map(([segment, highest]) => ({ segment, highest }));
}
