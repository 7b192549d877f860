package dev.gatehouse.plugins.trust;

/** What the signature check could establish about a plugin tree that it did not refuse. */
public enum SignatureStatus {
    /** The tree has no {@code plugin.sig}. */
    UNSIGNED,
    /** A trusted key of the manifest's publisher signed the tree's digest. */
    VERIFIED,
    /** Signed, but by no key the operator trusts, and the manifest's publisher has no trusted keys. */
    UNVERIFIABLE
}
