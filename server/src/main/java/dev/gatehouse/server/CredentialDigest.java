package dev.gatehouse.server;

import dev.gatehouse.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A SHA-256 of what one request presented, kind included, so a session can tell whether a later
 * request shows the very credential it was authenticated with without keeping the credential.
 * Compared in constant time; never printed.
 */
final class CredentialDigest {

    // MessageDigest.getInstance looks the provider up on every call; copying a fresh instance is cheaper.
    private static final MessageDigest SHA_256 = sha256();

    private final byte[] digest;

    private CredentialDigest(byte[] digest) {
        this.digest = digest;
    }

    static CredentialDigest of(Credentials credentials) {
        // The kind is part of the input: an API key and a bearer token with the same text differ.
        return switch (credentials) {
            case Credentials.ApiKey k -> hash('k', k.key());
            case Credentials.BearerToken t -> hash('b', t.token());
            case Credentials.None n -> hash('n', "");
        };
    }

    private static CredentialDigest hash(char kind, String secret) {
        var sha = fresh();
        sha.update((byte) kind);
        sha.update((byte) ':');
        sha.update(secret.getBytes(StandardCharsets.UTF_8));
        return new CredentialDigest(sha.digest());
    }

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ServerException("SHA-256 is not available", e);
        }
    }

    /** Constant-time: how much of a digest matches must not show in how long the answer takes. */
    boolean matches(CredentialDigest other) {
        return MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public String toString() {
        return "CredentialDigest[***]";
    }
}
