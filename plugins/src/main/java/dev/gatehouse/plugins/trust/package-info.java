/**
 * Plugin provenance: which publishers' keys the operator trusts ({@link
 * dev.gatehouse.plugins.trust.TrustStore}) and what a tree's {@code plugin.sig} proves ({@link
 * dev.gatehouse.plugins.trust.SignatureVerifier}).
 *
 * <p>A publisher signs the tree digest string ({@code sha256:<64 hex>}, no newline) either with
 * {@code ssh-keygen -Y sign -n gatehouse-plugin} and an ssh-ed25519 key, or with any Ed25519 key,
 * shipping one line of base64. The verifier accepts a signature only under the name its key is
 * trusted for: a valid signature by publisher B's key on a manifest that says A is refused, so a
 * trusted key cannot lend its reputation to another name. Only Ed25519 is accepted, everywhere.
 */
package dev.gatehouse.plugins.trust;
