package dev.gatehouse.host.operator;

import dev.gatehouse.api.operator.KeyViews;
import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.api.operator.OperatorException;
import dev.gatehouse.auth.ApiKeyException;
import dev.gatehouse.auth.ApiKeyInfo;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.config.KeySuggestion;
import dev.gatehouse.host.KnownScopes;
import dev.gatehouse.storage.Database;
import dev.gatehouse.storage.StorageException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;

/** API keys in the home's database: a key's text is returned once, at creation, and never kept. */
final class OperatorKeys implements Operator.Keys {

    private final HostOperator operator;

    OperatorKeys(HostOperator operator) {
        this.operator = operator;
    }

    private <T> T withStore(Function<ApiKeyStore, T> action) {
        operator.config();
        try (var db = Database.open(operator.home().database());
                var store = ApiKeyStore.sqlite(db, operator.clock(), new SecureRandom())) {
            return action.apply(store);
        } catch (StorageException e) {
            throw new OperatorException(OperatorException.Kind.FAILED, e.getMessage(), e);
        }
    }

    @Override
    public KeyViews.Created create(
            String name, Set<String> scopes, Optional<Instant> expiresAt, boolean allowUnknownScopes) {
        if (scopes.isEmpty()) {
            throw new OperatorException(
                    OperatorException.Kind.INVALID, "--scopes names no scope; a key without scopes can call nothing");
        }
        if (!allowUnknownScopes) {
            refuseUnknown(scopes, KnownScopes.of(operator.home(), operator.config(), operator.clock()));
        }
        var created = withStore(store -> {
            try {
                return store.create(name, scopes, expiresAt);
            } catch (ApiKeyException e) {
                throw new OperatorException(
                        e.problem() == ApiKeyException.Problem.DUPLICATE_NAME
                                ? OperatorException.Kind.FAILED
                                : OperatorException.Kind.INVALID,
                        e.getMessage(),
                        e);
            }
        });
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", name);
        fields.put("key_id", created.info().keyId());
        fields.put("scopes", List.copyOf(created.info().scopes()));
        created.info().expiresAt().ifPresent(e -> fields.put("expires", e.toString()));
        operator.record("keys.created", fields);
        return new KeyViews.Created(
                created.key(), view(created.info(), operator.clock().instant()));
    }

    /** Each scope must mean something here; a typo is named with the nearest known scope. */
    private static void refuseUnknown(Set<String> asked, SortedSet<String> known) {
        for (var scope : asked) {
            if (known.contains(scope) || !scope.contains(":")) {
                // Known; or not a scope at all, which the key store refuses with the format.
                continue;
            }
            var nearest = KeySuggestion.nearest(scope, known)
                    .map(n -> " (did you mean '" + n + "'?)")
                    .orElse("");
            throw new OperatorException(
                    OperatorException.Kind.INVALID,
                    "no installed plugin, builtin or scopes.hierarchy uses the scope '" + scope + "'" + nearest
                            + "; known scopes: " + String.join(", ", known)
                            + ". For a plugin not installed yet, add --unknown-scopes");
        }
    }

    @Override
    public List<KeyViews.Key> list() {
        var now = operator.clock().instant();
        return withStore(ApiKeyStore::list).stream().map(k -> view(k, now)).toList();
    }

    @Override
    public boolean revoke(String name) {
        boolean revoked = withStore(store -> store.revoke(name));
        if (revoked) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("name", name);
            operator.record("keys.revoked", fields);
        }
        return revoked;
    }

    private static KeyViews.Key view(ApiKeyInfo k, Instant now) {
        return new KeyViews.Key(
                k.name(),
                k.keyId(),
                List.copyOf(k.scopes()),
                k.revoked() ? "revoked" : k.expiredAt(now) ? "expired" : "active",
                k.createdAt(),
                k.expiresAt(),
                k.lastUsedAt(),
                k.revokedAt());
    }
}
