// Subcontract escrow (SubcontractEscrow / ISubcontractEscrow): every call the page makes.
export const CONTRACT = "SubcontractEscrow";

// The payee slots `account` holds in `token`'s projects: slots scheduled to it or moved to it
// (PayeeScheduled / PayeeChanged, both indexed by account), kept where it still holds them.
async function slotsOf(escrow, token, account) {
  const [scheduled, changed] = await Promise.all([
    escrow.queryFilter(escrow.filters.PayeeScheduled(null, null, null, account), 0),
    escrow.queryFilter(escrow.filters.PayeeChanged(null, null, null, null, account), 0),
  ]);
  const seen = new Map();
  for (const log of [...scheduled, ...changed]) {
    const [projectId, milestoneIndex] = log.args;
    const slot = { projectId, milestoneIndex, payeeIndex: log.args.payeeIndex };
    seen.set(`${projectId}/${milestoneIndex}/${slot.payeeIndex}`, slot);
  }
  const slots = [];
  for (const slot of seen.values()) {
    const [info, payees] = await Promise.all([
      escrow.project(slot.projectId),
      escrow.payees(slot.projectId, slot.milestoneIndex),
    ]);
    const held = payees[Number(slot.payeeIndex)];
    if (info.token.toLowerCase() !== token.toLowerCase()) continue;
    if (held.account.toLowerCase() !== account.toLowerCase()) continue;
    slots.push(slot);
  }
  return slots;
}

// What `account` can withdraw: its credit plus each of its slots' claimable waterfall part.
export async function position(escrow, token, account) {
  const [credit, owed, slots] = await Promise.all([
    escrow.creditOf(token, account),
    escrow.totalOwed(token),
    slotsOf(escrow, token, account),
  ]);
  const claims = await Promise.all(
    slots.map((s) => escrow.claimable(s.projectId, s.milestoneIndex, s.payeeIndex)),
  );
  const open = slots.filter((_, i) => claims[i] > 0n);
  const credited = claims.reduce((sum, c) => sum + c, credit);
  return { credited, credit, owed, slots: open };
}

// Withdraws every claimable slot part, then the credit; returns the last receipt.
export async function withdraw(escrow, token, account) {
  const p = await position(escrow, token, account);
  let receipt = null;
  for (const s of p.slots) {
    const tx = await escrow.withdrawPayment(s.projectId, s.milestoneIndex, s.payeeIndex);
    receipt = await tx.wait();
  }
  if (p.credit > 0n || receipt === null) {
    receipt = await (await escrow.withdraw(token, account)).wait();
  }
  return receipt;
}
