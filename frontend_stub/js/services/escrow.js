// Subcontract escrow (SubcontractEscrow / ISubcontractEscrow): every call the page makes.
export const CONTRACT = "SubcontractEscrow";

export async function position(escrow, token, account) {
  const [credited, owed] = await Promise.all([
    escrow.creditOf(token, account),
    escrow.totalOwed(token),
  ]);
  return { credited, owed };
}

export async function withdraw(escrow, token, account) {
  return (await escrow.withdraw(token, account)).wait();
}
