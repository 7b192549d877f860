package dev.gatehouse.auth;

/**
 * A key just created. {@link #key()} is the only time the key exists outside its holder: it is not
 * stored and cannot be shown again.
 */
public record CreatedKey(ApiKeyInfo info, String key) {

    @Override
    public String toString() {
        return "CreatedKey[info=" + info + ", key=***]";
    }
}
