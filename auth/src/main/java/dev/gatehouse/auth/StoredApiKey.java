package dev.gatehouse.auth;

/**
 * An API key as a store keeps it: its description, a random salt and SHA-256(salt || secret).
 * Only authentication reads this.
 */
public record StoredApiKey(ApiKeyInfo info, byte[] salt, byte[] secretHash) {

    public StoredApiKey {
        salt = salt.clone();
        secretHash = secretHash.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] secretHash() {
        return secretHash.clone();
    }

    @Override
    public String toString() {
        return "StoredApiKey[info=" + info + ", salt=***, secretHash=***]";
    }
}
