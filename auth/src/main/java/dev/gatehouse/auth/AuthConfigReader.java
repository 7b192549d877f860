package dev.gatehouse.auth;

import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code auth:} section, reporting every problem on its node. */
final class AuthConfigReader {

    static final Set<String> ASYMMETRIC =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    static final Set<String> SYMMETRIC = Set.of("HS256", "HS384", "HS512");

    private static final List<String> KEY_SOURCES = List.of("jwks_url", "public_key_file", "hs256_secret_file");
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x20-\\x7E]{1,256}");

    private AuthConfigReader() {}

    static AuthConfig read(Optional<ConfigNode> node) {
        var defaults = AuthConfig.defaults();
        var map = node.flatMap(ConfigNode::asMap);
        if (map.isEmpty()) {
            return defaults;
        }
        var auth = map.get();
        auth.allowOnly("anonymous", "jwt", "introspection");
        var anonymous =
                auth.optionalMap("anonymous").map(AuthConfigReader::anonymous).orElse(defaults.anonymous());
        var jwt = auth.optionalMap("jwt").flatMap(AuthConfigReader::jwt);
        var introspection = auth.optionalMap("introspection").flatMap(AuthConfigReader::introspection);
        return new AuthConfig(anonymous, jwt, introspection);
    }

    private static AuthConfig.Anonymous anonymous(ConfigMap m) {
        m.allowOnly("enabled", "scopes");
        boolean enabled = m.optionalBool("enabled").orElse(false);
        var scopes = new LinkedHashSet<String>();
        m.optionalList("scopes")
                .ifPresent(list -> list.items().forEach(item -> item.asString().ifPresent(s -> {
                    if (Scopes.isGrantable(s)) {
                        scopes.add(s);
                    } else {
                        item.problem("scope " + ConfigNode.quote(s) + " is not of the form namespace:permission");
                    }
                })));
        return new AuthConfig.Anonymous(enabled, scopes);
    }

    private static Optional<AuthConfig.Jwt> jwt(ConfigMap m) {
        m.allowOnly(
                "issuer",
                "audience",
                "jwks_url",
                "public_key_file",
                "hs256_secret_file",
                "algorithms",
                "clock_skew",
                "scope_claim",
                "attribute_claims");
        var issuer = nonBlank(m, "issuer");
        var audiences = audiences(m);
        var keys = keySource(m);
        var algorithms = keys.flatMap(k -> algorithms(m, k));
        var skew = m.optional("clock_skew").flatMap(n -> bounded(n, AuthConfig.MAX_CLOCK_SKEW));
        if (m.has("clock_skew") && skew.isEmpty()) {
            return Optional.empty();
        }
        var scopeClaim = m.optional("scope_claim").flatMap(AuthConfigReader::claimName);
        var attributes = new ArrayList<String>();
        m.optionalList("attribute_claims")
                .ifPresent(l -> l.items().forEach(i -> claimName(i).ifPresent(attributes::add)));
        if (issuer.isEmpty() || audiences.isEmpty() || keys.isEmpty() || algorithms.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AuthConfig.Jwt(
                issuer.get(),
                audiences.get(),
                keys.get(),
                algorithms.get(),
                skew.orElse(AuthConfig.DEFAULT_CLOCK_SKEW),
                scopeClaim,
                attributes));
    }

    /** One audience as a string, or several as a list. */
    private static Optional<Set<String>> audiences(ConfigMap m) {
        var node = m.required("audience");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        // ConfigNode reports any kind it was not asked for, so peek at the shape through its JSON.
        boolean isList =
                node.get().asCanonicalJson().map(j -> j.startsWith("[")).orElse(false);
        var values = new LinkedHashSet<String>();
        if (isList) {
            node.get().asList().ifPresent(l -> values.addAll(l.strings()));
        } else {
            node.get().asString().ifPresent(values::add);
        }
        if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
            node.get().problem("audience must name at least one non-blank audience");
            return Optional.empty();
        }
        return Optional.of(values);
    }

    private static Optional<AuthConfig.KeySource> keySource(ConfigMap m) {
        var present = KEY_SOURCES.stream().filter(m::has).toList();
        if (present.size() != 1) {
            m.node()
                    .problem("jwt needs exactly one of jwks_url, public_key_file or hs256_secret_file"
                            + (present.isEmpty() ? "" : "; found " + String.join(", ", present)));
            return Optional.empty();
        }
        var key = present.getFirst();
        var node = m.optional(key).orElseThrow();
        return switch (key) {
            case "jwks_url" -> httpUrl(node).map(AuthConfig.KeySource.JwksUrl::new);
            case "public_key_file" -> absolutePath(node).map(AuthConfig.KeySource.PublicKeyFile::new);
            default -> absolutePath(node).map(AuthConfig.KeySource.Hs256SecretFile::new);
        };
    }

    private static Optional<Set<String>> algorithms(ConfigMap m, AuthConfig.KeySource keys) {
        var family = keys.symmetric() ? SYMMETRIC : ASYMMETRIC;
        var node = m.optionalList("algorithms");
        if (node.isEmpty()) {
            if (m.has("algorithms")) {
                return Optional.empty();
            }
            return Optional.of(keys.symmetric() ? Set.of("HS256") : Set.of("RS256", "ES256"));
        }
        var result = new LinkedHashSet<String>();
        boolean ok = !node.get().isEmpty();
        if (!ok) {
            node.get().node().problem("algorithms must name at least one algorithm");
        }
        for (var item : node.get().items()) {
            var name = item.asString();
            if (name.isEmpty()) {
                ok = false;
            } else if (family.contains(name.get())) {
                result.add(name.get());
            } else {
                ok = false;
                item.problem(refusal(name.get(), keys.symmetric()));
            }
        }
        return ok ? Optional.of(result) : Optional.empty();
    }

    private static String refusal(String alg, boolean symmetric) {
        if (alg.equalsIgnoreCase("none")) {
            return "algorithm 'none' means unsigned tokens and is never accepted";
        }
        if (symmetric && ASYMMETRIC.contains(alg)) {
            return "algorithm " + ConfigNode.quote(alg) + " needs public keys; hs256_secret_file allows HS256, HS384"
                    + " or HS512";
        }
        if (!symmetric && SYMMETRIC.contains(alg)) {
            return "algorithm " + ConfigNode.quote(alg) + " is an HMAC algorithm; with public keys it would let anyone"
                    + " holding the public key sign tokens";
        }
        return "unknown algorithm " + ConfigNode.quote(alg) + "; use one of "
                + String.join(", ", new java.util.TreeSet<>(symmetric ? SYMMETRIC : ASYMMETRIC));
    }

    private static Optional<AuthConfig.Introspection> introspection(ConfigMap m) {
        m.allowOnly("endpoint", "client_id", "client_secret_file", "cache_ttl", "issuer");
        var endpoint = m.required("endpoint").flatMap(AuthConfigReader::httpUrl);
        var clientId = m.required("client_id")
                .flatMap(n -> n.checked(
                        n.asString(),
                        s -> CLIENT_ID.matcher(s).matches(),
                        "client_id must be 1 to 256 printable characters"));
        var secretFile = m.required("client_secret_file").flatMap(AuthConfigReader::absolutePath);
        var ttl = m.optional("cache_ttl").flatMap(n -> bounded(n, AuthConfig.MAX_CACHE_TTL));
        var issuer = m.has("issuer") ? nonBlank(m, "issuer") : Optional.<String>empty();
        if (endpoint.isEmpty()
                || clientId.isEmpty()
                || secretFile.isEmpty()
                || (m.has("cache_ttl") && ttl.isEmpty())
                || (m.has("issuer") && issuer.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new AuthConfig.Introspection(
                endpoint.get(), clientId.get(), secretFile.get(), ttl.orElse(AuthConfig.DEFAULT_CACHE_TTL), issuer));
    }

    private static Optional<String> nonBlank(ConfigMap m, String key) {
        return m.required(key)
                .flatMap(n -> n.checked(
                        n.asString(),
                        s -> !s.isBlank() && s.length() <= 1024,
                        key + " must be non-blank and at most 1024 characters"));
    }

    private static Optional<Duration> bounded(ConfigNode node, Duration max) {
        return node.checked(node.asDuration(), d -> d.compareTo(max) <= 0, "at most " + Durations.format(max));
    }

    private static Optional<String> claimName(ConfigNode node) {
        return node.asString().filter(s -> {
            boolean ok = CLAIM.matcher(s).matches();
            if (!ok) {
                node.problem("claim name " + ConfigNode.quote(s) + " must match [A-Za-z0-9_.:/-]{1,64}");
            }
            return ok;
        });
    }

    /** HTTPS, or plain HTTP to a loopback address (a local identity provider, or a test). */
    static Optional<URI> httpUrl(ConfigNode node) {
        return node.asString().flatMap(text -> {
            try {
                var uri = new URI(text);
                var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                    node.problem("expected an https:// URL with a host and no user info or fragment");
                    return Optional.empty();
                }
                if (scheme.equals("https") || (scheme.equals("http") && Loopback.isLoopbackHost(uri.getHost()))) {
                    return Optional.of(uri);
                }
                node.problem("must be https:// (plain http:// only to a loopback address)");
                return Optional.empty();
            } catch (URISyntaxException e) {
                node.problem("not a valid URL");
                return Optional.empty();
            }
        });
    }

    private static Optional<Path> absolutePath(ConfigNode node) {
        return node.asString().flatMap(text -> {
            try {
                var path = Path.of(text);
                if (path.isAbsolute()) {
                    return Optional.of(path.normalize());
                }
                node.problem("must be an absolute path");
            } catch (InvalidPathException e) {
                node.problem("not a valid path");
            }
            return Optional.empty();
        });
    }
}
