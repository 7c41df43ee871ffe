// Certificates (CertificateRegistry / ICertificateRegistry): every call the page makes.
export const CONTRACT = "CertificateRegistry";

export async function check(registry, id) {
  const [validity, view] = await Promise.all([
    registry.validityOf(id),
    registry.certificate(id),
  ]);
  return { validity: Number(validity), view };
}

export const verifyClaim = (registry, id, { key, value, salt, proof }) =>
  registry.verifyClaim(id, key, value, salt, proof ?? []);
