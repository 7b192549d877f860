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
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update((byte) kind);
            sha.update((byte) ':');
            sha.update(secret.getBytes(StandardCharsets.UTF_8));
            return new CredentialDigest(sha.digest());
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
