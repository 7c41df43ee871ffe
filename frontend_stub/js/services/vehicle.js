// Vehicle registry (VehicleRegistry / IVehicleRegistry): every call the page makes to it.
export const CONTRACT = "VehicleRegistry";
export const RECORD_KIND = [
  "Registration",
  "Inspection",
  "Mileage",
  "Accident",
  "Repair",
  "OdometerReplacement",
  "Sale",
  "Scrap",
];

/** The vehicle summary for a VIN (throws the contract's error for an unknown VIN). */
export async function lookup(registry, vin) {
  const tokenId = await registry.tokenIdOf(vin);
  const info = await registry.vehicle(tokenId);
  return {
    tokenId,
    vin: info.vin,
    owner: info.owner,
    registeredAt: Number(info.registeredAt),
    scrappedAt: Number(info.scrappedAt),
    highestMileage: info.highestMileage,
    recordCount: Number(info.recordCount),
    ownershipCount: Number(info.ownershipCount),
    openSale: info.openSale,
  };
}

/** Records `offset+1 .. offset+limit` (1-based record ids) and who corrects each. */
export async function historyPage(registry, tokenId, offset, limit) {
  const [records, corrections] = await registry.vehicleHistory(tokenId, offset, limit);
  return records.map((r, i) => ({
    id: offset + i + 1,
    kind: RECORD_KIND[Number(r.kind)] ?? `#${r.kind}`,
    timestamp: Number(r.timestamp),
    writer: r.writer,
    mileage: r.mileage,
    severity: Number(r.severity),
    segment: Number(r.segment),
    reportHash: r.reportHash,
    corrects: Number(r.corrects),
    correctedBy: Number(corrections[i]),
  }));
}
